//! The network explorer: a person's strongest contacts, loaded one expansion at a time
//! from the cached relationship graph, with the relationships among everyone shown.

use std::collections::HashSet;

use intrograph_engine::graph::{Network, Tie};
use intrograph_engine::model::PersonId;
use intrograph_engine::{Error, Result};

use crate::views::explorer::{Expansion, ExplorerEdge, ExplorerNode};
use crate::workspace::{me, Workspace};

/// Most contacts one expansion loads.
pub const MAX_EXPANSION: u32 = 2000;
/// Most people the window may say it already shows.
pub const MAX_KNOWN: usize = 20_000;

fn node(network: &Network, id: PersonId) -> ExplorerNode {
    let organisation = network
        .employments(id)
        .iter()
        .find(|e| e.current)
        .and_then(|e| network.organisation_name(e.organisation_id))
        .unwrap_or_default()
        .to_string();
    ExplorerNode {
        id,
        name: network.person_name(id).unwrap_or_default().to_string(),
        organisation,
        degree: network.neighbours(id).len() as u32,
    }
}

fn edge(a: PersonId, b: PersonId, tie: &Tie) -> ExplorerEdge {
    ExplorerEdge {
        id: tie.id,
        a,
        b,
        strength: tie.strength.get(),
        verified: tie.verified(),
        kind: tie.kind,
        weight: tie.weight,
    }
}

/// `centre` (the current rep when `None`) and their `limit` strongest contacts (by
/// introduction weight, at most [`MAX_EXPANSION`]), with every relationship between a
/// contact loaded and the centre, another contact loaded or a person in `known` (the
/// people the window already shows).
pub fn expand(
    workspace: &Workspace,
    centre: Option<PersonId>,
    known: &[PersonId],
    limit: u32,
) -> Result<Expansion> {
    if known.len() > MAX_KNOWN {
        return Err(Error::invalid(
            "explorer",
            format!("{} people on screen; at most {MAX_KNOWN} can be expanded", known.len()),
        ));
    }
    workspace.with_network(|store, network| {
        let centre = match centre {
            Some(id) => id,
            None => me(store)?.person_id,
        };
        if !network.contains_person(centre) {
            return Err(Error::not_found("person", centre.to_string()));
        }
        let mut contacts: Vec<(PersonId, f64)> = network
            .neighbours(centre)
            .into_iter()
            .map(|p| (p, network.tie_between(centre, p).map_or(0.0, |t| t.weight)))
            .collect();
        contacts.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let hidden = contacts.len().saturating_sub(limit.min(MAX_EXPANSION) as usize) as u32;
        contacts.truncate(limit.min(MAX_EXPANSION) as usize);

        let loaded: Vec<PersonId> = contacts.iter().map(|(p, _)| *p).collect();
        let mut shown: HashSet<PersonId> = known.iter().copied().collect();
        shown.insert(centre);
        shown.extend(loaded.iter().copied());
        let mut edges = Vec::new();
        let mut seen = HashSet::new();
        for &p in &loaded {
            for q in network.neighbours(p) {
                if !shown.contains(&q) {
                    continue;
                }
                if let Some(tie) = network.tie_between(p, q) {
                    if seen.insert(tie.id) {
                        edges.push(edge(p, q, tie));
                    }
                }
            }
        }
        Ok(Expansion {
            centre: node(network, centre),
            nodes: loaded.iter().map(|p| node(network, *p)).collect(),
            edges,
            hidden,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::model::RelationshipKind;
    use intrograph_engine::store::people::PersonInput;

    fn add(w: &Workspace, name: &str) -> PersonId {
        let input =
            PersonInput { full_name: name.into(), organisation: Some("Acme".into()), ..Default::default() };
        crate::people::add(w, &input).unwrap().id
    }

    #[test]
    fn an_expansion_loads_the_strongest_contacts_and_the_ties_among_those_shown() {
        let w = Workspace::in_memory();
        let ann = add(&w, "Ann Lee");
        let bob = add(&w, "Bob Stone");
        let cat = add(&w, "Cat Diaz");
        let dan = add(&w, "Dan Moss");
        let eve = add(&w, "Eve Park");
        crate::people::add_relationship(&w, ann, bob, RelationshipKind::Colleague, 5).unwrap();
        crate::people::add_relationship(&w, ann, cat, RelationshipKind::Friend, 2).unwrap();
        crate::people::add_relationship(&w, ann, dan, RelationshipKind::Friend, 1).unwrap();
        crate::people::add_relationship(&w, bob, cat, RelationshipKind::Friend, 3).unwrap();
        crate::people::add_relationship(&w, cat, eve, RelationshipKind::Friend, 3).unwrap();

        let first = expand(&w, Some(ann), &[], 2).unwrap();
        assert_eq!(first.centre.name, "Ann Lee");
        assert_eq!(first.centre.organisation, "Acme");
        assert_eq!(first.centre.degree, 3);
        let names: Vec<&str> = first.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["Bob Stone", "Cat Diaz"], "the strongest first");
        assert_eq!(first.hidden, 1);
        assert_eq!(first.edges.len(), 3, "Ann-Bob, Ann-Cat and Bob-Cat: {:?}", first.edges);

        // Expanding Cat with Ann, Bob and Cat on screen adds Eve, and only new ties.
        let second = expand(&w, Some(cat), &[ann, bob, cat], 10).unwrap();
        let mut names: Vec<&str> = second.nodes.iter().map(|n| n.name.as_str()).collect();
        names.sort();
        assert_eq!(names, vec!["Ann Lee", "Bob Stone", "Eve Park"]);
        assert!(second.edges.iter().any(|e| (e.a, e.b) == (eve, cat) || (e.a, e.b) == (cat, eve)));
        assert!(second.edges.iter().all(|e| e.strength >= 1 && e.weight > 0.0 && e.weight <= 1.0));
    }

    #[test]
    fn a_person_not_in_the_network_and_too_many_known_are_refused() {
        let w = Workspace::in_memory();
        let nobody = PersonId(uuid::Uuid::nil());
        assert!(expand(&w, Some(nobody), &[], 10).unwrap_err().to_string().contains("person"));
        let many = vec![nobody; MAX_KNOWN + 1];
        assert!(expand(&w, Some(nobody), &many, 10).unwrap_err().to_string().contains("at most"));
    }
}
