//! The store: SQLite reads and writes, search, merges, migrations, backups and exports.
//!
//! One test binary; each module was a binary of its own.

mod bundle_merge;
mod data_safety;
mod duplicates;
mod export_backup;
mod export_csv;
#[path = "../import/import_common.rs"]
mod import_common;
mod import_merge;
mod migrations_every_version;
mod network_load_for_graph;
mod network_load_split;
mod people_search;
mod people_search_name_order;
mod people_search_short;
#[path = "../pipeline/pipeline_common.rs"]
mod pipeline_common;
mod relationship_owner;
mod search_common;
mod store_network;
mod store_people;
mod sync_capture;
mod undo_actions;
