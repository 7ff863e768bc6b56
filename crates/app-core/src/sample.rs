//! The sample workspace: a realistic team network and pipeline a new user can explore, loaded
//! through the engine and removed cleanly; and the first step of a real workspace (the rep).

use chrono::{Days, Duration, NaiveDate};
use intrograph_engine::model::{PersonId, RelationshipKind, Strength, Target, TouchKind};
use intrograph_engine::pipeline::{Clock, Move, NewRequest, Stage};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::relationships::RelationshipInput;
use intrograph_engine::store::touches::TouchInput;
use intrograph_engine::store::{self, people, relationships, removal, reps, requests, targets, touches};
use intrograph_engine::{Error, Result};

use crate::views::sample::WorkspaceContents;
use crate::workspace::Workspace;

/// The `source` of every sample record; clearing the sample removes exactly these.
pub const SOURCE: &str = removal::SAMPLE_SOURCE;

/// The sample's rep.
pub const REP_NAME: &str = "Maya Okafor";
/// A sample target two introductions away from the rep.
pub const TWO_HOP_TARGET: &str = "Priya Raman";

/// (name, title, organisation, tags, notes)
const PEOPLE: &[(&str, &str, &str, &str, &str)] = &[
    (REP_NAME, "Account Executive", "Brightline Software", "", "That's you in the sample."),
    (
        "Daniel Cho",
        "Director of Finance",
        "Harbor Freight Partners",
        "former colleague",
        "Worked together at Brightline 2017-2021.",
    ),
    (
        TWO_HOP_TARGET,
        "VP Operations",
        "Northwind Logistics",
        "target",
        "Owns the warehouse automation budget.",
    ),
    ("Elena Petrova", "CFO", "Northwind Logistics", "", ""),
    ("Marcus Webb", "Head of Procurement", "Globex Retail", "target", ""),
    ("Sofia Alvarez", "Customer Success Lead", "Brightline Software", "colleague", ""),
    ("Tom Becker", "Founder", "Becker Advisory", "advisor", "Advises three logistics CEOs."),
    ("Aisha Khan", "COO", "Acme Health", "client", "Happy customer since 2022."),
    ("Liam O'Connor", "IT Director", "Globex Retail", "", ""),
    ("Hannah Schmidt", "Partner", "Vantage Capital", "investor", ""),
    ("Ravi Menon", "VP Engineering", "Initech", "client", "Lapsed: renewal missed in 2025."),
    ("Grace Liu", "Chief Supply Chain Officer", "Vandelay Industries", "target", ""),
    ("Noah Fischer", "Operations Manager", "Northwind Logistics", "", ""),
    ("Chloe Martin", "Sales Director", "Brightline Software", "colleague", ""),
    ("Omar Haddad", "Board Member", "Vandelay Industries", "", ""),
    ("Julia Rossi", "Consultant", "Rossi & Partners", "", ""),
];

/// (a, b, kind, strength, verified, days since last contact)
type SampleRelationship = (&'static str, &'static str, RelationshipKind, u8, bool, Option<u64>);

const RELATIONSHIPS: &[SampleRelationship] = &[
    (REP_NAME, "Daniel Cho", RelationshipKind::FormerColleague, 5, true, Some(12)),
    ("Daniel Cho", TWO_HOP_TARGET, RelationshipKind::Friend, 4, true, Some(30)),
    (REP_NAME, "Sofia Alvarez", RelationshipKind::Colleague, 4, true, Some(2)),
    (REP_NAME, "Chloe Martin", RelationshipKind::Colleague, 4, true, Some(1)),
    (REP_NAME, "Tom Becker", RelationshipKind::Friend, 3, false, Some(90)),
    ("Tom Becker", TWO_HOP_TARGET, RelationshipKind::LinkedinConnection, 2, false, None),
    ("Tom Becker", "Elena Petrova", RelationshipKind::Board, 4, true, Some(45)),
    (REP_NAME, "Aisha Khan", RelationshipKind::Client, 5, true, Some(20)),
    ("Aisha Khan", "Marcus Webb", RelationshipKind::FormerColleague, 4, false, Some(200)),
    ("Sofia Alvarez", "Liam O'Connor", RelationshipKind::Friend, 3, true, Some(60)),
    ("Liam O'Connor", "Marcus Webb", RelationshipKind::Colleague, 4, false, Some(10)),
    (REP_NAME, "Hannah Schmidt", RelationshipKind::Investor, 3, true, Some(120)),
    ("Hannah Schmidt", "Omar Haddad", RelationshipKind::Board, 4, true, Some(30)),
    ("Omar Haddad", "Grace Liu", RelationshipKind::Board, 5, true, Some(14)),
    (REP_NAME, "Ravi Menon", RelationshipKind::Client, 3, true, Some(400)),
    ("Elena Petrova", TWO_HOP_TARGET, RelationshipKind::Colleague, 4, true, Some(5)),
    ("Noah Fischer", TWO_HOP_TARGET, RelationshipKind::Colleague, 3, false, Some(3)),
    ("Chloe Martin", "Julia Rossi", RelationshipKind::Classmate, 2, false, Some(700)),
    ("Julia Rossi", "Noah Fischer", RelationshipKind::Partner, 3, false, Some(40)),
];

/// What the workspace holds.
pub fn contents(workspace: &Workspace) -> Result<WorkspaceContents> {
    let store = workspace.store()?;
    let conn = store.conn();
    Ok(WorkspaceContents {
        people: people::count(conn)? as u32,
        sample_people: removal::count_sample(conn)? as u32,
        has_rep: reps::count(conn)? > 0,
    })
}

fn id_of(ids: &[(String, PersonId)], name: &str) -> PersonId {
    ids.iter().find(|(n, _)| n == name).map(|(_, id)| *id).expect("a sample name")
}

/// Loads the sample network and pipeline. Refused when the workspace already has people.
pub fn load(workspace: &Workspace) -> Result<WorkspaceContents> {
    {
        let mut store = workspace.store()?;
        if people::count(store.conn())? > 0 {
            return Err(Error::Conflict(
                "the sample loads only into an empty workspace; this one already has people".into(),
            ));
        }
        let clock = Clock::system();
        let today = clock.today();
        let ago = |days: u64| today.checked_sub_days(Days::new(days));
        let (rep, ids) = store.write(|tx| {
            let mut ids = Vec::new();
            for (name, title, org, tags, notes) in PEOPLE {
                let input = PersonInput {
                    full_name: (*name).into(),
                    title: (*title).into(),
                    organisation: Some((*org).into()),
                    tags: tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(Into::into).collect(),
                    notes: (*notes).into(),
                    source: SOURCE.into(),
                    emails: vec![format!(
                        "{}@{}.example",
                        name.to_lowercase().replace([' ', '\''], "."),
                        org.split_whitespace().next().unwrap_or("mail").to_lowercase()
                    )],
                    ..PersonInput::default()
                };
                ids.push((name.to_string(), people::add(tx, &input)?.id));
            }
            let rep = reps::add(tx, id_of(&ids, REP_NAME))?;
            reps::set_current_rep(tx, rep.id)?;
            for (a, b, kind, strength, verified, days) in RELATIONSHIPS {
                let mut input =
                    RelationshipInput::new(id_of(&ids, a), id_of(&ids, b), *kind, Strength::new(*strength)?);
                input.verified_at = verified.then(|| store::now() - Duration::days(20));
                input.last_contact = days.and_then(ago);
                input.source = SOURCE.into();
                relationships::add(tx, &input)?;
            }
            for (name, kind, days, notes) in [
                ("Daniel Cho", TouchKind::Call, 12, "Caught up about his new role."),
                ("Aisha Khan", TouchKind::Meeting, 20, "Quarterly review; she offered to help."),
                ("Sofia Alvarez", TouchKind::Message, 2, ""),
            ] {
                touches::log(
                    tx,
                    &TouchInput {
                        person_id: id_of(&ids, name),
                        kind,
                        date: ago(days).unwrap_or(today),
                        notes: notes.into(),
                        rep_id: Some(rep.id),
                    },
                )?;
            }
            for name in [TWO_HOP_TARGET, "Marcus Webb", "Grace Liu"] {
                targets::add(tx, rep.id, Target::Person(id_of(&ids, name)))?;
            }
            Ok((rep, ids))
        })?;
        let me = id_of(&ids, REP_NAME);
        let pipeline = [
            (
                "Marcus Webb",
                "Aisha Khan",
                "they are consolidating suppliers this year",
                &[Stage::Asked][..],
                1,
            ),
            (
                "Grace Liu",
                "Hannah Schmidt",
                "Vandelay is rebuilding its supply-chain planning",
                &[Stage::Asked, Stage::Accepted, Stage::Introduced, Stage::Meeting][..],
                0,
            ),
            ("Elena Petrova", "Tom Becker", "finance signs off automation spend", &[][..], 0),
        ];
        for (target, source, reason, stages, overdue_days) in pipeline {
            let (t, s) = (id_of(&ids, target), id_of(&ids, source));
            let mut path = vec![me, s, t];
            if target == "Grace Liu" {
                path = vec![me, s, id_of(&ids, "Omar Haddad"), t];
            }
            let request = requests::create(
                &mut store,
                NewRequest {
                    rep_id: Some(rep.id),
                    target_id: Some(t),
                    source_id: Some(s),
                    path,
                    reason: reason.into(),
                    offer: "We cut pick errors by a third at Acme Health.".into(),
                    message: None,
                },
                &clock,
            )?;
            for stage in stages {
                requests::move_to(&mut store, request.id, &Move::to(*stage), &clock)?;
            }
            if overdue_days > 0 {
                let due: Option<NaiveDate> = ago(overdue_days);
                requests::set_follow_up(&mut store, request.id, due, &clock)?;
            }
        }
    }
    workspace.forget_network();
    contents(workspace)
}

/// Removes every sample record.
pub fn clear(workspace: &Workspace) -> Result<WorkspaceContents> {
    workspace.store()?.write(|tx| removal::remove_by_source(tx, SOURCE))?;
    workspace.forget_network();
    contents(workspace)
}

/// Makes the user the workspace's rep: a new person, the current rep.
pub fn start(workspace: &Workspace, full_name: &str) -> Result<WorkspaceContents> {
    {
        let mut store = workspace.store()?;
        let mut input = PersonInput::named(full_name);
        input.source = "manual".into();
        store.write(|tx| {
            let rep = reps::add_new(tx, &input)?;
            reps::set_current_rep(tx, rep.id).map(drop)
        })?;
    }
    workspace.forget_network();
    contents(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::pipeline::RequestFilter;

    #[test]
    fn the_sample_loads_a_network_and_pipeline_and_clears_without_a_trace() {
        let workspace = Workspace::in_memory();
        let loaded = load(&workspace).unwrap();
        assert_eq!(loaded, WorkspaceContents { people: 16, sample_people: 16, has_rep: true });
        {
            let store = workspace.store().unwrap();
            assert_eq!(requests::list(&store, &RequestFilter::default()).unwrap().len(), 3);
            assert_eq!(relationships::count(store.conn()).unwrap(), RELATIONSHIPS.len() as u64);
        }
        let again = load(&workspace).unwrap_err();
        assert_eq!(again.code(), "Conflict");

        let cleared = clear(&workspace).unwrap();
        assert_eq!(cleared, WorkspaceContents { people: 0, sample_people: 0, has_rep: false });
        let store = workspace.store().unwrap();
        assert_eq!(relationships::count(store.conn()).unwrap(), 0);
        assert_eq!(store::organisations::count(store.conn()).unwrap(), 0);
    }

    #[test]
    fn clearing_the_sample_keeps_real_people() {
        let workspace = Workspace::in_memory();
        load(&workspace).unwrap();
        workspace.store().unwrap().write(|tx| people::add(tx, &PersonInput::named("Real Contact"))).unwrap();
        assert_eq!(clear(&workspace).unwrap().people, 1);
    }

    #[test]
    fn starting_a_workspace_makes_the_user_its_rep() {
        let workspace = Workspace::in_memory();
        let started = start(&workspace, "Rita Rep").unwrap();
        assert_eq!(started, WorkspaceContents { people: 1, sample_people: 0, has_rep: true });
        assert!(start(&workspace, "  ").is_err());
    }
}
