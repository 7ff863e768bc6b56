//! Numbered schema migrations, applied in order inside one transaction by
//! `rusqlite_migration`; the version lives in `PRAGMA user_version`.
//! Append a new file for every change; never edit a shipped one.

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first. `SCRIPTS[i]` brings the schema to version `i + 1`.
pub const SCRIPTS: &[&str] = &[
    include_str!("../../migrations/0001_network.sql"),
    include_str!("../../migrations/0002_pipeline.sql"),
    include_str!("../../migrations/0003_people_search.sql"),
    include_str!("../../migrations/0004_targets.sql"),
    include_str!("../../migrations/0005_short_text_search.sql"),
    include_str!("../../migrations/0006_graph_snapshot.sql"),
    include_str!("../../migrations/0007_search_in_name_order.sql"),
    include_str!("../../migrations/0008_metrics_summaries.sql"),
    include_str!("../../migrations/0009_graph_changes.sql"),
    include_str!("../../migrations/0010_source_outcomes.sql"),
    include_str!("../../migrations/0011_open_follow_ups_and_sample.sql"),
    include_str!("../../migrations/0012_people_list.sql"),
    include_str!("../../migrations/0013_mail_and_calendar.sql"),
    include_str!("../../migrations/0014_undo_history.sql"),
    include_str!("../../migrations/0015_relationship_owner.sql"),
    include_str!("../../migrations/0016_team_sync.sql"),
    include_str!("../../migrations/0017_duplicate_dismissals.sql"),
    include_str!("../../migrations/0018_lean_sync_base.sql"),
    include_str!("../../migrations/0019_dismissed_ties.sql"),
    include_str!("../../migrations/0020_sync_bases.sql"),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(SCRIPTS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version a fully migrated database has.
pub fn latest_version() -> i64 {
    SCRIPTS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_chain_is_valid() {
        migrations().validate().expect("every migration applies on an empty database");
    }

    #[test]
    fn opening_brings_a_new_database_to_the_latest_version() {
        let store = crate::store::Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
    }
}
