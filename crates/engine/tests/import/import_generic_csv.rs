//! Generic contacts CSV: recognised exports, saved mappings and character encodings.

use crate::import_common;

use import_common::*;
use intrograph_engine::import::generic_csv::Mapping;
use intrograph_engine::import::{self, Format, ImportOptions};
use intrograph_engine::store::{mappings, organisations, people};

#[test]
fn google_contacts_export() {
    let mut store = workspace();
    let r = import_file(&mut store, Format::Csv, "google-contacts.csv", &ImportOptions::default()).unwrap();
    assert_eq!((r.rows, r.added, r.merged, r.skipped), (4, 2, 1, 1), "{r:#?}");
    assert!(r.notes.iter().any(|n| n.contains("Google Contacts")), "{:?}", r.notes);
    assert_eq!(r.skips[0].location, "google-contacts.csv, line 4");
    let conn = store.conn();
    let ana = people::find_by_email(conn, "ana@souza.net").unwrap().unwrap();
    let ana = people::get(conn, ana).unwrap();
    assert_eq!(ana.emails, vec!["ana.souza@transvia.com.br", "ana@souza.net"]);
    assert_eq!(ana.tags, vec!["Clients", "Partners", "São Paulo"]);
    assert_eq!(ana.linkedin_url.as_deref(), Some("https://www.linkedin.com/in/anasouza"));
    assert_eq!(organisations::positions(conn, ana.id).unwrap()[0].employment.title, "Diretora Comercial");
    let ben = people::find_by_email(conn, "ben.okafor@ledgerline.co.uk").unwrap().unwrap();
    assert_eq!(people::get(conn, ben).unwrap().full_name, "Ben J. Okafor");
}

#[test]
fn outlook_export_in_windows_1252_is_detected_not_garbled() {
    let mut store = workspace();
    let r = import_file(&mut store, Format::Csv, "outlook.csv", &ImportOptions::default()).unwrap();
    assert_eq!(r.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(r.added, 2);
    let conn = store.conn();
    let f =
        people::get(conn, people::find_by_email(conn, "francois.lefevre@sfe.fr").unwrap().unwrap()).unwrap();
    assert_eq!(f.full_name, "François Lefèvre");
    assert_eq!(f.title, "Directeur des achats");
    assert_eq!(f.notes, "Prefers calls – not email; met at Salon Énergie");
    assert_eq!(f.tags, vec!["Energy", "Paris"]);
    assert_eq!(
        organisations::positions(conn, f.id).unwrap()[0].organisation_name,
        "Société Française d'Énergie"
    );
    let g =
        people::get(conn, people::find_by_email(conn, "greta@koeln-logistik.de").unwrap().unwrap()).unwrap();
    assert_eq!(g.full_name, "Greta Müller-Lüdenscheidt");
    assert_eq!(g.phones.len(), 2);
}

#[test]
fn a_wrong_chosen_encoding_fails_and_writes_nothing() {
    let mut store = workspace();
    let before = snapshot(&store);
    let options = ImportOptions { encoding: Some("utf-8".into()), ..Default::default() };
    let e = import_file(&mut store, Format::Csv, "outlook.csv", &options).unwrap_err().to_string();
    assert!(e.contains("not valid UTF-8") && e.contains("--encoding"), "{e}");
    assert_eq!(snapshot(&store), before);
}

#[test]
fn hubspot_and_salesforce_exports_utf16() {
    let mut store = workspace();
    let r = import_file(&mut store, Format::Csv, "hubspot.csv", &ImportOptions::default()).unwrap();
    assert_eq!(r.added, 2);
    assert!(r.notes.iter().any(|n| n.contains("HubSpot")));
    let r = import_file(&mut store, Format::Csv, "salesforce-utf16.csv", &ImportOptions::default()).unwrap();
    assert_eq!(r.encoding.as_deref(), Some("UTF-16LE"));
    assert!(r.notes.iter().any(|n| n.contains("Salesforce")));
    let conn = store.conn();
    let i = people::get(conn, people::find_by_email(conn, "ingrid@nordlys.no").unwrap().unwrap()).unwrap();
    assert_eq!(i.full_name, "Ingrid Sørensen");
    assert_eq!(organisations::positions(conn, i.id).unwrap()[0].organisation_name, "Nordlys Energi AS");
    let s =
        people::get(conn, people::find_by_email(conn, "segun@lagosfreight.ng").unwrap().unwrap()).unwrap();
    assert_eq!(s.notes, "Asked for a pricing sheet in Q3");
}

#[test]
fn unknown_headers_need_a_saved_mapping_which_is_reusable() {
    let mut store = workspace();
    let e = import_file(&mut store, Format::Csv, "crm-export.csv", &ImportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("mapping save"), "{e}");
    let mapping = Mapping::parse(
        "crm",
        &["Who=name", "Mail=email", "Firm=organisation", "Role=title", "Segment=tags"].map(String::from),
    )
    .unwrap();
    store.write(|tx| mappings::save(tx, &mapping)).unwrap();
    assert_eq!(mappings::list(store.conn()).unwrap(), vec![mapping.clone()]);
    let with = ImportOptions { mapping: Some("crm".into()), ..Default::default() };
    let r = import_file(&mut store, Format::Csv, "crm-export.csv", &with).unwrap();
    assert_eq!(r.added, 2);
    let conn = store.conn();
    let d = people::get(conn, people::find_by_email(conn, "dana@whitfield-capital.com").unwrap().unwrap())
        .unwrap();
    assert_eq!((d.title.as_str(), d.tags.clone()), ("Partner", vec!["investor".to_string()]));
    let again = import_file(&mut store, Format::Csv, "crm-export.csv", &with).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 2));
    let missing = ImportOptions { mapping: Some("nope".into()), ..Default::default() };
    assert!(import_file(&mut store, Format::Csv, "crm-export.csv", &missing).is_err());
}

#[test]
fn a_ten_megabyte_field_is_refused_with_its_line() {
    let mut text = String::from("Name,Email,Notes\nAnn Lee,ann@acme.com,short\nBob Stone,bob@acme.com,\"");
    text.push_str(&"x".repeat(10 << 20));
    text.push_str("\"\n");
    let mut store = workspace();
    let before = snapshot(&store);
    let e = import::contacts_from_reader(
        &mut store,
        Format::Csv,
        "big.csv",
        text.as_bytes(),
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("big.csv") && e.contains("line 3 is longer than 1 MiB"), "{e}");
    assert_eq!(snapshot(&store), before, "a failed import changes nothing");
}
