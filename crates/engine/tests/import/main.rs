//! Importers: contacts (LinkedIn, vCard, generic CSV), the strict people and relationships CSVs.
//!
//! One test binary; each module was a binary of its own.

mod import_bulk;
mod import_common;
mod import_csv;
mod import_generic_csv;
mod import_linkedin;
mod import_people_bulk;
mod import_property;
mod import_vcard;
#[path = "../store/search_common.rs"]
mod search_common;
