//! No panic on any relationships CSV file; a failed import stores nothing.

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::Store;

const SEEDS: &[&str] = &[
    "person_a,person_b,kind,strength,verified,last_contact,since,notes\n\
     ann@acme.com,bob@globex.com,colleague,4,yes,2025-02-01,2019-05-01,worked together\n\
     Ann Lee,Cat Diaz,friend,5,no,,,\n",
    "person_a,person_b\nbob@globex.com,cat@initech.com\nBob Stone,Ann Lee\n",
    "person_a,person_b,strength\nann@acme.com,ann@acme.com,9\n",
];

fn run(bytes: &[u8]) {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            for (name, email) in [
                ("Ann Lee", "ann@acme.com"),
                ("Bob Stone", "bob@globex.com"),
                ("Cat Diaz", "cat@initech.com"),
            ] {
                people::add(
                    tx,
                    &PersonInput { full_name: name.into(), emails: vec![email.into()], ..Default::default() },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let count = |s: &Store| -> i64 {
        s.conn().query_row("SELECT COUNT(*) FROM relationships", [], |r| r.get(0)).unwrap()
    };
    if let Err(e) =
        import::relationships_from_reader(&mut store, "ties.csv", bytes, &ImportOptions::default())
    {
        assert!(!e.to_string().is_empty());
        assert_eq!(count(&store), 0, "a failed import stored nothing: {e}");
        assert_eq!(people::count(store.conn()).unwrap(), 3);
    }
}

target!(relationships_csv, SEEDS, run);
