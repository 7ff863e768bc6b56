//! A small team for the use-case tests: the rep Maya knows Daniel well (verified) and Tom
//! a little; Daniel and Tom both know Priya, who works at Northwind Logistics.

#![allow(dead_code)]

use intrograph_app_core::Workspace;
use intrograph_engine::model::{PersonId, RelationshipKind, Strength};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::{self, reps};

pub const REP: &str = "Maya Okafor";
pub const SOURCE: &str = "Daniel Cho";
pub const OTHER_SOURCE: &str = "Tom Becker";
pub const TARGET: &str = "Priya Raman";
pub const ORGANISATION: &str = "Northwind Logistics";
/// Someone nobody on the team knows.
pub const STRANGER: &str = "Grace Liu";

pub fn team() -> Workspace {
    let workspace = Workspace::in_memory();
    {
        let mut store = workspace.store().unwrap();
        store
            .write(|tx| {
                let mut ids = Vec::new();
                for name in [REP, SOURCE, OTHER_SOURCE, TARGET, STRANGER] {
                    let mut input = PersonInput::named(name);
                    input.title = "Director".into();
                    if name == TARGET {
                        input.organisation = Some(ORGANISATION.into());
                    }
                    ids.push(people::add(tx, &input)?.id);
                }
                let rep = reps::add(tx, ids[0])?;
                reps::set_current_rep(tx, rep.id)?;
                let tie =
                    |a: usize, b: usize, strength: u8, verified: bool| -> intrograph_engine::Result<()> {
                        let mut input = RelationshipInput::new(
                            ids[a],
                            ids[b],
                            RelationshipKind::Friend,
                            Strength::new(strength)?,
                        );
                        input.verified_at = verified.then(store::now);
                        relationships::add(tx, &input).map(drop)
                    };
                tie(0, 1, 5, true)?;
                tie(1, 3, 4, true)?;
                tie(0, 2, 2, false)?;
                tie(2, 3, 2, false)?;
                Ok(())
            })
            .unwrap();
    }
    workspace
}

pub fn id(workspace: &Workspace, name: &str) -> PersonId {
    people::find_by_name(workspace.store().unwrap().conn(), name).unwrap()[0]
}
