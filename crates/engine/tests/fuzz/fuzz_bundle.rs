//! No panic on any bundle file; a bundle that fails to merge stores nothing.

use intrograph_engine::store::bundle::{self, Bundle};
use intrograph_engine::store::{people, Store};

const SEEDS: &[&str] = &[
    r#"{"format":"intrograph-bundle","version":1,"exported_at":"2026-11-23T12:59:36.420Z","tables":{"assessments":[],"employments":[{"current":1,"end_date":null,"id":"01a2087d-8570-745d-a8e5-2e51ad7a47be","organisation_id":"01a2087d-856f-7147-a2bb-2455ce41c33d","person_id":"01a2087d-856f-7147-a2bb-24540ea9fb97","start_date":null,"title":""}],"goals":[],"intro_requests":[],"opportunities":[],"organisations":[{"created_at":"2026-11-23 12:59:33.615+00:00","domain":null,"id":"01a2087d-856f-7147-a2bb-2455ce41c33d","name":"Acme Corp","name_key":"acme corp","notes":"","updated_at":"2026-11-23 12:59:33.615+00:00"}],"people":[{"created_at":"2026-11-23 12:59:33.615+00:00","emails":["ann@acme.com"],"full_name":"Ann Lee","id":"01a2087d-856f-7147-a2bb-24540ea9fb97","linkedin_url":null,"name_key":"ann lee","notes":"","phones":[],"source":"manual","tags":["client"],"title":"","updated_at":"2026-11-23 12:59:33.615+00:00"},{"created_at":"2026-11-23 12:59:33.734+00:00","emails":["bob@globex.com"],"full_name":"Bob Stone","id":"01a2087d-85e6-758f-9141-e73b40fe0678","linkedin_url":null,"name_key":"bob stone","notes":"","phones":[],"source":"manual","tags":[],"title":"","updated_at":"2026-11-23 12:59:33.734+00:00"}],"relationships":[{"created_at":"2026-11-23 12:59:33.770+00:00","id":"01a2087d-860a-73e3-973c-21318a3edbbe","kind":"other","last_contact":null,"notes":"","person_a":"01a2087d-856f-7147-a2bb-24540ea9fb97","person_b":"01a2087d-85e6-758f-9141-e73b40fe0678","since":null,"source":"manual","strength":4,"updated_at":"2026-11-23 12:59:33.770+00:00","verified_at":null}],"reps":[{"active":1,"created_at":"2026-11-23 12:59:36.357+00:00","id":"01a2087d-9025-7740-b794-dde1f9a9b4f9","person_id":"01a2087d-85e6-758f-9141-e73b40fe0678","updated_at":"2026-11-23 12:59:36.357+00:00"}],"request_history":[],"touches":[]}}"#,
    r#"{"format":"intrograph-bundle","version":1,"exported_at":"2026-01-01T00:00:00Z","tables":{}}"#,
];

fn run(bytes: &[u8]) {
    let Ok(parsed) = serde_json::from_slice::<Bundle>(bytes) else { return };
    if bundle::check(&parsed).is_err() {
        return;
    }
    let mut store = Store::open_in_memory().unwrap();
    if let Err(e) = bundle::import(&mut store, &parsed) {
        assert!(!e.to_string().is_empty());
        assert_eq!(people::count(store.conn()).unwrap(), 0, "a failed merge stored nothing: {e}");
    }
}

target!(bundle_json, SEEDS, run);

#[test]
fn the_seeds_are_bundles_that_merge() {
    for seed in SEEDS {
        let parsed: Bundle = serde_json::from_str(seed).unwrap();
        bundle::check(&parsed).unwrap();
        bundle::import(&mut Store::open_in_memory().unwrap(), &parsed).unwrap();
    }
}
