//! `intrograph` commands for the network: people, organisations, relationships,
//! touches, reps and the status line (imports live in `interchange`).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;

use intrograph_app_core::people;
use intrograph_app_core::views::people::{
    Merged, OrganisationRecord, PersonLine, PersonRecord, RepAdded, Status,
};
use intrograph_engine::model::{
    Organisation, Person, Relationship, RelationshipKind, Strength, Touch, TouchKind, Visibility,
};
use intrograph_engine::store::organisations::{OrganisationInput, OrganisationPatch};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::relationships::RelationshipPatch;
use intrograph_engine::store::Page;
use intrograph_engine::Result;

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Add, list, show, edit, remove and search people.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Add, list, show, edit, remove and search organisations.
    #[command(subcommand, name = "org")]
    Org(OrgCmd),
    /// Relationships between two people: add, edit, verify, remove, list.
    #[command(subcommand, name = "rel")]
    Rel(RelCmd),
    /// Log and list touches (calls, emails, meetings, ...).
    #[command(subcommand)]
    Touch(TouchCmd),
    /// The reps of the workspace, and which one you are.
    #[command(subcommand)]
    Rep(RepCmd),
    /// Counts of people, organisations and relationships, and the current rep.
    Status,
}

// ---------------------------------------------------------------- people

#[derive(Subcommand)]
pub enum PersonCmd {
    /// Add a person.
    #[command(
        after_long_help = "Examples:\n  intrograph person add \"Ann Lee\" --email ann@acme.com --org \"Acme Corp\" --title \"VP Sales\"\n  intrograph person add \"Bob Stone\" --tag client --tag golf --notes \"met at SaaStr\""
    )]
    Add(Box<PersonAddArgs>),
    /// List people by name.
    List(PageArgs),
    /// Show a person: details, positions, relationships and touches.
    #[command(
        after_long_help = "PERSON is an id, an email, or a name (a unique prefix is enough).\n\nExamples:\n  intrograph person show ann@acme.com\n  intrograph person show \"ann lee\" --json"
    )]
    Show {
        /// The person: id, email or name (a unique prefix is enough).
        person: String,
    },
    /// Change a person's details; only the options given change.
    #[command(
        after_long_help = "Examples:\n  intrograph person edit \"Ann Lee\" --title CRO --add-email ann.lee@gmail.com\n  intrograph person edit ann@acme.com --org Globex --title CFO"
    )]
    Edit(Box<PersonEditArgs>),
    /// Remove a person with their relationships and touches (a rep cannot be removed).
    #[command(after_long_help = "Example:\n  intrograph person remove \"Dana Whitfield\" --yes")]
    Remove {
        /// The person to remove: id, email or whole name (part of a name is refused).
        person: String,
        /// Do not ask for confirmation (asked only when run from a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Merge two records of the same person: ABSORB folds into KEEP, keeping every
    /// relationship, touch, employment, tag and request of both.
    #[command(after_long_help = "Example:\n  intrograph person merge ann@acme.com ann.lee@gmail.com")]
    Merge {
        /// The person who stays (id, email or whole name).
        keep: String,
        /// The duplicate to fold in and remove (id, email or whole name).
        absorb: String,
        /// Do not ask for confirmation (asked only when run from a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Find people whose name, email or organisation contains TEXT.
    #[command(after_long_help = "Example:\n  intrograph person search acme")]
    Search {
        /// Text to look for in names, emails and organisations.
        text: String,
        #[command(flatten)]
        page: PageArgs,
    },
}

#[derive(Args)]
pub struct PageArgs {
    /// At most this many rows.
    #[arg(long, default_value_t = 50)]
    limit: u64,
    /// Skip this many rows first.
    #[arg(long, default_value_t = 0)]
    offset: u64,
}

impl PageArgs {
    fn page(&self) -> Page {
        Page { offset: self.offset, limit: self.limit }
    }
}

#[derive(Args)]
pub struct PersonAddArgs {
    /// Full name.
    name: String,
    /// Email address (repeat for several).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// Phone number (repeat for several).
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// Current organisation (created if new).
    #[arg(long, visible_alias = "organisation")]
    org: Option<String>,
    /// Job title.
    #[arg(long, default_value = "")]
    title: String,
    /// LinkedIn profile URL.
    #[arg(long)]
    linkedin: Option<String>,
    /// Tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Notes to keep with the person.
    #[arg(long, default_value = "")]
    notes: String,
    /// Where the contact came from.
    #[arg(long, default_value = "manual")]
    source: String,
}

impl PersonAddArgs {
    fn input(&self) -> PersonInput {
        PersonInput {
            id: None,
            full_name: self.name.clone(),
            title: self.title.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            linkedin_url: self.linkedin.clone(),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            source: self.source.clone(),
            organisation: self.org.clone(),
        }
    }
}

#[derive(Args)]
pub struct PersonEditArgs {
    /// The person: an id, an email or a name.
    person: String,
    /// New full name.
    #[arg(long)]
    name: Option<String>,
    /// New job title (with --org, also the title of that position).
    #[arg(long)]
    title: Option<String>,
    /// Replace the emails with these (repeat for several).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// Add an email to the existing ones.
    #[arg(long = "add-email", value_name = "EMAIL")]
    add_emails: Vec<String>,
    /// Replace the phones with these.
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// LinkedIn profile URL ("" clears it).
    #[arg(long)]
    linkedin: Option<String>,
    /// Replace the tags with these.
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Add a tag to the existing ones.
    #[arg(long = "add-tag", value_name = "TAG")]
    add_tags: Vec<String>,
    /// Replace the notes with this text.
    #[arg(long)]
    notes: Option<String>,
    /// Record a current position at this organisation (with --title).
    #[arg(long, visible_alias = "organisation")]
    org: Option<String>,
}

// ---------------------------------------------------------------- organisations

#[derive(Subcommand)]
pub enum OrgCmd {
    /// Add an organisation.
    #[command(after_long_help = "Example:\n  intrograph org add \"Acme Corp\" --domain acme.com")]
    Add {
        /// The organisation's name.
        name: String,
        /// Web domain, like acme.com.
        #[arg(long)]
        domain: Option<String>,
        /// Notes to keep with the organisation.
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// List organisations by name.
    List(PageArgs),
    /// Show an organisation with its current and past people.
    Show {
        /// The organisation: id, name or domain (a unique prefix is enough).
        organisation: String,
    },
    /// Change an organisation's details.
    Edit {
        /// The organisation: id, name or domain (a unique prefix is enough).
        organisation: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// Web domain ("" clears it).
        #[arg(long)]
        domain: Option<String>,
        /// Replace the notes with this text.
        #[arg(long)]
        notes: Option<String>,
    },
    /// Remove an organisation and its employment records (the people stay).
    Remove {
        /// The organisation to remove: id, name or domain (a unique prefix is enough).
        organisation: String,
    },
    /// Find organisations whose name or domain contains TEXT.
    Search {
        /// Text to look for in names and domains.
        text: String,
        #[command(flatten)]
        page: PageArgs,
    },
}

// ---------------------------------------------------------------- relationships

#[derive(Subcommand)]
pub enum RelCmd {
    /// Add a relationship between two people.
    #[command(
        after_long_help = "Kinds: colleague, former_colleague, client, partner, friend, family, investor,\nboard, classmate, linkedin_connection, other. Strength: 1 (distant), 2 (casual), 3 (good), 4 (strong) or 5 (very strong).\n\nExamples:\n  intrograph rel add \"Ann Lee\" bob@initech.com --kind former_colleague --strength 4 --verified\n  intrograph rel add me \"Carla Diaz\" --kind client --strength 3 --last-contact 2024-05-01"
    )]
    Add(Box<RelAddArgs>),
    /// Change a relationship; only the options given change.
    #[command(
        after_long_help = "Example:\n  intrograph rel edit \"Ann Lee\" \"Bob Stone\" --strength 5 --last-contact 2024-06-01"
    )]
    Edit(Box<RelEditArgs>),
    /// Record that you confirmed these two people really know each other.
    Verify {
        /// One person: id, email or name; `me` is the current rep.
        a: String,
        /// The other person: id, email or name; `me` is the current rep.
        b: String,
    },
    /// Mark a relationship as not confirmed.
    Unverify {
        /// One person: id, email or name; `me` is the current rep.
        a: String,
        /// The other person: id, email or name; `me` is the current rep.
        b: String,
    },
    /// Remove a relationship.
    Remove {
        /// One person: id, email or name; `me` is the current rep.
        a: String,
        /// The other person: id, email or name; `me` is the current rep.
        b: String,
    },
    /// List the relationships of a person, or all of them.
    List {
        /// Only this person's relationships.
        person: Option<String>,
    },
}

#[derive(Args)]
pub struct RelAddArgs {
    /// One person: id, email or name; `me` is the current rep.
    a: String,
    /// The other person: id, email or name; `me` is the current rep.
    b: String,
    /// colleague, former_colleague, client, partner, friend, family, investor, board,
    /// classmate, linkedin_connection or other.
    #[arg(long, default_value = "other")]
    kind: RelationshipKind,
    /// 1 (distant), 2 (casual), 3 (good), 4 (strong) to 5 (very strong).
    #[arg(long, default_value = "2")]
    strength: Strength,
    /// You confirmed they know each other.
    #[arg(long)]
    verified: bool,
    /// Date of their last contact (YYYY-MM-DD).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    last_contact: Option<NaiveDate>,
    /// Date the relationship began (YYYY-MM-DD).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Notes to keep with the relationship.
    #[arg(long, default_value = "")]
    notes: String,
    /// Keep the relationship on this desktop: a team workspace never receives it
    /// (relationships are shared with the team by default).
    #[arg(long)]
    private: bool,
}

#[derive(Args)]
pub struct RelEditArgs {
    /// One person: id, email or name; `me` is the current rep.
    a: String,
    /// The other person: id, email or name; `me` is the current rep.
    b: String,
    /// colleague, former_colleague, client, partner, friend, family, investor, board,
    /// classmate, linkedin_connection or other.
    #[arg(long)]
    kind: Option<RelationshipKind>,
    /// How well the two know each other: 1 (distant), 2 (casual), 3 (good), 4 (strong) or 5 (very strong).
    #[arg(long)]
    strength: Option<Strength>,
    /// Date of their last contact (YYYY-MM-DD).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    last_contact: Option<NaiveDate>,
    /// Date the relationship began (YYYY-MM-DD).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Replace the notes with this text.
    #[arg(long)]
    notes: Option<String>,
    /// Make the relationship private: it leaves the team workspace at the next sync and
    /// stays on this desktop only.
    #[arg(long, conflicts_with = "team")]
    private: bool,
    /// Share the relationship with the team again (the default for a new relationship).
    #[arg(long)]
    team: bool,
}

// ---------------------------------------------------------------- touches, reps, import

#[derive(Subcommand)]
pub enum TouchCmd {
    /// Log an interaction with a person (by the current rep, if there is one).
    #[command(
        after_long_help = "Example:\n  intrograph touch log \"Ann Lee\" --kind meeting --date 2024-06-01 --notes \"coffee\""
    )]
    Log {
        /// The person: id, email or name; `me` is the current rep.
        person: String,
        /// call, email, meeting, event or message.
        #[arg(long)]
        kind: TouchKind,
        /// Default: today.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        date: Option<NaiveDate>,
        /// What happened, in a few words.
        #[arg(long, default_value = "")]
        notes: String,
        /// The rep who made the touch (default: the current rep).
        #[arg(long)]
        rep: Option<String>,
    },
    /// List a person's touches, newest first.
    List {
        /// The person: id, email or name; `me` is the current rep.
        person: String,
    },
}

#[derive(Subcommand)]
pub enum RepCmd {
    /// Make a person a rep, creating the person if nobody has that name or email.
    #[command(
        after_long_help = "The first rep becomes the current rep.\n\nExample:\n  intrograph rep add \"Rita Rep\" --email rita@us.example --org \"Us Inc\""
    )]
    Add {
        /// The person: id, email or name, or the whole name of a new person.
        person: String,
        /// Email for a new person.
        #[arg(long = "email", value_name = "EMAIL")]
        emails: Vec<String>,
        /// Organisation for a new person.
        #[arg(long)]
        org: Option<String>,
        /// Job title for a new person.
        #[arg(long, default_value = "")]
        title: String,
    },
    /// List the reps.
    List,
    /// Work as this rep from now on.
    Use {
        /// The rep: rep id, or the person's id, email or name.
        rep: String,
    },
    /// Make a rep inactive (their history stays).
    Deactivate {
        /// The rep: rep id, or the person's id, email or name.
        rep: String,
    },
    /// Make an inactive rep active again.
    Activate {
        /// The rep: rep id, or the person's id, email or name.
        rep: String,
    },
}

// ---------------------------------------------------------------- running

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        Command::Person(c) => person(c, ctx),
        Command::Org(c) => org(c, ctx),
        Command::Rel(c) => rel(c, ctx),
        Command::Touch(c) => touch(c, ctx),
        Command::Rep(c) => rep(c, ctx),
        Command::Status => status(ctx),
    }
}

fn text(ctx: &Ctx) -> bool {
    ctx.format != Format::Json
}

fn people_table(ctx: &Ctx, list: &[PersonLine]) {
    if !text(ctx) {
        output::json(&list.iter().map(|l| &l.person).collect::<Vec<_>>());
        return;
    }
    let mut t = Table::new(vec!["NAME", "TITLE", "ORGANISATION", "EMAIL", "ID"]);
    for PersonLine { person: p, organisation } in list {
        t.row(vec![
            p.full_name.clone(),
            p.title.clone(),
            organisation.clone(),
            p.emails.first().cloned().unwrap_or_default(),
            p.id.to_string(),
        ]);
    }
    t.print(ctx.format);
}

impl PersonEditArgs {
    fn changes(self) -> people::PersonChanges {
        people::PersonChanges {
            name: self.name,
            title: self.title,
            emails: self.emails,
            add_emails: self.add_emails,
            phones: self.phones,
            linkedin: self.linkedin,
            tags: self.tags,
            add_tags: self.add_tags,
            notes: self.notes,
            organisation: self.org,
        }
    }
}

fn person(cmd: PersonCmd, ctx: &mut Ctx) -> Result<()> {
    let w = &ctx.workspace;
    match cmd {
        PersonCmd::Add(args) => {
            let p = people::add(w, &args.input())?;
            done(ctx, &p, &format!("added {} (id {})", p.full_name, p.id));
        }
        PersonCmd::List(page) => people_table(ctx, &people::list(w, page.page())?),
        PersonCmd::Search { text, page } => people_table(ctx, &people::search(w, &text, page.page())?),
        PersonCmd::Show { person } => show_person(ctx, &people::record(w, &person)?)?,
        PersonCmd::Edit(args) => {
            let query = args.person.clone();
            let edited = people::edit(w, &query, &args.changes())?;
            done(ctx, &edited, &format!("updated {}", edited.full_name));
        }
        PersonCmd::Remove { person, yes } => {
            let person = people::exactly(w, &person)?;
            confirm(yes, &format!("Remove {} with their relationships and touches?", person.full_name))?;
            let removed = people::remove(w, person.id)?;
            done(
                ctx,
                &removed,
                &format!("removed {} and their relationships and touches", removed.full_name),
            );
        }
        PersonCmd::Merge { keep, absorb, yes } => {
            let (kept, absorbed) = (people::exactly(w, &keep)?, people::exactly(w, &absorb)?);
            confirm(
                yes,
                &format!("Fold {} into {} (the first is removed)?", absorbed.full_name, kept.full_name),
            )?;
            merged(ctx, &people::merge(w, kept.id, absorbed.id)?)
        }
    }
    Ok(())
}

fn merged(ctx: &Ctx, merged: &Merged) {
    let report = &merged.report;
    if !text(ctx) {
        output::json(report);
        return;
    }
    println!("merged {} into {} (id {})", report.absorbed, report.kept, merged.person.id);
    println!(
        "relationships: {} moved, {} combined, {} between the two dropped",
        report.relationships_moved, report.relationships_combined, report.relationships_dropped
    );
    println!(
        "touches: {} moved; requests: {} updated; opportunities: {} moved; employments: {} moved, {} combined",
        report.touches_moved,
        report.requests_updated,
        report.opportunities_moved,
        report.employments_moved,
        report.employments_combined
    );
    println!(
        "added {} emails, {} phones, {} tags{}",
        report.emails_added,
        report.phones_added,
        report.tags_added,
        if report.rep_moved { "; the rep record moved too" } else { "" }
    );
}

/// Prints `value` as JSON, or `message` as text.
fn done<T: Serialize + ?Sized>(ctx: &Ctx, value: &T, message: &str) {
    if text(ctx) {
        println!("{message}");
    } else {
        output::json(value);
    }
}

fn describe_rel(r: &Relationship) -> String {
    let mut parts =
        vec![r.kind.label().to_string(), format!("strength {} ({})", r.strength.get(), r.strength.label())];
    parts.push(match r.verified_at {
        Some(t) => format!("verified {}", t.date_naive()),
        None => "not verified".to_string(),
    });
    if let Some(d) = r.last_contact {
        parts.push(format!("last contact {d}"));
    }
    if let Some(d) = r.since {
        parts.push(format!("since {d}"));
    }
    if r.visibility == Visibility::Private {
        parts.push("private (stays on this desktop)".to_string());
    }
    if !r.notes.is_empty() {
        parts.push(r.notes.clone());
    }
    parts.join(", ")
}

fn show_person(ctx: &Ctx, record: &PersonRecord) -> Result<()> {
    let PersonRecord { person: p, positions, relationships: rels, touches, rep } = record;
    if !text(ctx) {
        output::json(&json!({
            "person": p,
            "positions": positions,
            "relationships": rels,
            "touches": touches,
            "rep": rep,
        }));
        return Ok(());
    }
    println!("{}{}", p.full_name, if rep.is_some() { "  [rep]" } else { "" });
    println!("  id:        {}", p.id);
    let field = |label: &str, value: &str| {
        if !value.is_empty() {
            println!("  {label:<10} {value}");
        }
    };
    field("title:", &p.title);
    field("emails:", &p.emails.join(", "));
    field("phones:", &p.phones.join(", "));
    field("linkedin:", p.linkedin_url.as_deref().unwrap_or(""));
    field("tags:", &p.tags.join(", "));
    field("source:", &p.source);
    field("notes:", &p.notes);
    if !positions.is_empty() {
        println!("Positions:");
        for pos in positions {
            let e = &pos.employment;
            let title = if e.title.is_empty() { String::new() } else { format!("{} at ", e.title) };
            let when = match (e.current, e.start, e.end) {
                (true, Some(s), _) => format!("current, since {s}"),
                (true, None, _) => "current".to_string(),
                (false, s, end) => format!(
                    "past{}{}",
                    s.map(|s| format!(", from {s}")).unwrap_or_default(),
                    end.map(|e| format!(" until {e}")).unwrap_or_default()
                ),
            };
            println!("  {title}{} ({when})", pos.organisation_name);
        }
    }
    if !rels.is_empty() {
        println!("Relationships:");
        for r in rels {
            let other = if r.relationship.a == p.id { &r.b_name } else { &r.a_name };
            println!("  {other}: {}", describe_rel(&r.relationship));
        }
    }
    if !touches.is_empty() {
        println!("Touches:");
        for t in touches {
            println!(
                "  {} {}{}",
                t.date,
                t.kind,
                if t.notes.is_empty() { String::new() } else { format!(": {}", t.notes) }
            );
        }
    }
    Ok(())
}

fn org(cmd: OrgCmd, ctx: &mut Ctx) -> Result<()> {
    let orgs_table = |ctx: &Ctx, list: &[Organisation]| {
        if !text(ctx) {
            output::json(list);
            return;
        }
        let mut t = Table::new(vec!["NAME", "DOMAIN", "ID"]);
        for o in list {
            t.row(vec![o.name.clone(), o.domain.clone().unwrap_or_default(), o.id.to_string()]);
        }
        t.print(ctx.format);
    };
    let w = &ctx.workspace;
    match cmd {
        OrgCmd::Add { name, domain, notes } => {
            let o = people::add_organisation(w, &OrganisationInput { name, domain, notes })?;
            done(ctx, &o, &format!("added {} (id {})", o.name, o.id));
        }
        OrgCmd::List(page) => orgs_table(ctx, &people::organisations(w, page.page())?),
        OrgCmd::Search { text, page } => {
            orgs_table(ctx, &people::search_organisations(w, &text, page.page())?)
        }
        OrgCmd::Show { organisation } => {
            let OrganisationRecord { organisation: o, current, past } =
                people::organisation(w, &organisation)?;
            if !text(ctx) {
                output::json(&json!({ "organisation": o, "current": current, "past": past }));
                return Ok(());
            }
            println!("{}", o.name);
            println!("  id:      {}", o.id);
            if let Some(d) = &o.domain {
                println!("  domain:  {d}");
            }
            if !o.notes.is_empty() {
                println!("  notes:   {}", o.notes);
            }
            for (label, list) in [("Current people:", &current), ("Past people:", &past)] {
                if !list.is_empty() {
                    println!("{label}");
                    for e in list {
                        let title = &e.employment.title;
                        println!(
                            "  {}{}",
                            e.full_name,
                            if title.is_empty() { String::new() } else { format!(", {title}") }
                        );
                    }
                }
            }
        }
        OrgCmd::Edit { organisation, name, domain, notes } => {
            let patch = OrganisationPatch {
                name,
                domain: domain.map(|d| Some(d).filter(|d| !d.trim().is_empty())),
                notes,
            };
            let o = people::edit_organisation(w, &organisation, &patch)?;
            done(ctx, &o, &format!("updated {}", o.name));
        }
        OrgCmd::Remove { organisation } => {
            let o = people::remove_organisation(w, &organisation)?;
            done(ctx, &o, &format!("removed {}", o.name));
        }
    }
    Ok(())
}

/// Two people as the user typed them, where `me` means the current rep.
fn pair(ctx: &Ctx, a: &str, b: &str) -> Result<(Person, Person)> {
    let store = ctx.store()?;
    Ok((crate::lookup::person(&store, a)?, crate::lookup::person(&store, b)?))
}

fn rel(cmd: RelCmd, ctx: &mut Ctx) -> Result<()> {
    let w = &ctx.workspace;
    match cmd {
        RelCmd::Add(args) => {
            let (a, b) = pair(ctx, &args.a, &args.b)?;
            let new = people::NewRelationship {
                a: a.id,
                b: b.id,
                kind: args.kind,
                strength: args.strength,
                verified: args.verified,
                last_contact: args.last_contact,
                since: args.since,
                notes: args.notes.clone(),
                visibility: if args.private { Visibility::Private } else { Visibility::Team },
            };
            let r = people::relate(w, new)?;
            let msg =
                format!("added: {} and {}, {}", a.full_name, b.full_name, describe_rel(&r.relationship));
            done(ctx, &r, &msg);
        }
        RelCmd::Edit(args) => {
            let (a, b) = pair(ctx, &args.a, &args.b)?;
            let patch = RelationshipPatch {
                kind: args.kind,
                strength: args.strength,
                last_contact: args.last_contact.map(Some),
                since: args.since.map(Some),
                notes: args.notes.clone(),
                verified_at: None,
                visibility: match (args.private, args.team) {
                    (true, _) => Some(Visibility::Private),
                    (_, true) => Some(Visibility::Team),
                    _ => None,
                },
            };
            let r = people::change_relationship(w, a.id, b.id, &patch)?;
            let msg =
                format!("updated: {} and {}, {}", a.full_name, b.full_name, describe_rel(&r.relationship));
            done(ctx, &r, &msg);
        }
        RelCmd::Verify { ref a, ref b }
        | RelCmd::Unverify { ref a, ref b }
        | RelCmd::Remove { ref a, ref b } => {
            let (pa, pb) = pair(ctx, a, b)?;
            let (r, verb) = match cmd {
                RelCmd::Verify { .. } => (people::set_verified(w, pa.id, pb.id, true)?, "verified"),
                RelCmd::Unverify { .. } => (people::set_verified(w, pa.id, pb.id, false)?, "unverified"),
                _ => (people::unrelate(w, pa.id, pb.id)?, "removed"),
            };
            done(ctx, &r, &format!("{verb}: {} and {}", pa.full_name, pb.full_name));
        }
        RelCmd::List { person } => {
            let person = match &person {
                Some(q) => Some(crate::lookup::person(&*ctx.store()?, q)?.id),
                None => None,
            };
            let views = people::relationships(w, person)?;
            if !text(ctx) {
                output::json(&views);
                return Ok(());
            }
            let mut t = Table::new(vec!["A", "B", "KIND", "STRENGTH", "VERIFIED", "LAST CONTACT"]);
            for v in &views {
                let r = &v.relationship;
                t.row(vec![
                    v.a_name.clone(),
                    v.b_name.clone(),
                    r.kind.as_str().to_string(),
                    r.strength.get().to_string(),
                    r.verified_at.map(|t| t.date_naive().to_string()).unwrap_or_else(|| "no".into()),
                    r.last_contact.map(|d| d.to_string()).unwrap_or_default(),
                ]);
            }
            t.print(ctx.format);
        }
    }
    Ok(())
}

fn touch(cmd: TouchCmd, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        TouchCmd::Log { person, kind, date, notes, rep } => {
            let p = crate::lookup::person(&*ctx.store()?, &person)?;
            let t = people::record_touch(&ctx.workspace, p.id, kind, date, notes, rep.as_deref())?;
            done(ctx, &t, &format!("logged {} with {} on {}", t.kind, p.full_name, t.date));
        }
        TouchCmd::List { person } => {
            let p = crate::lookup::person(&*ctx.store()?, &person)?;
            let list: Vec<Touch> = people::touches(&ctx.workspace, p.id)?;
            if !text(ctx) {
                output::json(&list);
                return Ok(());
            }
            let mut t = Table::new(vec!["DATE", "KIND", "NOTES"]);
            for x in &list {
                t.row(vec![x.date.to_string(), x.kind.to_string(), x.notes.clone()]);
            }
            t.print(ctx.format);
        }
    }
    Ok(())
}

fn rep(cmd: RepCmd, ctx: &mut Ctx) -> Result<()> {
    let w = &ctx.workspace;
    match cmd {
        RepCmd::Add { person, emails, org, title } => {
            let new = people::NewRepPerson { emails, organisation: org, title };
            let RepAdded { rep: view, new_person } = people::add_rep(w, &person, new)?;
            let msg = format!(
                "{}{} is now a rep{}",
                if new_person { "added person; " } else { "" },
                view.full_name,
                if view.current { " (current)" } else { "" }
            );
            done(ctx, &view, &msg);
        }
        RepCmd::List => {
            let views = people::reps(w)?;
            if !text(ctx) {
                output::json(&views);
                return Ok(());
            }
            let mut t = Table::new(vec!["NAME", "ACTIVE", "CURRENT", "ID"]);
            for v in &views {
                t.row(vec![
                    v.full_name.clone(),
                    if v.rep.active { "yes" } else { "no" }.into(),
                    if v.current { "*" } else { "" }.into(),
                    v.rep.id.to_string(),
                ]);
            }
            t.print(ctx.format);
        }
        RepCmd::Use { rep } => {
            let view = people::use_rep(w, &rep)?;
            done(ctx, &view, &format!("{} is the current rep", view.full_name));
        }
        RepCmd::Deactivate { rep } => {
            let view = people::set_rep_active(w, &rep, false)?;
            done(ctx, &view, &format!("{} is inactive", view.full_name));
        }
        RepCmd::Activate { rep } => {
            let view = people::set_rep_active(w, &rep, true)?;
            done(ctx, &view, &format!("{} is active", view.full_name));
        }
    }
    Ok(())
}

fn status(ctx: &mut Ctx) -> Result<()> {
    let Status { database, schema_version, counts, current_rep } = people::status(&ctx.workspace)?;
    if !text(ctx) {
        output::json(&json!({
            "database": database,
            "schema_version": schema_version,
            "counts": counts,
            "current_rep": current_rep,
        }));
        return Ok(());
    }
    println!("database:      {}", database.unwrap_or_else(|| "(in memory)".into()));
    println!("people:        {}", counts.people);
    println!("organisations: {}", counts.organisations);
    println!("relationships: {} ({} verified)", counts.relationships, counts.verified_relationships);
    match current_rep {
        Some(r) => println!("current rep:   {}", r.full_name),
        None => println!("current rep:   none (add yourself with `intrograph rep add \"Your Name\"`)"),
    }
    Ok(())
}

/// Asks `question` on the terminal before a change that cannot be undone, unless `yes` was
/// given or the command does not run from a terminal (a script, a pipe): anything but
/// `y` or `yes` stops the command with nothing changed.
fn confirm(yes: bool, question: &str) -> Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    if yes || !std::io::stdin().is_terminal() {
        return Ok(());
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|source| intrograph_engine::Error::Io { path: "standard input".into(), source })?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(intrograph_engine::Error::Conflict("nothing changed: not confirmed".into()))
    }
}
