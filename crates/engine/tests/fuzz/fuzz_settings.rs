//! No panic on any stored setting (weight constants, current rep) or settings file.

use intrograph_engine::location;
use intrograph_engine::store::{reps, settings, Store};
use intrograph_engine::suggest;

const SEEDS: &[&str] = &[
    r#"{"strength_factors":[0.2,0.4,0.6,0.8,1.0],"unverified_factor":0.8,"recency_half_life_days":365,"recency_floor":0.3,"unknown_contact_factor":0.7}"#,
    r#"{"recency_half_life_days":-1,"strength_factors":[1e308,0,0,0]}"#,
    r#""01a2087d-856f-7147-a2bb-24540ea9fb97""#,
    r#"{"database":"/tmp/net.db"}"#,
];

fn run(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?3), (?2, ?3)",
            (suggest::WEIGHT_PARAMS, settings::CURRENT_REP, text.as_ref()),
        )
        .unwrap();
    if let Ok(params) = suggest::weight_params(store.conn()) {
        let _ = params.validate();
    }
    let _ = reps::current_rep(store.conn());
    let _ = store.write(|tx| settings::remove(tx, settings::CURRENT_REP));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    std::fs::write(&path, bytes).unwrap();
    if let Err(e) = location::load_config(&path) {
        assert!(e.to_string().contains("config.json"), "the error names the file: {e}");
    }
}

target!(settings_json, SEEDS, run);
