//! No input makes an importer panic: arbitrary bytes, and text built from the pieces the
//! formats are made of, either import or fail with an error.

use crate::import_common;

use import_common::workspace;
use intrograph_engine::import::{self, Format, ImportOptions};
use proptest::prelude::*;

fn every_importer(bytes: &[u8]) {
    let mut store = workspace();
    for format in [Format::Linkedin, Format::Vcard, Format::Csv] {
        for dry_run in [true, false] {
            let options = ImportOptions { dry_run, ..Default::default() };
            let _ = import::contacts_from_reader(&mut store, format, "p", bytes, None, &options, &mut |_| {});
        }
    }
    let _ = import::people_from_reader(&mut store, "p", bytes, &ImportOptions::default());
    let _ = import::relationships_from_reader(&mut store, "p", bytes, &ImportOptions::default());
}

/// Fragments of vCard and CSV text, glued together at random.
fn pieces() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "BEGIN:VCARD\r\n",
        "END:VCARD\r\n",
        "VERSION:2.1\n",
        "FN:Ann Lee\n",
        "N:Lee;Ann;;;\n",
        "item1.EMAIL;type=pref:ann@acme.com\n",
        "EMAIL:bad email\n",
        "NOTE;ENCODING=QUOTED-PRINTABLE:a=\n",
        "=C3=\n",
        "TITLE;CHARSET=x-unknown;QUOTED-PRINTABLE:=ZZ=\n",
        " folded\n",
        "\tfolded\n",
        "PHOTO;ENCODING=b:AAAA\n",
        "ORG:\\;\\,\\\n",
        "CATEGORIES:,,\n",
        ":\n",
        ";;;:\n",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        "Name,Email,Company,Labels\n",
        "name,email,organisation,id\n",
        "person_a,person_b,strength\n",
        "\"a,\"\"b\",c,d,e,f,g\n",
        "Ann,Lee,https://linkedin.com/in/x,ann@acme.com,Acme,VP,31 Feb 2020\n",
        ",,,,,,\n",
        "\"unterminated\n",
        "\u{feff}",
        "\r",
        "\n",
        "Zoë,ü,漢字,🙂\n",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        every_importer(&bytes);
    }

    #[test]
    fn format_fragments_never_panic(text in pieces()) {
        every_importer(text.as_bytes());
    }

    #[test]
    fn utf16_and_latin1_forms_never_panic(text in pieces()) {
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        every_importer(&le);
        let latin: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        every_importer(&latin);
    }
}
