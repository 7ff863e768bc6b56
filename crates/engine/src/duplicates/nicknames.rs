//! Given names that name the same person: "Bob" and "Robert", "Liz" and "Elizabeth".
//!
//! Each line is one group of interchangeable names (lower case, as `model::name_key`
//! writes them). A name may be in several groups ("chris" is short for Christopher and
//! for Christine); two names are equivalent when they share a group.

use std::collections::HashMap;
use std::sync::OnceLock;

const GROUPS: &[&str] = &[
    "robert bob bobby rob robbie bert",
    "william bill billy will willie liam",
    "elizabeth liz lizzie beth betty betsy eliza libby elisabeth",
    "richard rick ricky rich dick",
    "james jim jimmy jamie",
    "john jack johnny",
    "jonathan jon jonny",
    "michael mike mick mickey mikey",
    "katherine kate katie kathy kat catherine cathy kathryn kathleen",
    "margaret maggie meg peggy margie marge",
    "thomas tom tommy",
    "joseph joe joey",
    "charles charlie chuck chas",
    "christopher chris kit topher",
    "christine chris chrissy christina tina kristin kristen",
    "daniel dan danny",
    "david dave davy",
    "edward ed eddie ted ned",
    "anthony tony",
    "andrew andy drew",
    "alexander alex xander sasha",
    "alexandra alex lexi sasha sandra",
    "benjamin ben benny",
    "nicholas nick nicky",
    "matthew matt",
    "patrick pat paddy",
    "patricia pat patty trish tricia",
    "samuel sam sammy",
    "samantha sam sammie",
    "steven stephen steve stevie",
    "susan sue susie suzanne",
    "jennifer jen jenny",
    "jessica jess jessie",
    "rebecca becky becca",
    "deborah debbie deb debra",
    "timothy tim timmy",
    "gregory greg",
    "jeffrey jeff geoffrey geoff",
    "kenneth ken kenny",
    "ronald ron ronnie",
    "donald don donnie",
    "lawrence larry laurence",
    "gerald gerry jerry",
    "peter pete",
    "philip phil phillip",
    "frederick fred freddie",
    "henry hank harry",
    "harold harry hal",
    "victoria vicky vickie tori",
    "abigail abby",
    "amanda mandy",
    "barbara barb barbie",
    "dorothy dot dottie",
    "frances fran frankie",
    "francis frank",
    "franklin frank",
    "eugene gene",
    "raymond ray",
    "walter walt",
    "zachary zach zack",
    "nathaniel nate nat",
    "nathan nate",
    "joshua josh",
    "jacob jake",
    "kimberly kim",
    "melissa missy mel",
    "melanie mel",
    "nancy nan",
    "pamela pam",
    "teresa terry tess theresa",
    "valerie val",
    "vincent vince vinny",
    "leonard leo len lenny",
    "douglas doug",
    "albert al bert",
    "alan al allen allan",
    "allison ali allie alison",
    "cynthia cindy",
    "gabriel gabe",
    "gabrielle gabby",
    "isabella bella izzy isabel",
    "jacqueline jackie",
    "josephine jo josie",
    "judith judy",
    "louis lou",
    "louise lou",
    "madeline maddie maddy madeleine",
    "oliver ollie",
    "olivia liv",
    "stanley stan",
    "stuart stu stewart",
    "virginia ginny",
    "suzanne suzy",
    "mohammed muhammad mohamed mohammad",
    "aleksandr alexander",
    "giuseppe joseph",
    "juan john",
    "ignatius iggy",
];

/// Name -> the groups it belongs to.
fn table() -> &'static HashMap<&'static str, Vec<u16>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<u16>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<u16>> = HashMap::new();
        for (i, line) in GROUPS.iter().enumerate() {
            for name in line.split_whitespace() {
                map.entry(name).or_default().push(i as u16);
            }
        }
        map
    })
}

/// The groups of `name` (empty when it has none).
pub fn groups(name: &str) -> &'static [u16] {
    table().get(name).map_or(&[], Vec::as_slice)
}

/// True when `a` and `b` are different given names for the same person.
pub fn equivalent(a: &str, b: &str) -> bool {
    a != b && groups(a).iter().any(|g| groups(b).contains(g))
}

/// The name a group is known by (its first name), for evidence lines.
pub fn formal(name: &str) -> Option<&'static str> {
    groups(name).first().and_then(|g| GROUPS[*g as usize].split_whitespace().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_short_forms_match_their_long_names() {
        for (a, b) in [("bob", "robert"), ("bill", "william"), ("liz", "elizabeth"), ("beth", "liz")] {
            assert!(equivalent(a, b), "{a} ~ {b}");
            assert!(equivalent(b, a), "{b} ~ {a}");
        }
        assert!(equivalent("chris", "christine") && equivalent("chris", "christopher"));
        assert!(!equivalent("christine", "christopher"), "two long names sharing a short one differ");
        assert!(!equivalent("bob", "bob"), "the same name is not a nickname of itself");
        assert!(!equivalent("bob", "william"));
        assert_eq!(formal("bob"), Some("robert"));
    }
}
