//! vCard 2.1, 3.0 and 4.0 through the import pipeline.

use crate::import_common;

use import_common::*;
use intrograph_engine::import::{self, Format, ImportOptions};
use intrograph_engine::store::{organisations, people};

#[test]
fn cards_of_every_version_import_with_their_details() {
    let mut store = workspace();
    let r = import_file(&mut store, Format::Vcard, "contacts.vcf", &ImportOptions::default()).unwrap();
    assert_eq!(r.rows, 5);
    assert_eq!((r.added, r.merged, r.skipped), (4, 1, 0), "{r:#?}");
    // A card with an email and no name is a person named after the email, reported.
    assert!(r.notes.contains(
        &"contacts.vcf, card 4 (line 101): the record has no name; named \"noname@example.org\" after its email"
            .to_string()
    ));
    assert_eq!(r.relationships_added, 0, "a vCard import links nobody to the rep");
    let conn = store.conn();

    // 2.1: quoted-printable with charsets, soft line breaks, bare parameters.
    let j = people::find_by_email(conn, "j.mueller@hanse-maschinenbau.de").unwrap().unwrap();
    let j = people::get(conn, j).unwrap();
    assert_eq!(j.full_name, "Dr. Jürgen Müller");
    assert_eq!(j.title, "Geschäftsführer");
    assert_eq!(j.phones, vec!["+49 40 1234567", "+49 171 7654321"]);
    assert_eq!(
        j.notes,
        "Met at Hannover Messe 2023.\r\nInterested in the fleet pilot.\nDepartment: Vertrieb"
    );
    assert_eq!(organisations::positions(conn, j.id).unwrap()[0].organisation_name, "Hanse Maschinenbau AG");

    // 3.0: grouped properties, escapes, LinkedIn URL, categories, a photo skipped.
    let s = people::find_by_email(conn, "s.oconnor@gmail.com").unwrap().unwrap();
    let s = people::get(conn, s).unwrap();
    assert_eq!(s.full_name, "Siobhán O'Connor");
    assert_eq!(s.emails, vec!["siobhan@brightwave.ie", "s.oconnor@gmail.com"]);
    assert_eq!(s.phones, vec!["+353 87 555 0101", "+353 1 555 0199"], "the last card merged into her");
    assert_eq!(s.linkedin_url.as_deref(), Some("https://www.linkedin.com/in/siobhanoconnor"));
    assert_eq!(s.tags, vec!["Dublin", "Media", "Warm lead"]);
    assert_eq!(
        s.notes,
        "Intro via Priya; owes us a coffee.\nPrefers WhatsApp, not email.\nWeb: https://brightwave.ie"
    );
    assert_eq!(organisations::positions(conn, s.id).unwrap()[0].organisation_name, "Brightwave Media, Ltd.");

    // 4.0: typed emails, tel: URIs, social profile, data-URI photo.
    let k = people::find_by_email(conn, "kwame@mensah.family").unwrap().unwrap();
    let k = people::get(conn, k).unwrap();
    assert_eq!(k.emails.len(), 2);
    assert_eq!(k.phones, vec!["+233-24-555-0199"]);
    assert_eq!(k.linkedin_url.as_deref(), Some("https://www.linkedin.com/in/kwamemensah"));
    assert_eq!(k.tags, vec!["Fintech"]);
}

#[test]
fn reimporting_adds_nothing_and_the_preview_agrees() {
    let mut store = workspace();
    let preview = import_file(&mut store, Format::Vcard, "contacts.vcf", &dry()).unwrap();
    let first = import_file(&mut store, Format::Vcard, "contacts.vcf", &ImportOptions::default()).unwrap();
    assert_eq!(counts(&preview), first);
    let before = snapshot(&store);
    let again = import_file(&mut store, Format::Vcard, "contacts.vcf", &ImportOptions::default()).unwrap();
    assert_eq!((again.added, again.updated, again.merged, again.unchanged), (0, 0, 0, 5), "{again:#?}");
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_huge_photo_streams_past_and_a_huge_note_skips_its_card() {
    let line = "A".repeat(76);
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:");
    for _ in 0..(12 * 1024 * 1024 / 76) {
        text.push_str(&line);
        text.push_str("\r\n ");
    }
    text.push_str("AA\r\nEND:VCARD\r\n");
    // A 4.0 photo on one unfolded 3 MB line.
    text.push_str(&format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:One Line\r\nPHOTO:data:image/png;base64,{}\r\nEND:VCARD\r\n",
        "B".repeat(3 << 20)
    ));
    text.push_str(&format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Long Note\r\nNOTE:{}\r\nEND:VCARD\r\n",
        "C".repeat(2 << 20)
    ));
    // A 2.1 quoted-printable note of 2 MB in soft-broken lines.
    text.push_str("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Soft Breaks\r\nNOTE;ENCODING=QUOTED-PRINTABLE:");
    for _ in 0..(2 << 20) / 72 {
        text.push_str(&"=41".repeat(24));
        text.push_str("=\r\n");
    }
    text.push_str("end\r\nEND:VCARD\r\n");
    let mut store = workspace();
    let r = import::contacts_from_reader(
        &mut store,
        Format::Vcard,
        "big.vcf",
        text.as_bytes(),
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((r.added, r.skipped), (2, 2), "{r:#?}");
    assert!(r.skips[0].location.starts_with("big.vcf, card 3"));
    assert!(r.skips[1].location.starts_with("big.vcf, card 4"));
    assert!(r.skips.iter().all(|s| s.reason.contains("longer than 1 MiB")), "{:?}", r.skips);
}

#[test]
fn a_file_that_is_not_a_vcard_changes_nothing() {
    let mut store = workspace();
    let before = snapshot(&store);
    let e = import_file(&mut store, Format::Vcard, "people.csv", &ImportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("BEGIN:VCARD"), "{e}");
    assert_eq!(snapshot(&store), before);
}
