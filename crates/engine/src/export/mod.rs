//! CSV exports for spreadsheets: people, relationships (with their introduction
//! weights), introduction requests and the funnel metrics.
//!
//! Every cell goes through [`csv_cell`]: quoted when needed, and neutralised against
//! formula injection (a cell starting with `=`, `+`, `-`, `@`, tab, carriage return or
//! the guard `'` itself gets a leading `'`), so a name like `=HYPERLINK(...)` stays text
//! in Excel or Sheets; the imports take exactly that `'` off again ([`unguard`]).
//! Lists (emails, phones, tags) are joined with `; `, as the people CSV import reads them.

use std::io::Write;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{name_key, PersonId};
use crate::pipeline::metrics::{self, By, Filter};
use crate::pipeline::RequestFilter;
use crate::store::{organisations, people, relationships, requests, Page, Store};
use crate::suggest;

/// The first characters a spreadsheet reads as a formula, and the guard itself: a cell
/// that starts with one of them gets a leading `'`. The people and relationships imports
/// remove exactly that one `'` (see [`unguard`]), so a value that truly begins with `'`
/// (written `''…`) comes back whole and export → import changes nothing.
pub const GUARDED: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A cell as exported, without its formula guard: `'=cmd` → `=cmd`, `''x` → `'x`; any
/// other text is returned as it is.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(GUARDED) => rest,
        _ => cell,
    }
}

/// One CSV cell: quoted when needed, and neutralised against formula injection.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(GUARDED) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One CSV line of formula-safe cells, ending in `\n`.
pub fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells.iter().map(|c| csv_cell(c.as_ref())).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

fn write_line<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> Result<()> {
    out.write_all(csv_line(cells).as_bytes()).map_err(io_error)
}

fn io_error(e: std::io::Error) -> Error {
    Error::Io { path: "export output".into(), source: e }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Headers of [`people_csv`]; the people CSV import reads them back.
pub const PEOPLE_HEADERS: [&str; 12] = [
    "id",
    "name",
    "title",
    "organisation",
    "email",
    "phone",
    "linkedin_url",
    "tags",
    "notes",
    "source",
    "created_at",
    "updated_at",
];

/// Every person, by name: one row each, with their current organisation.
pub fn people_csv(store: &Store, out: &mut dyn Write) -> Result<u64> {
    let conn = store.conn();
    write_line(out, &PEOPLE_HEADERS)?;
    let mut n = 0;
    for p in people::list(conn, Page::ALL)? {
        let org = organisations::positions(conn, p.id)?
            .into_iter()
            .find(|pos| pos.employment.current)
            .map(|pos| pos.organisation_name)
            .unwrap_or_default();
        write_line(
            out,
            &[
                p.id.to_string(),
                p.full_name,
                p.title,
                org,
                p.emails.join("; "),
                p.phones.join("; "),
                p.linkedin_url.unwrap_or_default(),
                p.tags.join("; "),
                p.notes,
                p.source,
                p.created_at.to_rfc3339(),
                p.updated_at.to_rfc3339(),
            ],
        )?;
        n += 1;
    }
    Ok(n)
}

/// Headers of [`relationships_csv`]; the relationships CSV import reads them back.
pub const RELATIONSHIP_HEADERS: [&str; 13] = [
    "id",
    "person_a",
    "person_b",
    "person_a_name",
    "person_b_name",
    "kind",
    "strength",
    "verified",
    "last_contact",
    "since",
    "introduction_weight",
    "notes",
    "source",
];

/// Every relationship with its introduction weight as of `today` (the workspace's weight
/// constants, as path ranking uses them).
pub fn relationships_csv(store: &Store, today: NaiveDate, out: &mut dyn Write) -> Result<u64> {
    let network = suggest::load_network(store, today)?;
    let conn = store.conn();
    write_line(out, &RELATIONSHIP_HEADERS)?;
    let mut rows = relationships::list_all(conn)?;
    let name = |id: PersonId| network.person_name(id).unwrap_or_default().to_string();
    rows.sort_by_cached_key(|r| (name_key(&name(r.a)), name_key(&name(r.b)), r.id));
    let mut n = 0;
    for r in rows {
        let weight = network.tie_between(r.a, r.b).map(|t| format!("{:.4}", t.weight)).unwrap_or_default();
        write_line(
            out,
            &[
                r.id.to_string(),
                r.a.to_string(),
                r.b.to_string(),
                name(r.a),
                name(r.b),
                r.kind.as_str().to_string(),
                r.strength.get().to_string(),
                opt(r.verified_at.map(|t| t.date_naive())),
                opt(r.last_contact),
                opt(r.since),
                weight,
                r.notes,
                r.source,
            ],
        )?;
        n += 1;
    }
    Ok(n)
}

pub const REQUEST_HEADERS: [&str; 18] = [
    "id",
    "created_at",
    "rep",
    "source",
    "target",
    "stage",
    "stalled_from",
    "reason",
    "offer",
    "next_follow_up",
    "deal_value",
    "lost_reason",
    "thanked_on",
    "told_on",
    "touches",
    "path",
    "updated_at",
    "message",
];

/// Every introduction request, oldest first.
pub fn requests_csv(store: &Store, out: &mut dyn Write) -> Result<u64> {
    write_line(out, &REQUEST_HEADERS)?;
    let mut all = requests::list(store, &RequestFilter::default())?;
    all.sort_by_key(|r| (r.created_at, r.id));
    let mut n = 0;
    for r in all {
        let path: Vec<String> = r.path.iter().map(|p| p.to_string()).collect();
        write_line(
            out,
            &[
                r.id.to_string(),
                r.created_at.to_rfc3339(),
                r.rep_name,
                r.source_name,
                r.target_name,
                r.stage.to_string(),
                opt(r.stalled_from),
                r.reason,
                r.offer,
                opt(r.next_follow_up),
                opt(r.deal_value.map(crate::model::money::format_amount)),
                r.lost_reason.unwrap_or_default(),
                opt(r.thanked_on),
                opt(r.told_on),
                r.touches.to_string(),
                path.join(" > "),
                r.updated_at.to_rfc3339(),
                r.message,
            ],
        )?;
        n += 1;
    }
    Ok(n)
}

/// The funnel of requests created in the filter's period, broken down `by`: counts per
/// stage and the conversion from one stage to the next.
pub fn metrics_csv(store: &Store, filter: &Filter, by: By, out: &mut dyn Write) -> Result<u64> {
    let funnel = metrics::funnel(store, filter, by)?;
    let mut headers: Vec<String> = ["group", "id", "from", "to"].map(String::from).to_vec();
    let stages = crate::pipeline::Stage::ALL;
    headers.extend(stages.iter().map(|s| format!("reached_{s}")));
    let conversions = funnel.rows.first().map(|r| r.conversions.clone()).unwrap_or_default();
    headers.extend(conversions.iter().map(|c| format!("rate_{}_to_{}", c.from, c.to)));
    write_line(out, &headers)?;
    let mut n = 0;
    for row in &funnel.rows {
        let mut cells = vec![
            row.label.clone(),
            row.id.clone().unwrap_or_default(),
            filter.period.from.to_string(),
            filter.period.to.to_string(),
        ];
        cells.extend(stages.iter().map(|s| row.counts.get(*s).to_string()));
        cells.extend(row.conversions.iter().map(|c| c.rate.map(|r| format!("{r:.4}")).unwrap_or_default()));
        write_line(out, &cells)?;
        n += 1;
    }
    Ok(n)
}

/// Which metrics table to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MetricsTable {
    /// The request funnel ([`metrics_csv`]).
    Funnel,
    /// Referral against the other lead sources.
    Sources,
    /// Each rep's asks against their goal, overdue follow-ups, unthanked sources.
    Activity,
    /// The referral sources with the most introductions, wins and revenue.
    TopSources,
}

impl std::str::FromStr for MetricsTable {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "funnel" => Ok(Self::Funnel),
            "sources" | "lead-sources" => Ok(Self::Sources),
            "activity" => Ok(Self::Activity),
            "top-sources" => Ok(Self::TopSources),
            _ => Err(Error::invalid("table", format!("{s:?}; use funnel, sources, activity or top-sources"))),
        }
    }
}

fn rate(v: Option<f64>) -> String {
    v.map(|r| format!("{r:.4}")).unwrap_or_default()
}

/// One metrics table of the filter's period as CSV (`by` applies to the funnel, `today`
/// to overdue follow-ups).
pub fn metrics_table_csv(
    store: &Store,
    table: MetricsTable,
    filter: &Filter,
    by: By,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<u64> {
    let (from, to) = (filter.period.from.to_string(), filter.period.to.to_string());
    let mut n = 0;
    match table {
        MetricsTable::Funnel => return metrics_csv(store, filter, by, out),
        MetricsTable::Sources => {
            write_line(
                out,
                &[
                    "from",
                    "to",
                    "lead_source",
                    "opportunities",
                    "won",
                    "lost",
                    "win_rate",
                    "median_days_to_close",
                    "average_deal_value",
                    "touches_before_first_meeting",
                ],
            )?;
            for r in metrics::lead_sources(store, filter)? {
                write_line(
                    out,
                    &[
                        from.clone(),
                        to.clone(),
                        r.lead_source.as_str().to_string(),
                        r.opportunities.to_string(),
                        r.won.to_string(),
                        r.lost.to_string(),
                        rate(r.win_rate),
                        opt(r.median_days_to_close),
                        opt(r.average_deal_value),
                        rate(r.touches_before_first_meeting),
                    ],
                )?;
                n += 1;
            }
        }
        MetricsTable::Activity => {
            write_line(
                out,
                &[
                    "from",
                    "to",
                    "rep_id",
                    "rep",
                    "active",
                    "asks",
                    "asks_per_week",
                    "goal",
                    "goal_met",
                    "overdue_follow_ups",
                    "unthanked_sources",
                ],
            )?;
            for r in metrics::activity(store, filter, today)?
                .into_iter()
                .filter(|a| filter.rep.is_none_or(|rep| rep == a.rep_id))
            {
                write_line(
                    out,
                    &[
                        from.clone(),
                        to.clone(),
                        r.rep_id.to_string(),
                        r.rep_name,
                        r.active.to_string(),
                        r.asks.to_string(),
                        rate(r.asks_per_week),
                        opt(r.goal),
                        opt(r.goal_met),
                        r.overdue_follow_ups.to_string(),
                        r.unthanked_sources.to_string(),
                    ],
                )?;
                n += 1;
            }
        }
        MetricsTable::TopSources => {
            write_line(out, &["from", "to", "source_id", "source", "introductions", "wins", "revenue"])?;
            for r in metrics::top_sources(store, filter, usize::MAX)? {
                write_line(
                    out,
                    &[
                        from.clone(),
                        to.clone(),
                        r.source_id.to_string(),
                        r.name,
                        r.introductions.to_string(),
                        r.wins.to_string(),
                        r.revenue.to_string(),
                    ],
                )?;
                n += 1;
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1 555"), "'+1 555");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@sum"), "'@sum");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_line(&["a", "=b"]), "a,'=b\n");
        assert_eq!(csv_cell("'quoted"), "''quoted");
        for v in ["=cmd", "'=cmd", "'x", "''", "'", "+1 555", "plain", "-", "x'"] {
            let guarded = if v.starts_with(GUARDED) { format!("'{v}") } else { v.to_string() };
            assert_eq!(unguard(&guarded), v, "{v:?}");
        }
        assert_eq!(unguard("'tis"), "'tis", "a hand-written leading quote before a letter stays");
    }
}
