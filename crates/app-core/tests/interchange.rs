//! Imports, exports, backups and bundles through the application layer.

use std::path::Path;

use intrograph_app_core::interchange::{self, ExportTable};
use intrograph_app_core::views::interchange::{ExportKind, ImportFormat, ImportPlan};
use intrograph_app_core::Workspace;
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::reps;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A workspace in `dir` whose rep is Sam Rivera (as the first screen starts one).
fn workspace_with_rep(dir: &Path) -> Workspace {
    let ws = Workspace::open(&dir.join("w.db"));
    let mut input = PersonInput::named("Sam Rivera");
    input.source = "manual".into();
    ws.store()
        .unwrap()
        .write(|tx| {
            let rep = reps::add_new(tx, &input)?;
            reps::set_current_rep(tx, rep.id).map(drop)
        })
        .unwrap();
    ws
}

fn count(ws: &Workspace) -> u64 {
    people::count(ws.store().unwrap().conn()).unwrap() as u64
}

const LINKEDIN: &str = "Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nPriya,Raman,https://www.linkedin.com/in/priyaraman,priya@northwind.io,Northwind Analytics,\"VP Sales, EMEA\",24 Sep 2014\r\nTomás,Ó Briain,https://www.linkedin.com/in/tomas,,\"Kerrigan, Doyle & Partners\",Managing Partner,03 Jan 2023\r\n";

#[test]
fn a_linkedin_preview_stores_nothing_and_the_import_adds_people_and_ties() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path = write(d.path(), "Connections.csv", LINKEDIN);
    let plan = ImportPlan { path, format: Some(ImportFormat::Linkedin), ..Default::default() };
    let mut seen = Vec::new();
    let preview = interchange::import(&ws, &plan, true, &mut |p| seen.push(p)).unwrap();
    assert_eq!((preview.report.added, preview.report.relationships_added), (2, 2));
    assert_eq!(count(&ws), 1, "a preview stores nothing");
    assert!(!seen.is_empty(), "progress is reported");
    let done = interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    assert_eq!(done.report.added, 2);
    assert_eq!(count(&ws), 3);
    let again = interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    assert_eq!((again.report.added, again.report.unchanged), (0, 2), "re-importing adds nothing");
}

#[test]
fn an_applied_import_rebuilds_the_cached_graph_and_a_preview_keeps_it() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path = write(d.path(), "Connections.csv", LINKEDIN);
    let plan = ImportPlan { path, format: Some(ImportFormat::Linkedin), ..Default::default() };
    let before = ws.with_network(|_, n| Ok(n.relationship_count())).unwrap();
    interchange::import(&ws, &plan, true, &mut |_| {}).unwrap();
    assert_eq!(ws.cached_network(|n| n.relationship_count()), Some(before), "a preview changes nothing");
    let applied = interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    assert!(applied.report.relationships_added > 0);
    // The import dropped the graph; looking for likely duplicates built it again, with the new ties.
    let after = ws.cached_network(|n| n.relationship_count());
    assert!(
        after.is_none_or(|t| t == before + applied.report.relationships_added as usize),
        "the graph after an import is never the one before it: {after:?}"
    );
}

#[test]
fn a_contacts_csv_is_inspected_mapped_and_its_mapping_saved() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path =
        write(d.path(), "crm.csv", "Who,Mail,Employer,Score\nAda Lovelace,ada@example.com,Analytical,9\n");
    let inspection = interchange::inspect(&ws, ImportFormat::Csv, &path).unwrap();
    assert_eq!(inspection.headers, ["Who", "Mail", "Employer", "Score"]);
    assert_eq!(inspection.sample[0][0], "Ada Lovelace");
    let mapping = vec![Some("name".into()), Some("email".into()), Some("organisation".into()), None];
    let plan = ImportPlan {
        path: path.clone(),
        format: Some(ImportFormat::Csv),
        mapping: Some(mapping.clone()),
        headers: Some(inspection.headers.clone()),
        save_mapping_as: Some("My CRM".into()),
        ..Default::default()
    };
    let outcome = interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    assert_eq!((outcome.report.added, outcome.saved_mapping.as_deref()), (1, Some("My CRM")));
    let ada = people::find_by_name(ws.store().unwrap().conn(), "Ada Lovelace").unwrap();
    assert_eq!(people::get(ws.store().unwrap().conn(), ada[0]).unwrap().emails, ["ada@example.com"]);
    let again = interchange::inspect(&ws, ImportFormat::Csv, &path).unwrap();
    assert_eq!(again.saved_mappings, ["My CRM"]);
    assert_eq!(interchange::saved_mapping(&ws, "My CRM", &again.headers).unwrap(), mapping);
}

#[test]
fn a_contacts_csv_imports_through_a_mapping_saved_by_name() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path = write(d.path(), "crm.csv", "Who,Mail\nAda Lovelace,ada@example.com\n");
    let columns = ["Who=name".to_string(), "Mail=email".to_string()];
    let saved = interchange::save_mapping(&ws, "crm", &columns).unwrap();
    assert_eq!(saved.columns.len(), 2);
    assert_eq!(interchange::saved_mappings(&ws).unwrap().len(), 1);
    let plan = ImportPlan {
        path,
        format: Some(ImportFormat::Csv),
        saved_mapping: Some("crm".into()),
        ..Default::default()
    };
    let outcome = interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    assert_eq!(outcome.report.added, 1);
    assert!(interchange::save_mapping(&ws, "bad", &["Who=shoe_size".to_string()]).is_err());
}

#[test]
fn a_mapping_without_a_name_column_or_a_missing_file_is_refused_and_nothing_changes() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path = write(d.path(), "crm.csv", "Mail\nada@example.com\n");
    let plan = ImportPlan {
        path,
        format: Some(ImportFormat::Csv),
        mapping: Some(vec![Some("email".into())]),
        headers: Some(vec!["Mail".into()]),
        ..Default::default()
    };
    let e = interchange::import(&ws, &plan, false, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("no column holds a name"), "{e}");
    let e = interchange::inspect(&ws, ImportFormat::Csv, "relative.csv").unwrap_err();
    assert!(e.to_string().contains("not a full path"), "{e}");
    assert_eq!(count(&ws), 1);
}

#[test]
fn exports_are_formula_safe_and_written_whole() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path = write(d.path(), "p.csv", "name,emails\n\"=HYPERLINK(\"\"http://x\"\")\",h@example.com\n");
    let plan = ImportPlan { path, format: Some(ImportFormat::PeopleCsv), ..Default::default() };
    interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    let out = d.path().join("people");
    let r = interchange::export_csv_to(&ws, ExportKind::People, &out.display().to_string()).unwrap();
    assert_eq!(r.rows, 2);
    assert_eq!(r.path, d.path().join("people.csv").display().to_string(), ".csv is added");
    let text = std::fs::read_to_string(&r.path).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    let partial = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".partial-"));
    assert!(!partial, "no temporary file is left");
    let mut stdout = Vec::new();
    let rows = interchange::export_csv(&ws, ExportTable::Requests, &mut stdout).unwrap();
    assert_eq!(rows, 0);
    assert!(!stdout.is_empty(), "the header is written");
}

#[test]
fn a_damaged_database_is_refused_at_start_and_recovered_from_its_latest_backup() {
    let d = dir();
    let path = d.path().join("w.db");
    {
        let ws = workspace_with_rep(d.path());
        interchange::backup_now(&ws).unwrap();
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(d.path().join(format!("w.db{suffix}")));
    }
    std::fs::write(&path, "not a database any more\n".repeat(100)).unwrap();
    let ws = Workspace::open(&path);
    let e = ws.store().err().expect("a damaged file is refused");
    assert_eq!(e.code(), "Damaged", "{e}");
    assert_eq!(
        interchange::backups_of(&path).unwrap().len(),
        1,
        "backups are listed without opening the file"
    );
    let done = interchange::recover(&ws).unwrap();
    assert!(done.previous_kept_at.is_some(), "the damaged file is kept");
    assert_eq!(count(&ws), 1, "the rep is back");
}

#[test]
fn a_backup_is_listed_and_restoring_it_brings_the_data_back() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let listed = interchange::backup_now(&ws).unwrap();
    assert_eq!(listed.backups.len(), 1);
    let path = write(d.path(), "p.csv", "name\nLate Addition\n");
    let plan = ImportPlan { path, format: Some(ImportFormat::PeopleCsv), ..Default::default() };
    interchange::import(&ws, &plan, false, &mut |_| {}).unwrap();
    assert_eq!(count(&ws), 2);
    let restored = interchange::restore(&ws, &listed.backups[0].path).unwrap();
    assert!(restored.previous_kept_at.is_some());
    assert_eq!(count(&ws), 1, "the store was reopened on the backup");
    let e = interchange::restore(&ws, &write(d.path(), "junk.db", "not a database")).unwrap_err();
    assert!(!e.to_string().is_empty());
    assert_eq!(count(&ws), 1, "a bad backup changes nothing");
}

#[test]
fn a_json_backup_restores_into_an_empty_workspace_and_a_bundle_merges() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let json = interchange::json_backup_to(&ws, &d.path().join("all").display().to_string()).unwrap();
    assert!(json.path.ends_with("all.json") && json.rows > 0, "{json:?}");
    let bundle = d.path().join("team.bundle");
    let exported = interchange::export_bundle(&ws, &bundle).unwrap();
    assert!(exported.total() > 0);

    let fresh = Workspace::open(&d.path().join("fresh.db"));
    let summary = interchange::json_restore(&fresh, Path::new(&json.path), false).unwrap();
    assert_eq!(summary.rows(), json.rows);
    assert_eq!(count(&fresh), 1);
    let e = interchange::json_restore(&fresh, Path::new(&json.path), false).unwrap_err();
    assert!(e.to_string().contains("--replace"), "{e}");

    let other = Workspace::open(&d.path().join("other.db"));
    let report = interchange::import_bundle(&other, &bundle).unwrap();
    assert!(report.total_added() > 0);
    assert_eq!(count(&other), 1);
}

#[test]
fn the_file_check_passes_a_sound_file_and_a_copy_restores() {
    let d = dir();
    let ws = workspace_with_rep(d.path());
    let path = ws.database().unwrap().to_path_buf();
    let (report, verdict) = interchange::check_database(&path).unwrap();
    assert!(report.ok && verdict.is_ok(), "{report:?}");
    let made = interchange::create_backup(&ws, Some(&d.path().join("copy.db"))).unwrap();
    drop(ws);
    let restored = interchange::restore_database(&path, Some(&made.path)).unwrap();
    assert_eq!(restored.restored, made.path);
}
