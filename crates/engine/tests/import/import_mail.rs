//! The rep's own mail, calendar and LinkedIn messages as touches: realistic exports
//! (Gmail Takeout and Thunderbird mbox, Maildir, Google and Outlook calendars, LinkedIn
//! messages), hostile headers, re-imports, and bodies never stored.

use std::path::Path;

use chrono::NaiveDate;
use intrograph_engine::import::exchanges::{ExchangeOptions, ExchangeReport};
use intrograph_engine::import::{self, ExchangeFormat};
use intrograph_engine::model::{PersonId, Strength, TouchKind};
use intrograph_engine::store::exchanges as stored;
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::relationships::{self, RelationshipPatch};
use intrograph_engine::store::{touches, Store};
use intrograph_engine::strength;

use super::import_common::{fixture, workspace};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn options() -> ExchangeOptions {
    ExchangeOptions { today: Some(today()), ..Default::default() }
}

struct People {
    priya: PersonId,
    jon: PersonId,
    lee: PersonId,
    ana: PersonId,
}

/// Sam Rivera's workspace with the people Sam writes to.
fn seeded() -> (Store, People) {
    let mut store = workspace();
    let people = seed(&mut store);
    (store, people)
}

fn seed(store: &mut Store) -> People {
    store
        .write(|tx| {
            let add = |name: &str, email: &str, url: Option<&str>| {
                people::add(
                    tx,
                    &PersonInput {
                        emails: vec![email.into()],
                        linkedin_url: url.map(String::from),
                        ..PersonInput::named(name)
                    },
                )
                .map(|p| p.id)
            };
            Ok(People {
                priya: add("Priya Raman", "priya@acme.com", Some("https://www.linkedin.com/in/priya-raman"))?,
                jon: add("Jon Bell", "jon@acme.com", None)?,
                lee: add("Lee Park", "lee@gamma.org", None)?,
                ana: add("Ana Sousa", "ana@acme.com", None)?,
            })
        })
        .unwrap()
}

fn run(store: &mut Store, format: ExchangeFormat, path: &Path, options: &ExchangeOptions) -> ExchangeReport {
    import::exchanges(store, format, path, options, &mut |_| {}).unwrap()
}

fn mail(store: &mut Store, name: &str) -> ExchangeReport {
    run(store, ExchangeFormat::Mail, &fixture(&format!("mail/{name}")), &options())
}

fn kinds(store: &Store, person: PersonId) -> Vec<(TouchKind, NaiveDate)> {
    let mut t: Vec<_> = touches::list_for_person(store.conn(), person)
        .unwrap()
        .into_iter()
        .map(|t| (t.kind, t.date))
        .collect();
    t.sort_by_key(|x| x.1);
    t
}

#[test]
fn a_gmail_takeout_mbox_gives_touches_and_counts_what_it_skips() {
    let (mut store, p) = seeded();
    let r = mail(&mut store, "gmail-takeout.mbox");
    assert_eq!(r.read, 13, "{r:#?}");
    assert_eq!(r.skipped_bulk, 2, "the newsletter (List-Id) and the offer (Precedence: bulk)");
    assert_eq!(r.skipped_role, 1, "noreply@github.com");
    assert_eq!(r.skipped_to_self, 1);
    assert_eq!(r.skipped_unreadable, 2, "{:?}", r.skips);
    assert!(
        r.skips.iter().any(
            |s| s.location == "gmail-takeout.mbox, message 10 (line 127)" && s.reason.contains("no Date")
        ),
        "{:?}",
        r.skips
    );
    assert!(
        r.skips.iter().any(|s| s.reason.contains("2039-01-01") && s.reason.contains("future")),
        "{:?}",
        r.skips
    );
    // Priya wrote twice, Sam once to Priya (Jon in copy), Jon once (the NUL subject).
    assert_eq!((r.emails_sent, r.emails_received), (2, 3), "{r:#?}");
    assert_eq!(r.nobody_known, 3, "Zoë's three messages");
    assert_eq!(kinds(&store, p.priya).len(), 3);
    assert_eq!(kinds(&store, p.jon).len(), 2);
    // Zoë is a frequent correspondent (Sam answered): offered, with her decoded name.
    let zoe = r.candidates.iter().find(|c| c.address == "zoe@beta.io").expect("Zoë is offered");
    assert_eq!((zoe.name.as_deref(), zoe.sent, zoe.received), (Some("Zoë Müller"), 1, 2));
    assert!(!r.candidates.iter().any(|c| c.address == "someone@example.com"));
    // Gmail delivered Zoë's first message to another address of Sam's.
    assert_eq!(
        r.own_addresses.iter().map(|a| a.address.as_str()).collect::<Vec<_>>(),
        vec!["sam.rivera@gmail.com"]
    );
    // The rep's relationship with Priya was created, unverified, with the last contact.
    let me = intrograph_engine::store::reps::current_rep(store.conn()).unwrap().person_id;
    let rel = relationships::between(store.conn(), me, p.priya).unwrap().expect("created");
    assert!(!rel.verified());
    assert_eq!(rel.last_contact, Some(NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()));
    assert_eq!(r.relationships_added, 2);
}

#[test]
fn importing_again_adds_nothing() {
    let (mut store, _) = seeded();
    let first = mail(&mut store, "gmail-takeout.mbox");
    let before = (touches::count(store.conn()).unwrap(), stored::count(store.conn()).unwrap());
    let again = mail(&mut store, "gmail-takeout.mbox");
    assert_eq!(again.imported, 0);
    assert_eq!(again.already_imported, first.imported);
    assert_eq!((again.touches_added, again.relationships_added, again.last_contacts_moved), (0, 0, 0));
    assert_eq!((touches::count(store.conn()).unwrap(), stored::count(store.conn()).unwrap()), before);
    for name in ["thunderbird.mbox", "Maildir"] {
        mail(&mut store, name);
        let again = mail(&mut store, name);
        assert_eq!((again.imported, again.touches_added), (0, 0), "{name}");
    }
}

#[test]
fn a_preview_changes_nothing_and_says_the_same() {
    let (mut store, _) = seeded();
    let preview = run(
        &mut store,
        ExchangeFormat::Mail,
        &fixture("mail/gmail-takeout.mbox"),
        &ExchangeOptions { dry_run: true, ..options() },
    );
    assert_eq!(touches::count(store.conn()).unwrap(), 0);
    assert_eq!(stored::count(store.conn()).unwrap(), 0);
    let done = mail(&mut store, "gmail-takeout.mbox");
    assert_eq!(ExchangeReport { dry_run: false, ..preview }, done);
}

#[test]
fn a_thunderbird_mbox_with_crlf_lines_reads_the_same() {
    let (mut store, p) = seeded();
    let r = mail(&mut store, "thunderbird.mbox");
    assert_eq!(r.read, 5);
    assert_eq!((r.skipped_bulk, r.skipped_role), (1, 1), "Precedence: list; support@");
    // Sam wrote to Lee and Priya (Jon in copy); Lee answered; Priya wrote.
    assert_eq!((r.emails_sent, r.emails_received), (3, 2));
    assert_eq!(
        kinds(&store, p.lee),
        vec![
            (TouchKind::Email, NaiveDate::from_ymd_opt(2026, 4, 7).unwrap()),
            (TouchKind::Email, NaiveDate::from_ymd_opt(2026, 4, 8).unwrap())
        ]
    );
}

#[test]
fn a_maildir_is_read_by_its_headers() {
    let (mut store, p) = seeded();
    let r = mail(&mut store, "Maildir");
    assert_eq!((r.read, r.imported), (3, 3), "{r:#?}");
    assert_eq!(kinds(&store, p.lee).len(), 2);
    assert_eq!(kinds(&store, p.ana).len(), 1);
}

#[test]
fn a_folder_imports_each_mailbox_in_its_own_transaction() {
    let (mut store, _) = seeded();
    let r = run(&mut store, ExchangeFormat::Mail, &fixture("mail"), &options());
    let files: Vec<&str> = r.files.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, vec!["Maildir", "gmail-takeout.mbox", "thunderbird.mbox"]);
    assert!(r.files.iter().all(|f| f.failed.is_none()));
    assert_eq!(r.read, 3 + 13 + 5);
}

#[test]
fn google_and_outlook_calendars_expand_their_recurrences_over_the_past() {
    let (mut store, p) = seeded();
    let r = run(&mut store, ExchangeFormat::Calendar, &fixture("mail/google.ics"), &options());
    // Weekly on Mondays, 8 times, one removed (EXDATE), one moved to a Wednesday.
    let priya: Vec<NaiveDate> = kinds(&store, p.priya)
        .into_iter()
        .filter(|(k, _)| *k == TouchKind::Meeting)
        .map(|(_, d)| d)
        .collect();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let weekly = vec![d(3, 2), d(3, 9), d(3, 25), d(3, 30), d(4, 6), d(4, 13), d(4, 20)];
    assert_eq!(
        priya.iter().filter(|x| **x != d(4, 10) && **x != d(4, 11)).copied().collect::<Vec<_>>(),
        weekly,
        "{r:#?}"
    );
    assert_eq!(r.skipped_declined, 1);
    assert_eq!(r.skipped_cancelled, 1);
    assert!(r.notes.iter().any(|n| n.contains("1 meetings still to come")), "{:?}", r.notes);
    assert_eq!(r.meetings, 7 + 2, "the weekly, and the late call with Jon and Priya");

    let r = run(&mut store, ExchangeFormat::Calendar, &fixture("mail/outlook.ics"), &options());
    // Monthly on the 15th from January until June 15 (in Outlook's "W. Europe Standard Time").
    let lee: Vec<NaiveDate> = kinds(&store, p.lee).into_iter().map(|(_, d)| d).collect();
    assert_eq!(lee, (1..=6).map(|m| d(m, 15)).collect::<Vec<_>>(), "{r:#?}");
    assert!(r.notes.iter().all(|n| !n.contains("unknown")), "{:?}", r.notes);
    assert_eq!(r.meetings, 6 + 2);
    let again = run(&mut store, ExchangeFormat::Calendar, &fixture("mail/outlook.ics"), &options());
    assert_eq!((again.imported, again.touches_added), (0, 0));
}

#[test]
fn a_broken_calendar_reports_where_and_why_and_imports_the_rest() {
    let (mut store, p) = seeded();
    let r = run(&mut store, ExchangeFormat::Calendar, &fixture("mail/broken.ics"), &options());
    assert_eq!(r.skipped_unreadable, 2, "{r:#?}");
    assert!(r.skips.iter().any(|s| s.location == "broken.ics, event 1 (UID bad-start)" && s.reason.contains("tomorrow-ish")), "{:?}", r.skips);
    assert!(
        r.skips.iter().any(|s| s.location.contains("cut-short") && s.reason.contains("cut short")),
        "{:?}",
        r.skips
    );
    assert_eq!(kinds(&store, p.jon).len(), 1, "the good event between them");
}

#[test]
fn linkedin_messages_are_matched_by_profile() {
    let (mut store, p) = seeded();
    let r = run(&mut store, ExchangeFormat::LinkedinMessages, &fixture("mail/messages.csv"), &options());
    assert_eq!(r.messages, 2, "{r:#?}");
    assert_eq!(kinds(&store, p.priya).len(), 2);
    assert_eq!(r.skipped_bulk, 2, "LinkedIn's own offer and spam");
    assert_eq!(r.skipped_unreadable, 1);
    assert!(
        r.skips[0].location == "messages.csv, line 10" && r.skips[0].reason.contains("last tuesday"),
        "{:?}",
        r.skips
    );
    let dev =
        r.candidates.iter().find(|c| c.address == "https://www.linkedin.com/in/devshah").expect("offered");
    assert_eq!((dev.name.as_deref(), dev.sent, dev.received), (Some("Dev Shah"), 1, 2));
    // Chosen, Dev becomes a person with his touches.
    let chosen = ExchangeOptions { add: vec![dev.address.clone()], ..options() };
    let r = run(&mut store, ExchangeFormat::LinkedinMessages, &fixture("mail/messages.csv"), &chosen);
    assert_eq!((r.people_added, r.touches_added), (1, 3));
    let devs =
        people::find_by_linkedin(store.conn(), "https://www.linkedin.com/in/devshah").unwrap().unwrap();
    assert_eq!(people::get(store.conn(), devs).unwrap().full_name, "Dev Shah");
}

#[test]
fn chosen_correspondents_and_own_addresses_are_added() {
    let (mut store, _) = seeded();
    let chosen = ExchangeOptions {
        add: vec!["zoe@beta.io".into()],
        me: vec!["sam.rivera@gmail.com".into()],
        ..options()
    };
    let r = run(&mut store, ExchangeFormat::Mail, &fixture("mail/gmail-takeout.mbox"), &chosen);
    assert_eq!(r.people_added, 1);
    assert!(r.own_addresses.is_empty());
    let zoe = people::find_all_by_email(store.conn(), "zoe@beta.io").unwrap()[0];
    assert_eq!(people::get(store.conn(), zoe).unwrap().full_name, "Zoë Müller");
    assert_eq!(touches::count_for_person(store.conn(), zoe).unwrap(), 3);
    let me = intrograph_engine::store::reps::current_rep(store.conn()).unwrap().person_id;
    assert!(people::get(store.conn(), me).unwrap().emails.contains(&"sam.rivera@gmail.com".to_string()));
}

#[test]
fn people_seen_together_become_an_unverified_weak_tie() {
    let (mut store, p) = seeded();
    mail(&mut store, "gmail-takeout.mbox");
    assert!(
        relationships::between(store.conn(), p.priya, p.jon).unwrap().is_none(),
        "one thread is not enough"
    );
    let r = mail(&mut store, "thunderbird.mbox");
    assert_eq!(r.ties_added, 1, "{r:#?}");
    let tie = relationships::between(store.conn(), p.priya, p.jon).unwrap().expect("a likely tie");
    assert!(!tie.verified());
    assert_eq!(tie.strength.get(), 1);
    assert_eq!(
        tie.notes,
        "Likely know each other: together on 3 email threads between 2026-03-02 and 2026-04-09"
    );
    // Lee was on one of those threads only: no tie.
    assert!(relationships::between(store.conn(), p.lee, p.jon).unwrap().is_none());
    run(&mut store, ExchangeFormat::Calendar, &fixture("mail/outlook.ics"), &options());
    let likely = strength::likely_ties(store.conn(), 10).unwrap();
    let seen = likely.iter().find(|t| t.relationship_id == Some(tie.id)).expect("listed");
    assert!(!seen.verified);
    assert!(seen.seen.contains("3 email threads and 1 meeting"), "{}", seen.seen);
}

#[test]
fn a_dismissed_likely_tie_is_never_proposed_again() {
    let (mut store, p) = seeded();
    mail(&mut store, "gmail-takeout.mbox");
    let first = mail(&mut store, "thunderbird.mbox");
    assert_eq!((first.ties_added, first.ties_kept_out), (1, 0));
    let tie = relationships::between(store.conn(), p.priya, p.jon).unwrap().expect("a likely tie");
    // The rep says Priya and Jon do not know each other.
    let removed = store.write(|tx| strength::dismiss_likely_tie(tx, p.jon, p.priya)).unwrap();
    assert_eq!(removed.map(|r| r.id), Some(tie.id));
    assert!(stored::tie_dismissed(store.conn(), p.priya, p.jon).unwrap());
    assert!(
        !strength::likely_ties(store.conn(), 10).unwrap().iter().any(|t| (t.a, t.b) == (tie.a, tie.b)),
        "no longer listed as likely"
    );
    // The same mail again, then more of it: the pair stays out, and the report says why.
    let same = mail(&mut store, "thunderbird.mbox");
    assert_eq!((same.ties_added, same.ties_kept_out), (0, 1), "{same:#?}");
    let more = run(&mut store, ExchangeFormat::Calendar, &fixture("mail/outlook.ics"), &options());
    assert_eq!((more.ties_added, more.ties_kept_out), (0, 1), "{more:#?}");
    let folder = mail(&mut store, "Maildir");
    assert_eq!(folder.ties_added, 0);
    assert!(relationships::between(store.conn(), p.priya, p.jon).unwrap().is_none());
    // A preview says the same, and dismissing twice keeps one record.
    let preview = run(
        &mut store,
        ExchangeFormat::Mail,
        &fixture("mail/thunderbird.mbox"),
        &ExchangeOptions { dry_run: true, ..options() },
    );
    assert_eq!((preview.ties_added, preview.ties_kept_out), (0, 1));
    assert_eq!(store.write(|tx| strength::dismiss_likely_tie(tx, p.priya, p.jon)).unwrap(), None);
    assert_eq!(stored::dismissed_ties_count(store.conn()).unwrap(), 1);
    // Nobody ties a person to themselves.
    let err = store.write(|tx| strength::dismiss_likely_tie(tx, p.jon, p.jon)).unwrap_err();
    assert!(err.to_string().contains("two different people"), "{err}");
}

#[test]
fn a_dismissal_follows_a_merge_and_goes_with_a_removed_person() {
    let (mut store, p) = seeded();
    mail(&mut store, "gmail-takeout.mbox");
    mail(&mut store, "thunderbird.mbox");
    store.write(|tx| strength::dismiss_likely_tie(tx, p.priya, p.jon)).unwrap();
    // A duplicate of Jon's is merged into him... and Jon into Ana: the dismissal moves along.
    let jon2 = store.write(|tx| people::add(tx, &PersonInput::named("Jonathan Bell"))).unwrap().id;
    store.write(|tx| intrograph_engine::store::merge::merge_people(tx, p.jon, jon2)).unwrap();
    assert!(stored::tie_dismissed(store.conn(), p.priya, p.jon).unwrap());
    store.write(|tx| intrograph_engine::store::merge::merge_people(tx, p.ana, p.jon)).unwrap();
    assert!(stored::tie_dismissed(store.conn(), p.priya, p.ana).unwrap());
    let again = mail(&mut store, "thunderbird.mbox");
    assert_eq!(again.ties_added, 0, "{again:#?}");
    store.write(|tx| people::remove(tx, p.ana).map(|_| ())).unwrap();
    assert_eq!(stored::dismissed_ties_count(store.conn()).unwrap(), 0);
}

#[test]
fn people_added_from_mail_work_where_their_domain_says() {
    use intrograph_engine::import::exchanges::is_free_mail_domain;
    use intrograph_engine::store::organisations::{self, EmploymentInput, OrganisationInput};
    let add_zoe = ExchangeOptions { add: vec!["zoe@beta.io".into()], ..options() };
    let zoe_at = |store: &Store| {
        let zoe = people::find_all_by_email(store.conn(), "zoe@beta.io").unwrap()[0];
        organisations::positions(store.conn(), zoe)
            .unwrap()
            .into_iter()
            .map(|p| (p.organisation_name, p.employment.current))
            .collect::<Vec<_>>()
    };
    // An organisation whose domain it is.
    let (mut store, _) = seeded();
    store
        .write(|tx| {
            let mut beta = OrganisationInput::named("Beta Analytics");
            beta.domain = Some("https://www.beta.io/".into());
            organisations::add(tx, &beta)?;
            organisations::add(tx, &OrganisationInput::named("Betamax"))
        })
        .unwrap();
    let r = run(&mut store, ExchangeFormat::Mail, &fixture("mail/gmail-takeout.mbox"), &add_zoe);
    assert_eq!((r.people_added, r.people_given_organisation), (1, 1), "{r:#?}");
    assert_eq!(zoe_at(&store), vec![("Beta Analytics".to_string(), true)]);

    // No organisation has the domain, but colleagues with addresses there work at one.
    let (mut store, _) = seeded();
    store
        .write(|tx| {
            let org = organisations::add(tx, &OrganisationInput::named("Beta GmbH"))?.id;
            for (name, email) in [("Max Weber", "max@beta.io"), ("Ida Roth", "IDA@Beta.io")] {
                let person =
                    people::add(tx, &PersonInput { emails: vec![email.into()], ..PersonInput::named(name) })?;
                organisations::add_employment(
                    tx,
                    &EmploymentInput {
                        person_id: person.id,
                        organisation_id: org,
                        title: String::new(),
                        start: None,
                        end: None,
                        current: true,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    run(&mut store, ExchangeFormat::Mail, &fixture("mail/gmail-takeout.mbox"), &add_zoe);
    assert_eq!(zoe_at(&store), vec![("Beta GmbH".to_string(), true)]);

    // Neither: none.
    let (mut store, _) = seeded();
    let r = run(&mut store, ExchangeFormat::Mail, &fixture("mail/gmail-takeout.mbox"), &add_zoe);
    assert_eq!((r.people_added, r.people_given_organisation), (1, 0));
    assert!(zoe_at(&store).is_empty());

    // A subdomain belongs to its organisation; the longest domain wins; two owners tell nothing.
    let (mut store, _) = seeded();
    let (acme, acme_eu) = store
        .write(|tx| {
            let mut a = OrganisationInput::named("Acme");
            a.domain = Some("acme.com".into());
            let mut eu = OrganisationInput::named("Acme Europe");
            eu.domain = Some("eu.acme.com".into());
            let mut g1 = OrganisationInput::named("Gamma One");
            g1.domain = Some("gamma.org".into());
            let mut g2 = OrganisationInput::named("Gamma Two");
            g2.domain = Some("gamma.org".into());
            organisations::add(tx, &g1)?;
            organisations::add(tx, &g2)?;
            Ok((organisations::add(tx, &a)?.id, organisations::add(tx, &eu)?.id))
        })
        .unwrap();
    let of = |d: &str| organisations::for_email_domain(store.conn(), d).unwrap();
    assert_eq!(of("acme.com"), Some(acme));
    assert_eq!(of("mail.acme.com"), Some(acme));
    assert_eq!(of("de.eu.acme.com"), Some(acme_eu));
    assert_eq!(of("notacme.com"), None, "a longer name is not a subdomain");
    assert_eq!(of("gamma.org"), None, "two organisations claim it");
    assert_eq!(of("localhost"), None);
    // Free mail says nothing of an employer.
    for free in ["gmail.com", "GoogleMail.com", "yahoo.co.uk", "hotmail.fr", "outlook.com.br", "proton.me"] {
        assert!(is_free_mail_domain(free), "{free}");
    }
    for work in ["acme.com", "outlook.acme.com", "beta.io", "livenation.com"] {
        assert!(!is_free_mail_domain(work), "{work}");
    }
}

#[test]
fn suggestions_never_replace_a_strength_set_by_hand_silently() {
    let (mut store, p) = seeded();
    for f in ["gmail-takeout.mbox", "thunderbird.mbox"] {
        mail(&mut store, f);
    }
    run(&mut store, ExchangeFormat::Calendar, &fixture("mail/google.ics"), &options());
    let me = intrograph_engine::store::reps::current_rep(store.conn()).unwrap().person_id;
    let jon = relationships::between(store.conn(), me, p.jon).unwrap().unwrap();
    store
        .write(|tx| {
            relationships::edit(
                tx,
                jon.id,
                &RelationshipPatch { strength: Some(Strength::new(5)?), ..Default::default() },
            )
        })
        .unwrap();
    let list = strength::suggestions(store.conn(), today()).unwrap();
    let priya = list.iter().find(|s| s.person_id == p.priya).expect("a suggestion for Priya");
    assert_eq!((priya.current, priya.suggested, priya.by_hand), (1, 3, false), "{priya:?}");
    assert!(priya.reason.ends_with("→ good (3)"), "{}", priya.reason);
    assert!(priya.reason.contains("both ways and 8 meetings in the last 12 months"), "{}", priya.reason);
    let jon_s = list.iter().find(|s| s.person_id == p.jon).expect("a suggestion for Jon");
    assert!(jon_s.by_hand);
    let all = store.write(|tx| strength::accept(tx, today(), None)).unwrap();
    assert_eq!(all.kept_by_hand, 1);
    let rel = |store: &Store, who| relationships::between(store.conn(), me, who).unwrap().unwrap();
    assert_eq!(rel(&store, p.priya).strength.get(), 3);
    assert_eq!(rel(&store, p.jon).strength.get(), 5, "set by hand, kept");
    // Accepted one by one, the rep's own choice is replaced.
    store.write(|tx| strength::accept(tx, today(), Some(&[jon.id]))).unwrap();
    assert_eq!(rel(&store, p.jon).strength.get(), jon_s.suggested);
    assert!(strength::suggestions(store.conn(), today()).unwrap().is_empty());
}

#[test]
fn keep_in_touch_lists_who_is_due_overdue_first() {
    let (mut store, p) = seeded();
    mail(&mut store, "thunderbird.mbox");
    store
        .write(|tx| {
            stored::set_cadence(tx, p.lee, Some(30))?; // last 2026-04-08: due 05-08, overdue
            stored::set_cadence(tx, p.priya, Some(90))?; // last 2026-04-09: due 07-08, not yet
            stored::set_cadence(tx, p.ana, Some(14)) // never: due now
        })
        .unwrap();
    let due = strength::due(store.conn(), today()).unwrap();
    let names: Vec<&str> = due.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, vec!["Lee Park", "Ana Sousa"]);
    assert_eq!(due[0].days_overdue, 53);
    let soon = strength::due(store.conn(), NaiveDate::from_ymd_opt(2026, 7, 3).unwrap()).unwrap();
    assert!(soon.iter().any(|d| d.name == "Priya Raman" && d.days_overdue == -5));
    let bad = store.write(|tx| stored::set_cadence(tx, p.lee, Some(0)));
    assert!(bad.unwrap_err().to_string().contains("1 to 3650"));
}

#[test]
fn bodies_and_subjects_are_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    {
        let mut store = Store::open(&db).unwrap();
        store
            .write(|tx| {
                intrograph_engine::store::reps::add_new(
                    tx,
                    &PersonInput { emails: vec!["sam@ourco.com".into()], ..PersonInput::named("Sam Rivera") },
                )
            })
            .unwrap();
        seed(&mut store);
        run(&mut store, ExchangeFormat::Mail, &fixture("mail"), &options());
        for f in ["google.ics", "outlook.ics"] {
            run(&mut store, ExchangeFormat::Calendar, &fixture(&format!("mail/{f}")), &options());
        }
        run(&mut store, ExchangeFormat::LinkedinMessages, &fixture("mail/messages.csv"), &options());
        assert!(stored::count(store.conn()).unwrap() > 20);
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            bytes.extend(std::fs::read(path).unwrap());
        }
    }
    for phrase in [
        "SECRET-BODY-PHRASE-7731",
        "JVBERi0xLjQKU0VDUkVULUFUVEFDSE1FTlQ",
        "Remember the milk",
        "Intro to the data team",
        "Quarterly review",
    ] {
        assert!(
            !bytes.windows(phrase.len()).any(|w| w == phrase.as_bytes()),
            "{phrase:?} is in the database"
        );
    }
}

#[test]
fn hostile_headers_are_reported_and_the_rest_imports() {
    let (mut store, p) = seeded();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.mbox");
    let mut text = String::new();
    let msg = |text: &mut String, headers: &str| {
        text.push_str("From x@y Mon Mar 02 09:15:00 2026\n");
        text.push_str(headers);
        text.push_str("\nbody\n\n");
    };
    // Encoded words that are not: a broken base64 word and an unknown charset.
    msg(&mut text, "Message-ID: <h1@acme.com>\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nFrom: =?UTF-8?B?####?= <priya@acme.com>\nTo: =?x-unknown?Q?Sam?= <sam@ourco.com>\nSubject: =?UTF-8?B?not base64?=\n");
    // A huge header (over 1 MiB).
    let huge = format!("Message-ID: <h2@acme.com>\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nFrom: jon@acme.com\nTo: sam@ourco.com\nX-Junk: {}\n", "a".repeat(1_100_000));
    msg(&mut text, &huge);
    // Thousands of recipients, terminal escapes in a name.
    let many: Vec<String> = (0..3000).map(|i| format!("p{i}@crowd.example")).collect();
    msg(&mut text, &format!("Message-ID: <h3@ourco.com>\nDate: Mon, 2 Mar 2026 11:00:00 +0000\nFrom: sam@ourco.com\nTo: \"\x1b[31mJon\" <jon@acme.com>, {}\n", many.join(", ")));
    // No sender, a date that is not one, a date in the future.
    msg(&mut text, "Message-ID: <h4@acme.com>\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nTo: sam@ourco.com\n");
    msg(&mut text, "Message-ID: <h5@acme.com>\nDate: someday\nFrom: jon@acme.com\nTo: sam@ourco.com\n");
    msg(&mut text, "Message-ID: <h6@acme.com>\nDate: Tue, 1 Jan 2999 10:00:00 +0000\nFrom: jon@acme.com\nTo: sam@ourco.com\n");
    // Not UTF-8 (Latin-1 bytes in a name), and the file cut short inside the last headers.
    let mut bytes = text.into_bytes();
    bytes.extend(b"From x@y Mon Mar 02 09:15:00 2026\nMessage-ID: <h7@acme.com>\nDate: Mon, 2 Mar 2026 12:00:00 +0000\nFrom: Ren\xe9 <lee@gamma.org>\nTo: sam@ourco.com\n\nbody\n\n");
    bytes.extend(b"From x@y Mon Mar 02 09:15:00 2026\nMessage-ID: <h8@acme.com>\nDate: Mon, 2 Mar 2026 12:00:00 +0000\nFrom: ana@ac");
    std::fs::write(&path, bytes).unwrap();
    let r = run(&mut store, ExchangeFormat::Mail, &path, &options());
    assert_eq!(r.read, 8, "{r:#?}");
    let why = |n: u64| {
        r.skips
            .iter()
            .find(|s| s.location.starts_with(&format!("hostile.mbox, message {n} ")))
            .map(|s| s.reason.clone())
    };
    assert!(why(2).unwrap_or_default().contains("longer than 1 MiB"));
    assert!(why(4).is_some_and(|w| w.contains("no sender")), "{:?}", r.skips);
    assert!(why(5).unwrap_or_default().contains("\"someday\" is not a date"));
    assert!(why(6).unwrap_or_default().contains("future"));
    assert!(why(8).is_some_and(|w| w.contains("cut short")), "{:?}", r.skips);
    assert_eq!(r.skipped_unreadable, 5);
    assert_eq!(kinds(&store, p.priya).len(), 1, "the broken encoded words still give Priya's address");
    assert_eq!(kinds(&store, p.jon).len(), 1, "Sam's message to Jon and the crowd");
    assert_eq!(kinds(&store, p.lee).len(), 1, "the Latin-1 name");
    assert!(people::list(store.conn(), intrograph_engine::store::Page::ALL)
        .unwrap()
        .iter()
        .all(|p| !p.full_name.contains('\x1b')));
}

#[test]
fn a_file_that_is_not_a_mailbox_is_refused_and_changes_nothing() {
    let (mut store, _) = seeded();
    let err = import::exchanges(
        &mut store,
        ExchangeFormat::Mail,
        &fixture("mail/google.ics"),
        &options(),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("google.ics, line 1") && err.contains("not an mbox"), "{err}");
    let err = import::exchanges(
        &mut store,
        ExchangeFormat::Calendar,
        &fixture("mail/messages.csv"),
        &options(),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("not an iCalendar file"), "{err}");
    assert_eq!(touches::count(store.conn()).unwrap(), 0);
}

#[test]
fn without_a_rep_the_import_says_how_to_add_one() {
    let mut store = Store::open_in_memory().unwrap();
    let err = import::exchanges(
        &mut store,
        ExchangeFormat::Mail,
        &fixture("mail/gmail-takeout.mbox"),
        &options(),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("intrograph rep add"), "{err}");
}

#[test]
fn progress_reaches_the_whole_size() {
    let (mut store, _) = seeded();
    let mut last = None;
    import::exchanges(&mut store, ExchangeFormat::Mail, &fixture("mail"), &options(), &mut |p| {
        last = Some(p)
    })
    .unwrap();
    let last = last.unwrap();
    assert_eq!(Some(last.bytes_read), last.bytes_total);
    assert_eq!(last.records, 21);
}

#[test]
fn old_linkedin_exports_keep_their_connection_dates() {
    let mut store = workspace();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    std::fs::write(
        &path,
        "First Name,Last Name,Email Address,Company,Position,Connected On\n\
         Ada,Lovelace,,Engines Ltd,Analyst,1/8/18, 6:14 PM\n\
         Alan,Turing,,Bletchley,Mathematician,\"12/31/19, 11:59 PM\"\n",
    )
    .unwrap();
    let r = import::contacts(&mut store, import::Format::Linkedin, &path, &Default::default(), &mut |_| {})
        .unwrap();
    assert_eq!((r.added, r.skipped), (2, 0), "{r:#?}");
    let me = intrograph_engine::store::reps::current_rep(store.conn()).unwrap().person_id;
    let since: Vec<Option<NaiveDate>> =
        relationships::list_for_person(store.conn(), me).unwrap().iter().map(|r| r.since).collect();
    assert!(since.contains(&NaiveDate::from_ymd_opt(2018, 1, 8)), "{since:?}");
    assert!(since.contains(&NaiveDate::from_ymd_opt(2019, 12, 31)), "{since:?}");
}

#[test]
fn an_apple_mail_export_is_a_folder_with_an_mbox_inside() {
    let (mut store, p) = seeded();
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("Clients.mbox");
    std::fs::create_dir(&bundle).unwrap();
    std::fs::write(bundle.join("Info.plist"), "<?xml version=\"1.0\"?><plist/>").unwrap();
    std::fs::write(bundle.join("table_of_contents"), [0u8, 1, 2, 3, 0xff]).unwrap();
    // Apple Mail writes no blank line before some separators: they read like one.
    std::fs::write(
        bundle.join("mbox"),
        "From priya@acme.com Thu Apr 16 10:00:00 2026\nMessage-Id: <apple-1@acme.com>\nDate: Thu, 16 Apr 2026 10:00:00 +0000\nFrom: Priya Raman <priya@acme.com>\nTo: sam@ourco.com\n\nHello\nFrom sam@ourco.com Thu Apr 16 11:00:00 2026\nMessage-Id: <apple-2@ourco.com>\nDate: Thu, 16 Apr 2026 11:00:00 +0000\nFrom: sam@ourco.com\nTo: Priya Raman <priya@acme.com>\n\nFrom here on, this body line is no separator.\n",
    )
    .unwrap();
    let r = run(&mut store, ExchangeFormat::Mail, dir.path(), &options());
    assert_eq!(r.files.iter().map(|f| f.file.as_str()).collect::<Vec<_>>(), vec!["Clients.mbox/mbox"]);
    assert_eq!((r.read, r.emails_received, r.emails_sent), (2, 1, 1), "{r:#?}");
    assert_eq!(kinds(&store, p.priya).len(), 2);
}
