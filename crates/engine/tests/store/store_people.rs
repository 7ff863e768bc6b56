//! People, organisations, employment, reps and resolution in the store.

use intrograph_engine::model::Target;
use intrograph_engine::store::organisations::{self, EmploymentInput, OrganisationInput, OrganisationPatch};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::{reps, resolve_target, settings, Page, Store};
use intrograph_engine::Error;

fn person(name: &str, email: &str, org: &str) -> PersonInput {
    PersonInput {
        full_name: name.into(),
        emails: if email.is_empty() { vec![] } else { vec![email.into()] },
        organisation: (!org.is_empty()).then(|| org.into()),
        ..PersonInput::default()
    }
}

#[test]
fn person_round_trips_with_every_field() {
    let mut store = Store::open_in_memory().unwrap();
    let input = PersonInput {
        full_name: "  Ann   Lee ".into(),
        title: "VP Sales".into(),
        emails: vec!["Ann@Acme.com".into(), "ann.lee@gmail.com".into(), "ann@acme.com".into()],
        phones: vec!["+1 555 0100".into()],
        linkedin_url: Some("linkedin.com/in/ann-lee/".into()),
        tags: vec!["client".into(), "Board".into(), "CLIENT".into()],
        notes: "met at SaaStr".into(),
        source: "manual".into(),
        organisation: Some("Acme Corp".into()),
        id: None,
    };
    let added = store.write(|tx| people::add(tx, &input)).unwrap();
    assert_eq!(added.full_name, "Ann Lee");
    assert_eq!(added.emails, vec!["ann@acme.com", "ann.lee@gmail.com"]);
    assert_eq!(added.phones, vec!["+1 555 0100"]);
    assert_eq!(added.tags, vec!["Board", "client"]);
    assert_eq!(added.linkedin_url.as_deref(), Some("https://www.linkedin.com/in/ann-lee"));
    assert_eq!(people::get(store.conn(), added.id).unwrap(), added);
    assert_eq!(people::name(store.conn(), added.id).unwrap(), "Ann Lee");
    let nobody = intrograph_engine::model::PersonId(uuid::Uuid::nil());
    assert!(people::name(store.conn(), nobody).unwrap_err().to_string().contains("person"));

    let positions = organisations::positions(store.conn(), added.id).unwrap();
    assert_eq!(positions.len(), 1);
    assert_eq!(positions[0].organisation_name, "Acme Corp");
    assert_eq!(positions[0].employment.title, "VP Sales");
    assert!(positions[0].employment.current);

    // A second person at "acme  corp" joins the same organisation.
    let bob = store.write(|tx| people::add(tx, &person("Bob Stone", "", "ACME corp"))).unwrap();
    assert_eq!(organisations::count(store.conn()).unwrap(), 1);
    let org = organisations::resolve_organisation(store.conn(), "acme corp").unwrap();
    let staff = organisations::employees(store.conn(), org.id, true).unwrap();
    assert_eq!(staff.iter().map(|e| e.full_name.as_str()).collect::<Vec<_>>(), vec!["Ann Lee", "Bob Stone"]);

    // Ending a position moves it to the past.
    let emp = organisations::positions(store.conn(), bob.id).unwrap().remove(0).employment;
    let end = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
    store.write(|tx| organisations::end_employment(tx, emp.id, Some(end))).unwrap();
    assert_eq!(organisations::employees(store.conn(), org.id, true).unwrap().len(), 1);
    let past = organisations::employees(store.conn(), org.id, false).unwrap();
    assert_eq!(past[0].full_name, "Bob Stone");
    assert_eq!(past[0].employment.end, Some(end));
}

#[test]
fn edit_patches_and_bumps_updated_at() {
    let mut store = Store::open_in_memory().unwrap();
    let p = store.write(|tx| people::add(tx, &person("Ann Lee", "ann@acme.com", ""))).unwrap();
    let same = store.write(|tx| people::edit(tx, p.id, &PersonPatch::default())).unwrap();
    assert_eq!(same, p);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let patch = PersonPatch {
        full_name: Some("Ann Lee-Smith".into()),
        emails: Some(vec!["ANN@new.com".into()]),
        tags: Some(vec!["friend".into()]),
        linkedin_url: Some(None),
        ..PersonPatch::default()
    };
    let edited = store.write(|tx| people::edit(tx, p.id, &patch)).unwrap();
    assert_eq!(edited.full_name, "Ann Lee-Smith");
    assert_eq!(edited.emails, vec!["ann@new.com"]);
    assert_eq!(edited.tags, vec!["friend"]);
    assert_eq!(edited.created_at, p.created_at);
    assert!(edited.updated_at > p.updated_at);
    assert_eq!(people::get(store.conn(), p.id).unwrap(), edited);

    let err = store.write(|tx| {
        people::edit(tx, p.id, &PersonPatch { full_name: Some(" ".into()), ..Default::default() })
    });
    assert!(matches!(err, Err(Error::Invalid { .. })));
}

#[test]
fn list_is_sorted_and_paginated_and_search_matches_name_email_and_organisation() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            people::add(tx, &person("Carla Diaz", "carla@globex.com", "Globex"))?;
            people::add(tx, &person("ann lee", "ann@acme.com", "Acme"))?;
            people::add(tx, &person("Bob Stone", "bob@initech.com", ""))?;
            Ok(())
        })
        .unwrap();
    let names =
        |v: Vec<intrograph_engine::model::Person>| v.into_iter().map(|p| p.full_name).collect::<Vec<_>>();
    assert_eq!(
        names(people::list(store.conn(), Page::ALL).unwrap()),
        vec!["ann lee", "Bob Stone", "Carla Diaz"]
    );
    assert_eq!(names(people::list(store.conn(), Page { offset: 1, limit: 1 }).unwrap()), vec!["Bob Stone"]);
    assert_eq!(names(people::search(store.conn(), "LEE", Page::ALL).unwrap()), vec!["ann lee"]);
    assert_eq!(names(people::search(store.conn(), "initech", Page::ALL).unwrap()), vec!["Bob Stone"]);
    assert_eq!(names(people::search(store.conn(), "glob", Page::ALL).unwrap()), vec!["Carla Diaz"]);
    assert!(people::search(store.conn(), "nobody", Page::ALL).unwrap().is_empty());
    assert_eq!(people::count(store.conn()).unwrap(), 3);
}

#[test]
fn resolution_exact_prefix_ambiguous_and_not_found() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, ann2, bob) = store
        .write(|tx| {
            Ok((
                people::add(tx, &person("Ann Lee", "ann@acme.com", "Acme"))?,
                people::add(tx, &person("Ann Leeson", "al@globex.com", "Globex"))?,
                people::add(tx, &person("Bob Stone", "bob@initech.com", ""))?,
            ))
        })
        .unwrap();
    let conn = store.conn();
    let r = |q: &str| people::resolve_person(conn, q);
    assert_eq!(r(&ann.id.to_string()).unwrap().id, ann.id);
    assert_eq!(r("ANN@acme.com").unwrap().id, ann.id);
    // The exact name wins over the longer name it prefixes.
    assert_eq!(r("ann  lee").unwrap().id, ann.id);
    assert_eq!(r("ann leeso").unwrap().id, ann2.id);
    assert_eq!(r("bob").unwrap().id, bob.id);
    assert_eq!(r("stone").unwrap().id, bob.id);

    match r("ann") {
        Err(Error::Ambiguous { candidates, .. }) => {
            assert_eq!(candidates.len(), 2);
            assert!(candidates[0].contains("Ann Lee") && candidates[0].contains("Acme"), "{candidates:?}");
            assert!(candidates[0].contains("ann@acme.com"), "{candidates:?}");
            assert!(
                candidates[1].contains("Globex") && candidates[1].contains("al@globex.com"),
                "{candidates:?}"
            );
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let msg = r("zed").unwrap_err().to_string();
    assert!(matches!(r("zed"), Err(Error::NotFound { .. })));
    assert!(msg.contains("zed") && msg.contains("intrograph person search"), "{msg}");
    assert!(matches!(r(&uuid::Uuid::now_v7().to_string()), Err(Error::NotFound { .. })));

    // Organisations: exact, prefix, domain; targets of either kind.
    let acme = organisations::resolve_organisation(conn, "acme").unwrap();
    assert_eq!(organisations::resolve_organisation(conn, "glob").unwrap().name, "Globex");
    assert!(matches!(organisations::resolve_organisation(conn, "umbrella"), Err(Error::NotFound { .. })));
    assert_eq!(resolve_target(conn, "Acme").unwrap(), Target::Organisation(acme.id));
    assert_eq!(resolve_target(conn, "bob stone").unwrap(), Target::Person(bob.id));
    assert!(matches!(resolve_target(conn, "nothing at all"), Err(Error::NotFound { .. })));
}

#[test]
fn a_query_naming_a_person_and_an_organisation_exactly_is_ambiguous() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            people::add(tx, &person("Mercury", "", ""))?;
            organisations::add(tx, &OrganisationInput::named("Mercury"))
        })
        .unwrap();
    match resolve_target(store.conn(), "mercury") {
        Err(Error::Ambiguous { candidates, .. }) => {
            assert!(candidates[0].starts_with("person") && candidates[1].starts_with("organisation"))
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
}

#[test]
fn organisations_round_trip_and_refuse_duplicate_names() {
    let mut store = Store::open_in_memory().unwrap();
    let input = OrganisationInput {
        name: "Acme Corp".into(),
        domain: Some("https://www.Acme.com/".into()),
        notes: "x".into(),
    };
    let org = store.write(|tx| organisations::add(tx, &input)).unwrap();
    assert_eq!(org.domain.as_deref(), Some("acme.com"));
    assert_eq!(organisations::get(store.conn(), org.id).unwrap(), org);
    assert_eq!(organisations::resolve_organisation(store.conn(), "acme.com").unwrap().id, org.id);
    let dup = store.write(|tx| organisations::add(tx, &OrganisationInput::named("ACME  corp")));
    assert!(matches!(dup, Err(Error::Conflict(m)) if m.contains("Acme Corp")));

    let edited = store
        .write(|tx| {
            organisations::edit(
                tx,
                org.id,
                &OrganisationPatch { name: Some("Acme Inc".into()), ..Default::default() },
            )
        })
        .unwrap();
    assert_eq!(edited.name, "Acme Inc");
    assert_eq!(organisations::search(store.conn(), "inc", Page::ALL).unwrap().len(), 1);

    let p = store.write(|tx| people::add(tx, &person("Ann Lee", "", ""))).unwrap();
    store
        .write(|tx| {
            organisations::add_employment(
                tx,
                &EmploymentInput {
                    person_id: p.id,
                    organisation_id: org.id,
                    title: "CFO".into(),
                    start: None,
                    end: None,
                    current: true,
                },
            )
        })
        .unwrap();
    store.write(|tx| organisations::remove(tx, org.id)).unwrap();
    assert!(organisations::positions(store.conn(), p.id).unwrap().is_empty());
    assert!(people::get(store.conn(), p.id).is_ok());
}

#[test]
fn reps_current_rep_and_refused_removal() {
    let mut store = Store::open_in_memory().unwrap();
    let err = reps::current_rep(store.conn()).unwrap_err().to_string();
    assert!(err.contains("intrograph rep add"), "{err}");

    let me = store.write(|tx| reps::add_new(tx, &person("Rita Rep", "rita@us.com", "Us"))).unwrap();
    assert_eq!(reps::current_rep(store.conn()).unwrap(), me);
    let other_person = store.write(|tx| people::add(tx, &person("Sam Seller", "", ""))).unwrap();
    let sam = store.write(|tx| reps::add(tx, other_person.id)).unwrap();
    // The first rep stays current until another is chosen.
    assert_eq!(reps::current_rep(store.conn()).unwrap().id, me.id);
    store.write(|tx| reps::set_current_rep(tx, sam.id)).unwrap();
    assert_eq!(reps::current_rep(store.conn()).unwrap().id, sam.id);
    assert_eq!(
        settings::get::<intrograph_engine::model::RepId>(store.conn(), settings::CURRENT_REP).unwrap(),
        Some(sam.id)
    );
    assert!(matches!(store.write(|tx| reps::add(tx, other_person.id)), Err(Error::Conflict(_))));

    let off = store.write(|tx| reps::set_active(tx, me.id, false)).unwrap();
    assert!(!off.active);
    assert!(matches!(store.write(|tx| reps::set_current_rep(tx, me.id)), Err(Error::Conflict(_))));
    assert_eq!(
        reps::list(store.conn()).unwrap().iter().map(|r| r.active).collect::<Vec<_>>(),
        vec![true, false]
    );
    assert_eq!(reps::resolve_rep(store.conn(), "rita").unwrap().id, me.id);
    assert!(matches!(reps::resolve_rep(store.conn(), "nobody"), Err(Error::NotFound { .. })));

    let err = store.write(|tx| people::remove(tx, me.person_id)).unwrap_err();
    assert!(matches!(&err, Error::Conflict(m) if m.contains("Rita Rep") && m.contains("rep")), "{err}");
    assert!(people::get(store.conn(), me.person_id).is_ok());
}
