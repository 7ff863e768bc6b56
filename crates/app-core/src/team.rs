//! The team workspace inside the app: join, leave, status and "sync now", and the
//! background sync that runs every minute and shortly after each edit.
//!
//! The sync works on a connection of its own to the workspace file ([`TeamSync`] opens
//! it), never on the window's: a sync that waits on the network holds no lock the window
//! needs, and the rows it pulls are, to the window's connection, another program's commits,
//! which the workspace's watcher ([`crate::Workspace::watch`]) applies to the cached graph
//! before the window reloads. Edits are noticed the same way: `PRAGMA data_version` on the
//! sync's connection changes when any other connection (the window, the command line)
//! commits, and a sync follows once the file has been quiet for a few seconds.
//! [`TeamSync::status`] never waits for a running sync: it answers from the last status.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};
use intrograph_engine::store::{self, Store};
use intrograph_engine::{Error, Result};
use intrograph_team::{self as team, Secrets, TeamError};

pub use crate::views::team::{ConflictView, RepAsOf, SyncState, TeamStatusView};
use crate::Workspace;

/// How often a joined workspace syncs on its own.
pub const EVERY: Duration = Duration::from_secs(60);
/// How long the file must be quiet after an edit before the sync pushes it.
pub const QUIET: Duration = Duration::from_secs(3);

/// How the last sync attempt ended.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// None since the app started.
    None,
    Ok,
    Offline(String),
    Refused(String),
    Failed(String),
}

impl Outcome {
    fn of(result: &std::result::Result<(), TeamError>) -> Self {
        match result {
            Ok(()) => Self::Ok,
            Err(e @ TeamError::Unreachable { .. }) => Self::Offline(e.to_string()),
            Err(e @ (TeamError::WrongPassword { .. } | TeamError::Revoked { .. })) => {
                Self::Refused(e.to_string())
            }
            Err(e) => Self::Failed(e.to_string()),
        }
    }
}

/// What the status bar says for a status, the last attempt and whether a sync runs now.
pub fn bar_text(
    joined: bool,
    waiting: u64,
    last_sync: Option<DateTime<Utc>>,
    syncing: bool,
    outcome: &OutcomeKind,
) -> (SyncState, String) {
    if !joined {
        return (SyncState::NotJoined, String::new());
    }
    if syncing {
        return (SyncState::Syncing, "Syncing…".into());
    }
    match outcome {
        OutcomeKind::Offline => {
            return (SyncState::Offline, "Offline — will sync when the team server is back".into())
        }
        OutcomeKind::Refused => return (SyncState::Refused, "Sign-in refused".into()),
        OutcomeKind::Failed => return (SyncState::Failed, "Sync failed".into()),
        OutcomeKind::Fine => {}
    }
    if waiting > 0 {
        let s = if waiting == 1 { "" } else { "s" };
        return (SyncState::Waiting, format!("{waiting} change{s} waiting"));
    }
    match last_sync {
        Some(t) => {
            let local = t.with_timezone(&Local);
            let when = if local.date_naive() == Local::now().date_naive() {
                local.format("%H:%M").to_string()
            } else {
                local.format("%-d %b %H:%M").to_string()
            };
            (SyncState::Synced, format!("Synced {when}"))
        }
        None => (SyncState::Waiting, "Not synced yet".into()),
    }
}

/// Every active rep with the time of their last push, "as of" which their synced data is
/// shown (this desktop's rep first, then by name); empty outside a team.
pub fn reps_as_of(store: &Store, status: &team::TeamStatus) -> Result<Vec<RepAsOf>> {
    if !status.joined {
        return Ok(Vec::new());
    }
    let mut reps: Vec<RepAsOf> = store::team::members_by_rep(store.conn())?
        .into_values()
        .filter(|m| m.active)
        .map(|m| {
            let me = Some(m.rep_id) == status.rep_id;
            let as_of = status.reps_as_of.iter().find(|(r, _)| *r == m.rep_id).map(|(_, t)| *t);
            RepAsOf { rep_id: m.rep_id, name: m.name, me, as_of }
        })
        .collect();
    reps.sort_by(|a, b| b.me.cmp(&a.me).then(a.name.cmp(&b.name)));
    Ok(reps)
}

/// The reps' "as of" times of a workspace (Metrics and Referral I.Q. show them in a team
/// workspace), from its local bookkeeping: no network. Empty outside a team.
pub fn workspace_as_of(workspace: &Workspace) -> Result<Vec<RepAsOf>> {
    let store = workspace.store()?;
    let status = team::status(&store).map_err(Error::from)?;
    reps_as_of(&store, &status)
}

/// A rep's "as of" time as the window writes it: the time today, else the day and time;
/// "never" before their first push.
pub fn as_of_text(as_of: Option<DateTime<Utc>>) -> String {
    let Some(t) = as_of else { return "never".into() };
    let local = t.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%-d %b %H:%M").to_string()
    }
}

/// The line above Metrics and the Referral I.Q. team view in a team workspace:
/// "Team data as of: Ada Lovelace (live here) · Dana Whitfield 14:02". `None` outside a team.
pub fn as_of_line(reps: &[RepAsOf]) -> Option<String> {
    if reps.is_empty() {
        return None;
    }
    let parts: Vec<String> = reps
        .iter()
        .map(|r| format!("{} {}", r.name, if r.me { "(live here)".to_string() } else { as_of_text(r.as_of) }))
        .collect();
    Some(format!("Team data as of: {}", parts.join(" · ")))
}

/// The kind of the last attempt's end, for [`bar_text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// It worked, or none was made yet.
    Fine,
    Offline,
    Refused,
    Failed,
}

impl Outcome {
    fn kind(&self) -> (OutcomeKind, Option<String>) {
        match self {
            Self::None | Self::Ok => (OutcomeKind::Fine, None),
            Self::Offline(m) => (OutcomeKind::Offline, Some(m.clone())),
            Self::Refused(m) => (OutcomeKind::Refused, Some(m.clone())),
            Self::Failed(m) => (OutcomeKind::Failed, Some(m.clone())),
        }
    }
}

struct Inner {
    path: PathBuf,
    secrets: Box<dyn Secrets>,
    /// The sync's own connection to the workspace file, opened on first use, and which
    /// file it opened.
    store: Mutex<Option<Opened>>,
    /// The last attempt, whether one runs now, and the last status given.
    activity: Mutex<Activity>,
    signal: Mutex<Signal>,
    wake: Condvar,
}

/// The sync's connection and the file it is on: the file itself (device and inode) and
/// its restore mark ([`store::backup::EPOCH`]). Another file in its place, or a restore
/// into it, reopens the connection, as the window's workspace does.
struct Opened {
    store: Store,
    file: Option<(u64, u64)>,
    epoch: Option<uuid::Uuid>,
}

impl Opened {
    fn open(path: &Path) -> std::result::Result<Self, TeamError> {
        let store = Store::open_unchecked(path).map_err(local)?;
        let file = crate::workspace::file_identity(path).ok().flatten();
        let epoch = store::backup::epoch(store.conn()).map_err(local)?;
        Ok(Self { store, file, epoch })
    }

    /// Whether the workspace file is no longer the one this connection has open.
    fn replaced(&self, path: &Path) -> bool {
        let file = crate::workspace::file_identity(path).ok().flatten();
        if file.is_some() && file != self.file {
            return true;
        }
        store::backup::epoch(self.store.conn()).ok().is_some_and(|e| e != self.epoch)
    }
}

struct Activity {
    outcome: Outcome,
    syncing: bool,
    last: Option<TeamStatusView>,
}

#[derive(Default)]
struct Signal {
    stop: bool,
    now: bool,
}

/// The team sync of one workspace file (cheap to clone: one shared state).
#[derive(Clone)]
pub struct TeamSync {
    inner: Arc<Inner>,
}

/// The background sync; [`SyncLoop::stop`] ends it (dropping it leaves it running).
pub struct SyncLoop {
    sync: TeamSync,
    thread: Option<JoinHandle<()>>,
}

impl SyncLoop {
    pub fn stop(mut self) {
        self.sync.inner.signal.lock().unwrap_or_else(|e| e.into_inner()).stop = true;
        self.sync.inner.wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn local(e: Error) -> TeamError {
    TeamError::Local(e)
}

impl TeamSync {
    /// The sync of the file at `path`, with the password kept in `secrets`.
    pub fn new(path: &Path, secrets: Box<dyn Secrets>) -> Self {
        Self {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                secrets,
                store: Mutex::new(None),
                activity: Mutex::new(Activity { outcome: Outcome::None, syncing: false, last: None }),
                signal: Mutex::new(Signal::default()),
                wake: Condvar::new(),
            }),
        }
    }

    /// The sync of the workspace's file, with the desktop's secret store (or
    /// `INTROGRAPH_TEAM_PASSWORD`). A workspace without a file cannot join a team.
    pub fn for_workspace(workspace: &Workspace) -> Result<Self> {
        let path = workspace.database().ok_or_else(|| {
            Error::invalid("team", "this workspace has no database file; a team syncs a file on disk")
        })?;
        Ok(Self::new(path, team::default_secrets()))
    }

    /// Runs `f` on the sync's own connection (opened now if needed).
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, TeamError>,
    ) -> std::result::Result<T, TeamError> {
        let mut guard = self.inner.store.lock().unwrap_or_else(|e| e.into_inner());
        if guard.as_ref().is_none_or(|o| o.replaced(&self.inner.path)) {
            // First use, or the workspace file was restored or replaced: follow it.
            *guard = None;
            *guard = Some(Opened::open(&self.inner.path)?);
        }
        f(&mut guard.as_mut().expect("opened above").store)
    }

    fn record(&self, outcome: Outcome) {
        self.inner.activity.lock().unwrap_or_else(|e| e.into_inner()).outcome = outcome;
    }

    fn set_syncing(&self, on: bool) {
        self.inner.activity.lock().unwrap_or_else(|e| e.into_inner()).syncing = on;
    }

    /// The view of a status read on the sync's connection.
    fn view_of(
        &self,
        store: &Store,
        status: team::TeamStatus,
    ) -> std::result::Result<TeamStatusView, TeamError> {
        let (outcome, syncing) = {
            let a = self.inner.activity.lock().unwrap_or_else(|e| e.into_inner());
            (a.outcome.clone(), a.syncing)
        };
        let (kind, error) = outcome.kind();
        let (state, bar) = bar_text(status.joined, status.waiting, status.last_sync, syncing, &kind);
        let reps_as_of = reps_as_of(store, &status).map_err(local)?;
        // Newest first, each in words.
        let conflicts = status
            .conflicts
            .iter()
            .rev()
            .map(|c| crate::conflicts::describe(store, c))
            .collect::<Result<Vec<ConflictView>>>()
            .map_err(TeamError::Local)?;
        let view = TeamStatusView {
            joined: status.joined,
            server: status.server,
            login: status.login,
            leader: status.leader,
            last_sync: status.last_sync,
            waiting: status.waiting,
            pulled: status.pulled,
            conflicts,
            state,
            bar,
            error: error.or_else(|| (state != SyncState::Synced).then_some(status.last_error).flatten()),
            reps_as_of,
        };
        self.inner.activity.lock().unwrap_or_else(|e| e.into_inner()).last = Some(view.clone());
        Ok(view)
    }

    fn status_now(&self) -> std::result::Result<TeamStatusView, TeamError> {
        self.with_store(|store| {
            let status = team::status(store)?;
            self.view_of(store, status)
        })
    }

    /// The team status for the window. Never waits for a running sync: meanwhile the last
    /// status is given, marked as syncing.
    pub fn status(&self) -> Result<TeamStatusView> {
        let busy = match self.inner.store.try_lock() {
            Ok(_) => false,
            Err(std::sync::TryLockError::WouldBlock) => true,
            Err(std::sync::TryLockError::Poisoned(_)) => false,
        };
        if busy {
            let a = self.inner.activity.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(last) = &a.last {
                let mut view = last.clone();
                view.state = SyncState::Syncing;
                view.bar = "Syncing…".into();
                return Ok(view);
            }
        }
        Ok(self.status_now()?)
    }

    /// Joins the team at `url` (its password goes to the secret store, never a file): pushes
    /// what the workspace has and pulls the team's data.
    pub fn join(&self, url: &str) -> Result<TeamStatusView> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Error::invalid("team server URL", "is empty; paste the URL your admin gave you"));
        }
        let result = self.with_store(|store| team::join(store, url, self.inner.secrets.as_ref()).map(drop));
        self.record(Outcome::of(&result));
        result?;
        Ok(self.status_now()?)
    }

    /// Pushes local changes and pulls the team's now. A failure is kept in the status (the
    /// status bar and Settings show it), not returned: the local work is untouched.
    pub fn sync_now(&self) -> Result<TeamStatusView> {
        self.set_syncing(true);
        let result = self.with_store(|store| team::sync(store, self.inner.secrets.as_ref()).map(drop));
        self.set_syncing(false);
        match result {
            Err(TeamError::NotJoined) => return Err(TeamError::NotJoined.into()),
            Err(TeamError::Local(e)) => return Err(e),
            other => self.record(Outcome::of(&other)),
        }
        Ok(self.status_now()?)
    }

    /// Writes conflict `id`'s overwritten value back (a new edit, which the next sync, asked
    /// for now, sends to everyone) and takes it off the list; refused, changing nothing, when
    /// the record or the value moved on since (see [`crate::conflicts::use_overwritten`]).
    pub fn use_overwritten(&self, id: i64) -> Result<TeamStatusView> {
        self.with_store(|store| crate::conflicts::use_overwritten(store, id).map_err(TeamError::Local))?;
        self.poke();
        Ok(self.status_now()?)
    }

    /// Takes conflicts off the list (`None`: all of them); the data stays as it is.
    pub fn dismiss_conflicts(&self, ids: Option<Vec<i64>>) -> Result<TeamStatusView> {
        self.with_store(|store| crate::conflicts::dismiss(store, ids.as_deref()).map_err(TeamError::Local))?;
        Ok(self.status_now()?)
    }

    /// Leaves the team: the password is forgotten, the local data stays.
    pub fn leave(&self) -> Result<TeamStatusView> {
        self.with_store(|store| team::leave(store, self.inner.secrets.as_ref()))?;
        self.record(Outcome::None);
        Ok(self.status_now()?)
    }

    /// Asks the background sync to run now.
    pub fn poke(&self) {
        self.inner.signal.lock().unwrap_or_else(|e| e.into_inner()).now = true;
        self.inner.wake.notify_all();
    }

    /// Starts the background sync: every `every`, once the file has been quiet for `quiet`
    /// after another connection's commit (an edit), and when [`TeamSync::poke`]d; `tell`
    /// receives the status whenever a sync starts or ends. Nothing runs while the
    /// workspace is in no team. After a refused sign-in only the regular tick retries.
    pub fn run(
        &self,
        every: Duration,
        quiet: Duration,
        tell: impl Fn(TeamStatusView) + Send + 'static,
    ) -> SyncLoop {
        let sync = self.clone();
        let thread = std::thread::spawn(move || {
            let poll = Duration::from_millis(500).min(quiet);
            let mut next_tick = Instant::now() + quiet;
            let mut version: Option<i64> = None;
            let mut edited_at: Option<Instant> = None;
            loop {
                let now_asked = {
                    let signal = sync.inner.signal.lock().unwrap_or_else(|e| e.into_inner());
                    let (mut signal, _) = sync
                        .inner
                        .wake
                        .wait_timeout_while(signal, poll, |s| !s.stop && !s.now)
                        .unwrap_or_else(|e| e.into_inner());
                    if signal.stop {
                        return;
                    }
                    std::mem::take(&mut signal.now)
                };
                let seen = sync.with_store(|store| {
                    let v: i64 = store
                        .conn()
                        .pragma_query_value(None, "data_version", |r| r.get(0))
                        .map_err(|e| local(e.into()))?;
                    let status = team::status(store)?;
                    Ok((v, status.joined, status.waiting))
                });
                let Ok((v, joined, waiting)) = seen else { continue };
                // Another connection committed (an edit, a pull by a second window), or local
                // changes wait that the last sync did not take: quiet time starts now.
                let failing = !matches!(
                    sync.inner.activity.lock().unwrap_or_else(|e| e.into_inner()).outcome,
                    Outcome::None | Outcome::Ok
                );
                // (After a failure, only a new edit or the regular tick tries again.)
                if version.is_some_and(|old| old != v) || (!failing && waiting > 0 && edited_at.is_none()) {
                    edited_at = Some(Instant::now());
                }
                version = Some(v);
                if !joined {
                    edited_at = None;
                    continue;
                }
                let refused = matches!(
                    sync.inner.activity.lock().unwrap_or_else(|e| e.into_inner()).outcome,
                    Outcome::Refused(_)
                );
                let quiet_after_edit =
                    !refused && waiting > 0 && edited_at.is_some_and(|t| t.elapsed() >= quiet);
                if !(now_asked || quiet_after_edit || Instant::now() >= next_tick) {
                    continue;
                }
                sync.set_syncing(true);
                if let Some(mut view) =
                    sync.inner.activity.lock().unwrap_or_else(|e| e.into_inner()).last.clone()
                {
                    view.state = SyncState::Syncing;
                    view.bar = "Syncing…".into();
                    tell(view);
                }
                let result =
                    sync.with_store(|store| team::sync(store, sync.inner.secrets.as_ref()).map(drop));
                sync.set_syncing(false);
                if !matches!(result, Err(TeamError::NotJoined | TeamError::Local(_))) {
                    sync.record(Outcome::of(&result));
                }
                // A failed sync leaves the changes waiting: they go up at the next tick.
                edited_at = None;
                next_tick = Instant::now() + every;
                if let Ok(view) = sync.status_now() {
                    tell(view);
                }
            }
        });
        SyncLoop { sync: self.clone(), thread: Some(thread) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_bar_says_where_the_sync_stands() {
        let now = Utc::now();
        let bar = |waiting, last, syncing, kind| bar_text(true, waiting, last, syncing, &kind);
        assert_eq!(
            bar_text(false, 3, None, false, &OutcomeKind::Fine),
            (SyncState::NotJoined, String::new())
        );
        let (state, text) = bar(0, Some(now), false, OutcomeKind::Fine);
        assert_eq!(state, SyncState::Synced);
        assert_eq!(text, format!("Synced {}", now.with_timezone(&Local).format("%H:%M")));
        assert_eq!(
            bar(3, Some(now), false, OutcomeKind::Fine),
            (SyncState::Waiting, "3 changes waiting".into())
        );
        assert_eq!(bar(1, Some(now), false, OutcomeKind::Fine).1, "1 change waiting");
        assert_eq!(
            bar(3, Some(now), false, OutcomeKind::Offline),
            (SyncState::Offline, "Offline — will sync when the team server is back".into())
        );
        assert_eq!(
            bar(0, Some(now), false, OutcomeKind::Refused),
            (SyncState::Refused, "Sign-in refused".into())
        );
        assert_eq!(bar(0, Some(now), true, OutcomeKind::Refused).0, SyncState::Syncing);
        let long_ago = now - chrono::Duration::days(3);
        assert!(bar(0, Some(long_ago), false, OutcomeKind::Fine).1.len() > "Synced 00:00".len());
    }

    #[test]
    fn a_workspace_outside_a_team_has_nothing_to_sync_and_cannot_leave() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let sync = TeamSync::new(&path, Box::new(team::MemorySecrets::default()));
        let view = sync.status().unwrap();
        assert!(!view.joined && view.reps_as_of.is_empty());
        assert_eq!(view.state, SyncState::NotJoined);
        assert!(sync.sync_now().unwrap_err().to_string().contains("not joined a team"));
        assert!(sync.leave().is_err());
        let empty = sync.join("  ").unwrap_err().to_string();
        assert!(empty.contains("team server URL"), "{empty}");
    }
}
