//! CSV exports: every table readable back, formula-safe, relationships with weights.

use crate::import_common;

use chrono::NaiveDate;
use import_common::*;
use intrograph_engine::export;
use intrograph_engine::import::{Format, ImportOptions};
use intrograph_engine::pipeline::metrics::{By, Filter};
use intrograph_engine::pipeline::Period;

fn seeded() -> intrograph_engine::store::Store {
    let mut store = workspace();
    for (format, file) in
        [(Format::Linkedin, "Connections.csv"), (Format::Vcard, "contacts.vcf"), (Format::Csv, "hubspot.csv")]
    {
        import_file(&mut store, format, file, &ImportOptions::default()).unwrap();
    }
    store
}

fn parse(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new().has_headers(false).from_reader(bytes).records().map(|r| r.unwrap()).collect()
}

fn assert_formula_safe(rows: &[csv::StringRecord]) {
    for r in rows {
        for cell in r {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "unsafe cell {cell:?}");
        }
    }
}

#[test]
fn people_export_is_formula_safe_and_complete() {
    let store = seeded();
    let mut out = Vec::new();
    let n = export::people_csv(&store, &mut out).unwrap();
    let rows = parse(&out);
    assert_eq!(rows.len() as u64, n + 1);
    assert_eq!(n, intrograph_engine::store::people::count(store.conn()).unwrap());
    assert_eq!(&rows[0].iter().collect::<Vec<_>>(), &export::PEOPLE_HEADERS);
    assert_formula_safe(&rows);
    let leila = rows.iter().find(|r| &r[1] == "Leila Haddad").unwrap();
    assert_eq!(&leila[2], "'=HYPERLINK(\"http://evil.example\",\"CEO\")");
    let phones = rows.iter().find(|r| &r[1] == "Dr. Jürgen Müller").unwrap();
    assert_eq!(&phones[5], "'+49 40 1234567; +49 171 7654321");
}

#[test]
fn relationships_export_carries_introduction_weights() {
    let store = seeded();
    let mut out = Vec::new();
    let n =
        export::relationships_csv(&store, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), &mut out).unwrap();
    assert_eq!(n, 4);
    let rows = parse(&out);
    assert_formula_safe(&rows);
    for r in &rows[1..] {
        assert_eq!(&r[5], "linkedin_connection");
        let w: f64 = r[10].parse().unwrap();
        assert!(w > 0.0 && w.is_finite(), "weight {w}");
    }
}

#[test]
fn requests_and_metrics_export() {
    let store = seeded();
    let mut out = Vec::new();
    assert_eq!(export::requests_csv(&store, &mut out).unwrap(), 0);
    assert_eq!(parse(&out)[0].len(), export::REQUEST_HEADERS.len());
    let filter = Filter {
        period: Period::new(
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        )
        .unwrap(),
        offset: chrono::FixedOffset::east_opt(0).unwrap(),
        rep: None,
    };
    let mut out = Vec::new();
    let n = export::metrics_csv(&store, &filter, By::All, &mut out).unwrap();
    let rows = parse(&out);
    assert_eq!(rows.len() as u64, n + 1);
    assert_eq!(&rows[0][4], "reached_draft");
    assert_formula_safe(&rows);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for (table, header, rows) in [
        (export::MetricsTable::Sources, "lead_source", 6),
        (export::MetricsTable::Activity, "rep", 1),
        (export::MetricsTable::TopSources, "source", 0),
    ] {
        let mut out = Vec::new();
        let n = export::metrics_table_csv(&store, table, &filter, By::All, today, &mut out).unwrap();
        let parsed = parse(&out);
        assert_eq!((n, parsed.len() as u64), (rows, rows + 1), "{table:?}");
        assert!(parsed[0].iter().any(|h| h == header), "{table:?}: {:?}", parsed[0]);
    }
}
