//! A synthetic team network: a Holme–Kim graph (preferential attachment with
//! triad formation, so degrees follow a power law and friends of friends tend to
//! know each other), people with realistic names and employers, and
//! relationships with spread-out strengths, verifications and last contacts.
//! Everything derives from the seed, ids included.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;

use chrono::{Duration, NaiveDate};
use intrograph_engine::model::PersonId;
use uuid::{Builder, Uuid};

/// The graph's shape.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub people: usize,
    /// Relationships each new person brings (about the relationships per person).
    pub m: usize,
    /// Chance that a relationship after the first closes a triangle.
    pub triad: f64,
    pub seed: u64,
}

/// A Holme–Kim graph: undirected edges `(a, b)` with `a < b`, no loops, no duplicates.
pub fn holme_kim(shape: &Shape) -> Vec<(u32, u32)> {
    let n = shape.people;
    let m = shape.m.max(1);
    let mut rng = fastrand::Rng::with_seed(shape.seed);
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity(n * m);
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    // Every edge end once: picking a uniform entry picks a node in proportion to its degree.
    let mut ends: Vec<u32> = Vec::with_capacity(2 * n * m);
    let seed_nodes = (m + 1).min(n);
    for a in 0..seed_nodes {
        for b in a + 1..seed_nodes {
            edges.push((a as u32, b as u32));
            adj[a].push(b as u32);
            adj[b].push(a as u32);
            ends.extend([a as u32, b as u32]);
        }
    }
    let mut chosen: Vec<u32> = Vec::with_capacity(m);
    for v in seed_nodes..n {
        chosen.clear();
        let mut last_pa: Option<u32> = None;
        let mut attempts = 0;
        while chosen.len() < m.min(v) && attempts < 50 * m {
            attempts += 1;
            let triad = last_pa.filter(|_| !chosen.is_empty() && rng.f64() < shape.triad);
            let u = match triad {
                Some(p) if !adj[p as usize].is_empty() => {
                    let row = &adj[p as usize];
                    row[rng.usize(..row.len())]
                }
                _ => {
                    let u = ends[rng.usize(..ends.len())];
                    last_pa = Some(u);
                    u
                }
            };
            if u as usize != v && !chosen.contains(&u) {
                chosen.push(u);
            }
        }
        for &u in &chosen {
            edges.push((u.min(v as u32), u.max(v as u32)));
            adj[u as usize].push(v as u32);
            adj[v].push(u);
            ends.extend([u, v as u32]);
        }
    }
    edges
}

const FIRST: &[&str] = &[
    "Ann", "Bob", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kate", "Liam",
    "Maria", "Noah", "Olga", "Pedro", "Quinn", "Rita", "Sam", "Tara", "Umar", "Vera", "Wei", "Ximena",
    "Yusuf", "Zoe", "Aisha", "Ben", "Chloe", "Diego", "Emma", "Felix", "Hannah", "Ivan", "Julia", "Kenji",
    "Laura", "Mateo", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tom", "Uma", "Victor", "Wanda", "Yara",
    "Zach", "Amir", "Bianca", "Chen", "Dana", "Eli", "Fatima", "Gus", "Helen", "Isaac", "Jin", "Kofi",
    "Lena", "Marco", "Nina", "Omar", "Paula", "Ravi", "Sara", "Theo", "Ulla", "Vikram", "Will", "Yuki",
    "Adam", "Beatriz", "Colin", "Deepa", "Erik", "Freya", "Gabriel", "Hugo", "Ingrid", "Jonas", "Karin",
    "Luca", "Mei", "Nils", "Olivia", "Pablo", "Rosa", "Simon", "Tanya", "Aaron", "Bella",
];

const LAST: &[&str] = &[
    "Lee",
    "Stone",
    "Garcia",
    "Smith",
    "Kowalski",
    "Nguyen",
    "Patel",
    "Okafor",
    "Müller",
    "Rossi",
    "Tanaka",
    "Johansson",
    "Dubois",
    "Silva",
    "Cohen",
    "Kim",
    "Ivanova",
    "O'Brien",
    "Haddad",
    "Jensen",
    "Moreau",
    "Novak",
    "Schmidt",
    "Fischer",
    "Wang",
    "Li",
    "Zhang",
    "Khan",
    "Ali",
    "Hernández",
    "Lopez",
    "Martin",
    "Bernard",
    "Costa",
    "Ferreira",
    "Santos",
    "Andersen",
    "Nielsen",
    "Larsen",
    "Virtanen",
    "Korhonen",
    "Horvath",
    "Nagy",
    "Popescu",
    "Georgiou",
    "Papadopoulos",
    "Yilmaz",
    "Demir",
    "Suzuki",
    "Sato",
    "Watanabe",
    "Ito",
    "Park",
    "Choi",
    "Singh",
    "Sharma",
    "Gupta",
    "Mensah",
    "Adeyemi",
    "Mwangi",
    "Kariuki",
    "Walsh",
    "Murphy",
    "Kelly",
    "Byrne",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Clarke",
    "Baker",
    "Van Dijk",
    "De Vries",
    "Bakker",
    "Visser",
    "Meyer",
    "Weber",
    "Wagner",
    "Becker",
    "Hoffmann",
];

const ORG_A: &[&str] = &[
    "Acme",
    "Initech",
    "Globex",
    "Umbrella",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Adatum",
    "Lucerne",
    "Alpine",
    "Blue Yonder",
    "Coho",
    "Margie",
    "Trey",
    "Woodgrove",
    "Fourth Coffee",
    "Graphic",
    "Humongous",
    "Southridge",
    "Wide World",
    "Vanguard",
    "Helix",
    "Quantum",
    "Nimbus",
    "Crescent",
    "Summit",
    "Harbor",
    "Cedar",
    "Granite",
    "Falcon",
    "Orbit",
    "Pioneer",
];
const ORG_B: &[&str] = &[
    "Systems",
    "Labs",
    "Group",
    "Capital",
    "Health",
    "Logistics",
    "Software",
    "Analytics",
    "Partners",
    "Energy",
    "Robotics",
    "Foods",
    "Media",
    "Bank",
    "Insurance",
    "Networks",
    "Retail",
    "Biotech",
];
const ORG_C: &[&str] = &["", " Europe", " Americas", " Asia", " Nordic", " Iberia", " UK", " Inc"];
const TITLES: &[&str] = &[
    "Account Executive",
    "VP Sales",
    "CTO",
    "CFO",
    "Head of Procurement",
    "Engineering Manager",
    "Product Manager",
    "CEO",
    "Director of Operations",
    "Sales Engineer",
    "Head of IT",
    "COO",
];
const KINDS: &[(&str, u32)] = &[
    ("linkedin_connection", 30),
    ("former_colleague", 18),
    ("colleague", 14),
    ("client", 10),
    ("friend", 8),
    ("partner", 6),
    ("classmate", 5),
    ("investor", 2),
    ("board", 2),
    ("family", 1),
    ("other", 4),
];

/// The organisation names for `people` people: about one per 40.
pub fn organisation_names(people: usize) -> Vec<String> {
    let n = (people / 40).max(5);
    let combos = ORG_A.len() * ORG_B.len() * ORG_C.len();
    (0..n)
        .map(|i| {
            let j = i % combos;
            let base = format!(
                "{} {}{}",
                ORG_A[j % ORG_A.len()],
                ORG_B[(j / ORG_A.len()) % ORG_B.len()],
                ORG_C[j / (ORG_A.len() * ORG_B.len())]
            );
            if i < combos {
                base
            } else {
                format!("{base} {}", i / combos + 1)
            }
        })
        .collect()
}

/// A seeded UUID v7 (time-ordered like the ids the app makes).
fn seeded_id(rng: &mut fastrand::Rng, i: usize) -> Uuid {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    Builder::from_unix_timestamp_millis(1_700_000_000_000 + i as u64, &bytes).into_uuid()
}

/// People of a generated network, in node order.
pub struct People {
    pub ids: Vec<PersonId>,
    pub names: Vec<String>,
}

/// Writes `people.csv` and `relationships.csv` for `shape` into `dir` and returns the people.
pub fn write_csv(shape: &Shape, dir: &Path, today: NaiveDate) -> std::io::Result<People> {
    std::fs::create_dir_all(dir)?;
    let mut rng = fastrand::Rng::with_seed(shape.seed ^ 0x9e37_79b9_7f4a_7c15);
    let orgs = organisation_names(shape.people);
    let mut ids = Vec::with_capacity(shape.people);
    let mut names = Vec::with_capacity(shape.people);
    let mut w = csv::Writer::from_writer(BufWriter::new(File::create(dir.join("people.csv.part"))?));
    w.write_record(["id", "name", "email", "organisation", "title", "tags"])?;
    for i in 0..shape.people {
        let id = PersonId(seeded_id(&mut rng, i));
        let (first, last) = (FIRST[rng.usize(..FIRST.len())], LAST[rng.usize(..LAST.len())]);
        let name = format!("{first} {last}");
        // Organisation sizes are skewed: a few large employers, many small ones.
        let employed = rng.f64() < 0.85;
        let org = employed.then(|| {
            let u = rng.f64();
            &orgs[((u * u * u) * orgs.len() as f64) as usize % orgs.len()]
        });
        let email = if rng.f64() < 0.7 {
            let local: String = format!("{first}.{last}.{i}")
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            format!("{local}@example.com")
        } else {
            String::new()
        };
        let title = if employed { TITLES[rng.usize(..TITLES.len())] } else { "" };
        let tags = if rng.f64() < 0.1 { "prospect" } else { "" };
        w.write_record([
            id.to_string().as_str(),
            &name,
            &email,
            org.map_or("", |s| s.as_str()),
            title,
            tags,
        ])?;
        ids.push(id);
        names.push(name);
    }
    w.flush()?;
    drop(w);

    let edges = holme_kim(shape);
    let total: u32 = KINDS.iter().map(|k| k.1).sum();
    let date = |days: i64| (today - Duration::days(days)).format("%Y-%m-%d").to_string();
    let mut w = csv::Writer::from_writer(BufWriter::new(File::create(dir.join("relationships.csv.part"))?));
    w.write_record(["person_a", "person_b", "kind", "strength", "verified", "last_contact", "since"])?;
    for (a, b) in edges {
        let mut pick = rng.u32(..total);
        let kind = KINDS
            .iter()
            .find(|(_, share)| {
                if pick < *share {
                    true
                } else {
                    pick -= share;
                    false
                }
            })
            .map_or("other", |k| k.0);
        let strength = [1, 2, 2, 3, 3, 3, 4, 4, 5][rng.usize(..9)].to_string();
        let verified = if rng.f64() < 0.3 { date(rng.i64(0..900)) } else { String::new() };
        let last = if rng.f64() < 0.7 { date(rng.i64(0..1500)) } else { String::new() };
        let since = if rng.f64() < 0.5 { date(rng.i64(1500..5000)) } else { String::new() };
        w.write_record([
            ids[a as usize].to_string().as_str(),
            &ids[b as usize].to_string(),
            kind,
            &strength,
            &verified,
            &last,
            &since,
        ])?;
    }
    w.flush()?;
    drop(w);
    std::fs::rename(dir.join("people.csv.part"), dir.join("people.csv"))?;
    std::fs::rename(dir.join("relationships.csv.part"), dir.join("relationships.csv"))?;
    Ok(People { ids, names })
}

/// The people of an already generated `people.csv`, in node order.
pub fn read_people(dir: &Path) -> std::io::Result<People> {
    let mut r = csv::Reader::from_reader(BufReader::new(File::open(dir.join("people.csv"))?));
    let (mut ids, mut names) = (Vec::new(), Vec::new());
    for rec in r.records() {
        let rec = rec?;
        ids.push(PersonId(Uuid::parse_str(&rec[0]).map_err(std::io::Error::other)?));
        names.push(rec[1].to_string());
    }
    Ok(People { ids, names })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn shape(people: usize) -> Shape {
        Shape { people, m: 5, triad: 0.5, seed: 7 }
    }

    #[test]
    fn holme_kim_is_simple_seeded_and_sized() {
        let e = holme_kim(&shape(2000));
        let set: HashSet<_> = e.iter().copied().collect();
        assert_eq!(set.len(), e.len(), "no duplicate edges");
        assert!(e.iter().all(|&(a, b)| a < b && (b as usize) < 2000));
        // About m per person (the seed clique aside).
        assert!(e.len() >= 5 * 1990 && e.len() <= 5 * 2000 + 15, "{}", e.len());
        assert_eq!(e, holme_kim(&shape(2000)), "same seed, same graph");
        assert_ne!(e, holme_kim(&Shape { seed: 8, ..shape(2000) }));
    }

    #[test]
    fn holme_kim_degrees_are_skewed_and_clustered() {
        let e = holme_kim(&shape(5000));
        let mut deg = vec![0usize; 5000];
        let mut adj: Vec<HashSet<u32>> = vec![HashSet::new(); 5000];
        for &(a, b) in &e {
            deg[a as usize] += 1;
            deg[b as usize] += 1;
            adj[a as usize].insert(b);
            adj[b as usize].insert(a);
        }
        let max = *deg.iter().max().unwrap();
        assert!(max > 100, "a power law has hubs; max degree {max}");
        // Triangles: far more than a random graph of this density would have.
        let closed =
            e.iter().map(|&(a, b)| adj[a as usize].intersection(&adj[b as usize]).count()).sum::<usize>();
        assert!(closed > e.len(), "closed {closed} for {} edges", e.len());
    }

    #[test]
    fn csv_files_round_trip_people() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let people = write_csv(&shape(300), dir.path(), today).unwrap();
        let back = read_people(dir.path()).unwrap();
        assert_eq!(back.ids, people.ids);
        assert_eq!(back.names, people.names);
        let rels = std::fs::read_to_string(dir.path().join("relationships.csv")).unwrap();
        assert_eq!(rels.lines().count() - 1, holme_kim(&shape(300)).len());
        let again = write_csv(&shape(300), dir.path(), today).unwrap();
        assert_eq!(again.ids, people.ids, "ids derive from the seed");
    }

    #[test]
    fn organisation_names_are_distinct() {
        let names = organisation_names(2_000_000);
        let set: HashSet<_> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(set.len(), names.len());
    }
}
