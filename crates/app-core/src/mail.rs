//! Relationship strength and last contact from the rep's own mail and calendar: importing
//! mail (mbox, Maildir), calendars (`.ics`) and LinkedIn's `messages.csv` as touches
//! (previewed first: the same work rolled back), the strengths the touches suggest with
//! their reasons (accepted one by one or all at once), people likely to know each other,
//! and keep-in-touch cadences.
//!
//! Everything is the engine's ([`intrograph_engine::import::exchanges`],
//! [`intrograph_engine::strength`]); this module checks what the shells give and keeps the
//! cached relationship graph in step.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use intrograph_engine::import::exchanges::ExchangeOptions;
use intrograph_engine::import::{self, ExchangeFormat, Progress};
use intrograph_engine::model::{PersonId, RelationshipId};
use intrograph_engine::store::undo::{self, ActionKind};
use intrograph_engine::store::{exchanges, Store};
use intrograph_engine::strength::{self, Accepted};
use intrograph_engine::{Error, Result};

use crate::views::mail::{
    ExchangeFormatInfo, ExchangeOutcome, ExchangePlan, KeepInTouch, MonthTouches, SuggestionsView,
};
use crate::Workspace;

/// The formats, in the order the window lists them.
pub fn formats() -> Vec<ExchangeFormatInfo> {
    let info = |format, label: &str, description: &str, extensions: &[&str], folder| ExchangeFormatInfo {
        format,
        label: label.into(),
        description: description.into(),
        extensions: extensions.iter().map(|e| e.to_string()).collect(),
        folder,
    };
    vec![
        info(
            ExchangeFormat::Mail,
            "Your mail (mbox or Maildir)",
            "A Gmail Takeout, Thunderbird or Apple Mail export, or a Maildir folder: who wrote to whom and \
             when becomes touches. Bodies and attachments are never read into IntroGraph.",
            &["mbox", "mbx"],
            true,
        ),
        info(
            ExchangeFormat::Calendar,
            "Your calendar (.ics)",
            "A Google Calendar or Outlook export: every past meeting (recurring ones too) with its organiser \
             and attendees; invitations you declined are left out.",
            &["ics"],
            false,
        ),
        info(
            ExchangeFormat::LinkedinMessages,
            "LinkedIn messages",
            "messages.csv from LinkedIn's data export (beside Connections.csv): who wrote to whom and when, \
             matched to people by their LinkedIn profile.",
            &["csv"],
            false,
        ),
    ]
}

fn chosen_path(text: &str) -> Result<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(
            "file",
            "no file or folder chosen; give the path of the export to import",
        ));
    }
    let p = PathBuf::from(text);
    if !p.is_absolute() {
        return Err(Error::invalid(
            "file",
            format!("{text} is not a full path; give the whole path, from /"),
        ));
    }
    if !p.exists() {
        return Err(Error::invalid("file", format!("{text} is not a file or folder that exists")));
    }
    Ok(p)
}

/// Previews (`preview`: the same work, rolled back) or applies the import `plan`, reporting
/// how far it has read through `progress`. An applied import is undoable like the other
/// imports (the history keeps it, see [`crate::undo`]) and drops the cached graph.
pub fn import(
    workspace: &Workspace,
    plan: &ExchangePlan,
    preview: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExchangeOutcome> {
    let path = chosen_path(&plan.path)?;
    let format = plan.format.ok_or_else(|| Error::invalid("format", "choose what kind of export this is"))?;
    if format != ExchangeFormat::Mail && path.is_dir() {
        return Err(Error::invalid(
            "file",
            format!("{} is a folder; choose the file inside it", path.display()),
        ));
    }
    let mut options = ExchangeOptions {
        dry_run: preview,
        me: plan.me.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        add: plan.add.clone(),
        subjects: plan.subjects,
        today: Some(workspace.today()),
    };
    if plan.add_all {
        // The candidates are those of a preview: read once to list them, then again.
        let listed = {
            let mut store = workspace.store()?;
            let dry = ExchangeOptions { dry_run: true, ..options.clone() };
            import::exchanges(&mut store, format, &path, &dry, &mut |_| {})?
        };
        options.add.extend(listed.candidates.into_iter().map(|c| c.address));
    }
    let report = {
        let mut guard = workspace.store()?;
        let store = &mut *guard;
        let mut run = |store: &mut Store| import::exchanges(store, format, &path, &options, progress);
        if preview {
            run(store)?
        } else {
            let what = match format {
                ExchangeFormat::Mail => "mail",
                ExchangeFormat::Calendar => "the calendar",
                ExchangeFormat::LinkedinMessages => "LinkedIn messages",
            };
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            undo::record(store, ActionKind::Import, |_, _| format!("Imported {what} from {name}"), run)?.0
        }
    };
    if !preview {
        workspace.forget_network();
    }
    Ok(ExchangeOutcome { path: path.display().to_string(), preview, report })
}

/// The strengths the current rep's touches suggest, and people likely to know each other.
pub fn suggestions(workspace: &Workspace) -> Result<SuggestionsView> {
    let store = workspace.store()?;
    let strengths = strength::suggestions(store.conn(), workspace.today())?;
    let by_hand = strengths.iter().filter(|s| s.by_hand).count() as u64;
    let likely = strength::likely_ties(store.conn(), 200)?;
    Ok(SuggestionsView { strengths, by_hand, likely })
}

/// The rep says `a` and `b` do not know each other: their tie goes, and no later import
/// proposes it again. Returns whether a tie was removed.
pub fn dismiss_likely_tie(workspace: &Workspace, a: PersonId, b: PersonId) -> Result<bool> {
    let removed = workspace.store()?.write(|tx| strength::dismiss_likely_tie(tx, a, b))?;
    if let Some(r) = &removed {
        workspace.update_network(|n| n.remove_relationship(r.id));
    }
    Ok(removed.is_some())
}

/// Accepts the suggestions for `only` (one by one: also a strength set by hand), or all of
/// them but strengths set by hand.
pub fn accept(workspace: &Workspace, only: Option<&[RelationshipId]>) -> Result<Accepted> {
    let today = workspace.today();
    let done = workspace.store()?.write(|tx| strength::accept(tx, today, only))?;
    if done.accepted > 0 {
        workspace.forget_network();
    }
    Ok(done)
}

/// The relationship between the current rep and the person `query` names (an id, an email,
/// a name), for accepting its suggestion.
pub fn relationship_with_me(workspace: &Workspace, query: &str) -> Result<RelationshipId> {
    let store = workspace.store()?;
    let person = crate::find::resolve_person(&store, query)?;
    let rep = crate::workspace::me(&store)?;
    Ok(intrograph_engine::store::relationships::require_between(store.conn(), rep.person_id, person.id)?.id)
}

/// Sets (or clears) the cadence of the person `query` names; returns their name.
pub fn set_cadence_of(workspace: &Workspace, query: &str, days: Option<u32>) -> Result<String> {
    let person = {
        let store = workspace.store()?;
        crate::find::resolve_person(&store, query)?
    };
    set_cadence(workspace, person.id, days)?;
    Ok(person.full_name)
}

/// Who is due a contact, as of today.
pub fn due(workspace: &Workspace) -> Result<KeepInTouch> {
    let store = workspace.store()?;
    keep_in_touch(&store, workspace.today())
}

/// Sets (or clears) a person's keep-in-touch cadence, in days.
pub fn set_cadence(workspace: &Workspace, person: PersonId, days: Option<u32>) -> Result<Option<u32>> {
    let mut store = workspace.store()?;
    store.write(|tx| exchanges::set_cadence(tx, person, days))?;
    exchanges::cadence(store.conn(), person)
}

/// Who is due a contact by a week from `today`, overdue first (the first
/// [`crate::today::LISTED`]).
pub fn keep_in_touch(store: &Store, today: NaiveDate) -> Result<KeepInTouch> {
    let mut due = strength::due(store.conn(), today)?;
    let total = due.len() as u64;
    due.truncate(crate::today::LISTED as usize);
    Ok(KeepInTouch { due, total })
}

/// A person's touches in each of the 12 months up to `today`'s, oldest first.
pub fn touch_months(store: &Store, person: PersonId, today: NaiveDate) -> Result<Vec<MonthTouches>> {
    let first = month_start(today, 11);
    let counted = exchanges::touches_by_month(store.conn(), person, first)?;
    Ok((0..12)
        .rev()
        .map(|back| {
            let month = month_start(today, back).format("%Y-%m").to_string();
            let touches = counted.iter().find(|(m, _)| *m == month).map_or(0, |(_, n)| *n);
            MonthTouches { month, touches }
        })
        .collect())
}

/// The first day of the month `back` months before `today`'s.
fn month_start(today: NaiveDate, back: u32) -> NaiveDate {
    let months = today.year() * 12 + today.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1).expect("a month")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_go_back_across_years() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(month_start(d(2026, 3, 15), 0), d(2026, 3, 1));
        assert_eq!(month_start(d(2026, 3, 15), 11), d(2025, 4, 1));
        assert_eq!(month_start(d(2026, 1, 31), 1), d(2025, 12, 1));
    }
}
