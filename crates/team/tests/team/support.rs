//! What the team tests share: a cluster, workspaces, reps.

use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::{MemorySecrets, NewRep};

/// A cluster with the team schema.
pub fn team_cluster() -> Cluster {
    team_cluster_at(intrograph_team::SERVER_SCHEMA_VERSION)
}

/// A cluster with the team schema as it was at `version` (an earlier IntroGraph's).
pub fn team_cluster_at(version: i64) -> Cluster {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    let r = intrograph_team::init_to_version(&cluster.admin_url(), version).expect("team init");
    assert_eq!((r.from_version, r.to_version), (0, version));
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

impl Desk {
    /// This desktop's rep (after joining).
    pub fn me(&self) -> intrograph_engine::model::RepId {
        intrograph_team::status(&self.store).unwrap().rep_id.expect("joined")
    }

    pub fn tie(
        &mut self,
        a: intrograph_engine::model::PersonId,
        b: intrograph_engine::model::PersonId,
        private: bool,
    ) -> intrograph_engine::model::RelationshipId {
        use intrograph_engine::model::{RelationshipKind, Strength, Visibility};
        use intrograph_engine::store::relationships::{self, RelationshipInput};
        let mut input = RelationshipInput::new(a, b, RelationshipKind::Colleague, Strength::new(4).unwrap());
        if private {
            input.visibility = Visibility::Private;
        }
        self.store.write(|tx| relationships::add(tx, &input)).unwrap().id
    }

    pub fn request(
        &mut self,
        source: intrograph_engine::model::PersonId,
        target: intrograph_engine::model::PersonId,
    ) -> intrograph_engine::model::RequestId {
        use intrograph_engine::model::{Clock, NewRequest};
        let new = NewRequest {
            rep_id: Some(self.me()),
            target_id: Some(target),
            source_id: Some(source),
            path: vec![],
            reason: "they buy what we sell".into(),
            offer: String::new(),
            message: Some("Could you introduce me?".into()),
        };
        intrograph_engine::store::requests::create(&mut self.store, new, &Clock::system()).unwrap().id
    }

    pub fn move_request(
        &mut self,
        id: intrograph_engine::model::RequestId,
        to: intrograph_engine::model::Stage,
    ) {
        use intrograph_engine::model::{Clock, Move};
        intrograph_engine::store::requests::move_to(&mut self.store, id, &Move::to(to), &Clock::system())
            .unwrap();
    }

    pub fn iq(&mut self, answers: &str) {
        use intrograph_engine::model::{Answers, Quarter};
        let me = self.me();
        intrograph_engine::store::assessments::upsert(
            &mut self.store,
            me,
            Quarter::new(2026, 4).unwrap(),
            Answers::parse(answers).unwrap(),
            chrono::Utc::now(),
        )
        .unwrap();
    }
}

/// Reps Ada and Ben on a desktop each: Ada joins, adds Priya Natarajan (VP Sales) and syncs,
/// then Ben joins (and pulls her).
pub fn ada_and_ben(cluster: &Cluster) -> (Desk, Desk, intrograph_engine::model::PersonId) {
    let ada = add_rep(cluster, "Ada Lind", "ada@example.com", false);
    let ben = add_rep(cluster, "Ben Cole", "ben@example.com", false);
    let mut a = Desk::new();
    a.join(&ada.url);
    let priya = a.add_person("Priya Natarajan", "priya@example.com");
    a.edit_person(priya, Some("VP Sales"), None);
    a.sync();
    let mut b = Desk::new();
    b.join(&ben.url);
    (a, b, priya)
}

/// The conflicts a desktop lists for a field.
pub fn conflicts_of(d: &Desk, field: &str) -> Vec<intrograph_team::Conflict> {
    intrograph_team::status(&d.store).unwrap().conflicts.into_iter().filter(|c| c.field == field).collect()
}

/// A plain connection with the given URL, for hand-written SQL.
pub fn sql(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect with hand-written SQL")
}

impl Desk {
    pub fn edit_person(
        &mut self,
        id: intrograph_engine::model::PersonId,
        title: Option<&str>,
        notes: Option<&str>,
    ) {
        use intrograph_engine::store::people::PersonPatch;
        let patch = PersonPatch {
            title: title.map(String::from),
            notes: notes.map(String::from),
            ..Default::default()
        };
        self.store.write(|tx| people::edit(tx, id, &patch)).unwrap();
    }

    /// The content to compare between desktops: the JSON backup without each desktop's
    /// own settings and tag numbers, with "this desktop's rep" (a tie's empty owner)
    /// written out.
    pub fn shared_content(&self) -> serde_json::Value {
        let me = self.me().0.simple().to_string();
        let mut v = self.content();
        for t in v["tables"].as_array_mut().unwrap() {
            if t["name"] != "relationships" {
                continue;
            }
            let cols: Vec<String> =
                t["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
            let owner = cols.iter().position(|c| c == "owner_rep_id").unwrap();
            for row in t["rows"].as_array_mut().unwrap() {
                if row[owner].is_null() {
                    row[owner] = serde_json::json!({ "blob": me });
                }
            }
        }
        v
    }
}
