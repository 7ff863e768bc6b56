//! Importers: contacts (LinkedIn, vCard, generic CSV), the strict people and relationships CSVs.
//!
//! One test binary; each module was a binary of its own.

mod import_bulk;
mod import_common;
mod import_contacts_csv_cases;
mod import_csv;
mod import_generic_csv;
mod import_linkedin;
mod import_mail;
mod import_people_bulk;
mod import_property;
mod import_round_trip;
mod import_text_hygiene;
mod import_vcard;
mod import_vcard_cases;
#[path = "../store/search_common.rs"]
mod search_common;
