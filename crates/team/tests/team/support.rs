//! What the team tests share: a cluster, workspaces, reps.

use std::path::PathBuf;

use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::{MemorySecrets, NewRep};

/// A cluster with the team schema.
pub fn team_cluster() -> Cluster {
    let cluster = Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    intrograph_team::init(&cluster.admin_url()).expect("team init");
    cluster
}

pub fn add_rep(cluster: &Cluster, name: &str, email: &str, leader: bool) -> NewRep {
    intrograph_team::add_rep(&cluster.admin_url(), name, email, leader).expect("add rep")
}

/// A workspace file of its own.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub secrets: MemorySecrets,
}

impl Desk {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("ws.db")).unwrap();
        Self { dir, store, secrets: MemorySecrets::default() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("ws.db")
    }

    pub fn join(&mut self, url: &str) -> intrograph_team::SyncReport {
        intrograph_team::join(&mut self.store, url, &self.secrets).expect("join")
    }

    pub fn sync(&mut self) -> intrograph_team::SyncReport {
        intrograph_team::sync(&mut self.store, &self.secrets).expect("sync")
    }

    pub fn add_person(&mut self, name: &str, email: &str) -> intrograph_engine::model::PersonId {
        self.store
            .write(|tx| {
                people::add(
                    tx,
                    &PersonInput { full_name: name.into(), emails: vec![email.into()], ..Default::default() },
                )
            })
            .unwrap()
            .id
    }

    pub fn person_named(&self, name: &str) -> Option<intrograph_engine::model::PersonId> {
        people::find_by_name(self.store.conn(), name).ok().and_then(|v| v.into_iter().next())
    }

    /// The JSON backup without what is each desktop's own (settings).
    pub fn content(&self) -> serde_json::Value {
        let mut out = Vec::new();
        intrograph_engine::store::json_backup::write(&self.store, &mut out).unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        if let Some(tables) = v.get_mut("tables").and_then(|t| t.as_array_mut()) {
            tables.retain(|t| !matches!(t["name"].as_str(), Some("settings" | "tags" | "person_tags")));
        }
        v.as_object_mut().unwrap().retain(|k, _| k == "tables");
        v
    }
}
