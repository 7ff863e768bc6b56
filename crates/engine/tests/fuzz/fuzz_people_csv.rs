//! No panic on any people CSV file; a failed import names the file and stores nothing.

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::{people, Store};
use intrograph_engine::Error;

const SEEDS: &[&str] = &[
    "name,email,phone,organisation,title,linkedin_url,tags,notes,id\n\
     Ann Lee,ann@acme.com;ann@gmail.com,+1 555 0100,Acme Corp,VP Sales,https://www.linkedin.com/in/ann-lee,client;board,\"met at \"\"SaaStr\"\"\",\n\
     Bob Stone,bob@globex.com,,Globex,CFO,,,,\n",
    "Full Name,E-mail,Company\nBob Stone,bob@globex.com,Globex\nbob stone,BOB@globex.com,Globex\n",
    "name\nCat Diaz\n\"Dan, Jr.\"\n",
    "name,id\nEve Ng,01a2087d-856f-7147-a2bb-24540ea9fb97\n",
];

fn run(bytes: &[u8]) {
    let mut store = Store::open_in_memory().unwrap();
    let result = import::people_from_reader(&mut store, "fuzz.csv", bytes, &ImportOptions::default());
    let stored = people::count(store.conn()).unwrap();
    match result {
        Ok(report) => assert!(stored <= report.rows, "{stored} people from {} rows", report.rows),
        Err(e) => {
            if let Error::Input { location, .. } = &e {
                assert!(location.contains("fuzz.csv"), "the error names the file: {e}");
            }
            assert_eq!(stored, 0, "a failed import stored nothing: {e}");
        }
    }
}

target!(people_csv, SEEDS, run);
