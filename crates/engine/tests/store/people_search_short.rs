//! Searches page through the same matches, in the same order, as the whole list:
//! whether the page fills among the first people in name order, or the index's
//! candidates are few (sorted) or many (met walking the names in order), for one- and
//! two-letter text as for longer text.

use intrograph_engine::store::people::{self, PersonInput, SEARCH_WINDOW};
use intrograph_engine::store::{Page, Store};

fn names(people: Vec<intrograph_engine::model::Person>) -> Vec<String> {
    people.into_iter().map(|p| p.full_name).collect()
}

#[test]
fn short_text_pages_agree_with_the_whole_list() {
    let mut store = Store::open_in_memory().unwrap();
    // Enough people that one- and two-letter text has thousands of candidates (walked in
    // name order) beside rare text with a few (sorted).
    let n = 3000;
    assert!(n > 2 * SEARCH_WINDOW as usize);
    store
        .write(|tx| {
            for i in 0..n {
                // Most names share "an"; a few late in name order hold "qx", one by email only,
                // one by organisation only, and one early one in the middle of the name.
                let mut input = PersonInput::named(format!("Anna Person {i:05}"));
                if i % 700 == 0 {
                    input.full_name = format!("Zed Qxa {i:05}");
                }
                if i == 5 {
                    input.full_name = "Bo Aqxel".into();
                }
                if i == 10 {
                    input.full_name = "Yann Mail".into();
                    input.emails = vec!["yqx@example.com".into()];
                }
                if i == 11 {
                    input.full_name = "Walt Work".into();
                    input.organisation = Some("Qx Labs".into());
                }
                people::add(tx, &input)?;
            }
            Ok(())
        })
        .unwrap();
    for text in ["a", "an", "q", "qx", "QX", "zz", "5", "0", "@", "son", "zed"] {
        let all = names(people::search(store.conn(), text, Page::ALL).unwrap());
        for page in
            [Page::first(20), Page { offset: 7, limit: 20 }, Page::first(3), Page { offset: 2, limit: 1 }]
        {
            let got = names(people::search(store.conn(), text, page).unwrap());
            let want: Vec<String> =
                all.iter().skip(page.offset as usize).take(page.limit as usize).cloned().collect();
            assert_eq!(got, want, "{text:?} {page:?}");
        }
    }
    let qx = names(people::search(store.conn(), "qx", Page::ALL).unwrap());
    assert!(qx.contains(&"Bo Aqxel".to_string()) && qx.contains(&"Yann Mail".to_string()), "{qx:?}");
    assert!(qx.contains(&"Walt Work".to_string()), "{qx:?}");
    assert_eq!(qx.len(), n.div_ceil(700) + 3, "{qx:?}");
}
