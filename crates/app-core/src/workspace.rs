//! The open workspace: the database file, its store and the cached relationship graph,
//! shared by every command.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use chrono::NaiveDate;
use intrograph_engine::graph::Network;
use intrograph_engine::location;
use intrograph_engine::pipeline::Clock;
use intrograph_engine::store::{backup, graph_snapshot, health, settings, Store};
use intrograph_engine::suggest;
use uuid::Uuid;

use crate::views::OutsideChange;

use intrograph_engine::{Error, Result};

/// The app's managed state. Opening may have failed; then every command answers with the
/// start-up error so the window can show it where the user looks.
///
/// Cloning is cheap (the state is shared), so a command can move a clone onto a blocking
/// thread. Locks are always taken store first, then network.
#[derive(Clone)]
pub struct Workspace {
    inner: Arc<Inner>,
}

struct Inner {
    database: Option<PathBuf>,
    /// The open store, or why it could not be opened (a recovery may open it later).
    store: Mutex<Result<Store>>,
    /// Built on first use from the store, kept current by the app's edits and by other
    /// programs' commits ([`Workspace::check_for_changes`]), rebuilt when the date changes
    /// (weights depend on how long ago the last contact was).
    network: Mutex<Option<Cached>>,
    /// What [`Workspace::check_for_changes`] saw last of the open file (first when it
    /// opened, again when the app itself replaced the file); `None` when it is closed.
    seen: Mutex<Option<Seen>>,
}

/// The cached graph and how far it follows the saved graph's list of changes.
struct Cached {
    network: Network,
    /// The saved graph's token and the last entry of its list of changes already in
    /// `network`; `None` when no saved graph is trusted (another program's commit then
    /// drops the graph, to be loaded again).
    applied: Option<(Uuid, i64)>,
}

/// The open file as the watcher last saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen {
    /// The file itself (device and inode): another file renamed into its place differs.
    file: Option<(u64, u64)>,
    /// `PRAGMA data_version` of the workspace's connection: it changes when another
    /// connection (another program, or one of the app's own threads) commits, never for
    /// the connection's own writes, which patch the cached graph themselves.
    data_version: i64,
    /// The restore's mark ([`backup::EPOCH`]).
    epoch: Option<Uuid>,
}

/// The file at `path` (device and inode), `None` when it is gone.
pub(crate) fn file_identity(path: &Path) -> std::io::Result<Option<(u64, u64)>> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(Some(identity_of(&meta))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

#[cfg(unix)]
fn identity_of(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity_of(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

fn data_version(store: &Store) -> Result<i64> {
    Ok(store.conn().pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// The open file as `store` sees it now; the restore's mark is read again only when
/// something changed since `before`.
fn look(store: &Store, file: (u64, u64), before: Option<Seen>) -> Result<Seen> {
    let data_version = data_version(store)?;
    let epoch = match before {
        Some(before) if before.file == Some(file) && before.data_version == data_version => before.epoch,
        _ => backup::epoch(store.conn())?,
    };
    Ok(Seen { file: Some(file), data_version, epoch })
}

/// What the watcher compares its next look with, for a store just opened at `path`.
fn first_look(path: &Path, store: &Result<Store>) -> Option<Seen> {
    let store = store.as_ref().ok()?;
    look(store, file_identity(path).ok()??, None).ok()
}

/// Loads the graph of `store` with where it stands in the list of changes: the position
/// is read before the load, so a commit made meanwhile is applied again later (applying
/// is idempotent), never missed; a load that saved a new graph starts from the new
/// token's first entry.
fn load_cached(store: &Store, today: NaiveDate) -> Result<Cached> {
    let before = graph_snapshot::position(store.conn())?;
    let network = suggest::load_network(store, today)?;
    let applied = match (before, graph_snapshot::ready_token(store.conn())?) {
        (Some((token, last)), Some(now)) if token == now => Some((token, last)),
        (_, Some(now)) => Some((now, 0)),
        (_, None) => None,
    };
    Ok(Cached { network, applied })
}

/// The watcher started by [`Workspace::watch`]; it stops when this is dropped.
pub struct Watcher {
    _stop: mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watcher {
    /// Stops the watcher and waits for its thread.
    pub fn stop(mut self) {
        let thread = self.thread.take();
        drop(self);
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

fn being_replaced() -> Error {
    Error::Unavailable("the database is being replaced by a backup; try again".into())
}

fn still_opening() -> Error {
    Error::Unavailable("the database is still opening; try again".into())
}

fn poisoned() -> Error {
    Error::Internal("an earlier command failed while using the database; restart IntroGraph".into())
}

/// The locked store of one command (see [`Workspace::store`]).
pub struct StoreGuard<'a>(MutexGuard<'a, Result<Store>>);

impl Deref for StoreGuard<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        self.0.as_ref().expect("a StoreGuard is only made over an open store")
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.0.as_mut().expect("a StoreGuard is only made over an open store")
    }
}

/// Opens the store at `path`, without the daily check of the whole file: the workspace
/// runs it apart ([`Workspace::check_in_background`]).
fn open_store(path: &Path) -> Result<Store> {
    Store::open_unchecked(path).map_err(|err| unusable(path, err))
}

/// Why the file at `path` cannot be used. A damaged file with a backup to restore keeps
/// the engine's `Damaged` code (the window then offers the restore); any other failure
/// names the file.
fn unusable(path: &Path, err: Error) -> Error {
    match err {
        Error::Damaged { latest_backup: Some(_), .. } => err,
        err => Error::Unavailable(format!("could not open the database {}: {err}", path.display())),
    }
}

impl Workspace {
    fn new(database: Option<PathBuf>, store: Result<Store>) -> Self {
        Self {
            inner: Arc::new(Inner {
                database,
                store: Mutex::new(store),
                network: Mutex::new(None),
                seen: Mutex::new(None),
            }),
        }
    }

    /// Opens the database chosen by `INTROGRAPH_DB`, the settings file or the platform default.
    pub fn open_default() -> Self {
        match location::resolve_database(None) {
            Ok(path) => Self::open(&path),
            Err(err) => Self::new(
                None,
                Err(Error::Unavailable(format!("could not find the database to open: {err}"))),
            ),
        }
    }

    /// Opens (creating if needed) the database at `path`, on a background thread: the
    /// window need not wait for it (the first opening of a day checks the whole file,
    /// which takes seconds on a large workspace). Every use of the store waits until the
    /// opening is done; this returns once the opening thread holds the store's lock.
    pub fn open(path: &Path) -> Self {
        let workspace = Self::new(Some(path.to_path_buf()), Err(still_opening()));
        let (locked, has_lock) = std::sync::mpsc::channel();
        let inner = Arc::clone(&workspace.inner);
        let path = path.to_path_buf();
        std::thread::spawn(move || {
            let Ok(mut slot) = inner.store.lock() else { return };
            let _ = locked.send(());
            *slot = open_store(&path);
            let seen = first_look(&path, &slot);
            if let Ok(mut watched) = inner.seen.lock() {
                *watched = seen;
            }
        });
        // Only a thread that could not take the lock (never: nothing else knows the
        // workspace yet) ends without signalling; the store then stays "still opening".
        let _ = has_lock.recv();
        workspace
    }

    /// Opens the database at `path` now, for one command of the command line: the file is
    /// checked first (once a day, [`Store::open`]) and a damaged file is refused with the way
    /// out. Take the day's backup with [`Workspace::daily_backup`].
    ///
    /// A database chosen by hand (`--db`, `INTROGRAPH_DB`, the settings file) must be in a
    /// folder that exists: a mistyped folder is refused, never created. Only the platform's
    /// own data folder is created on first use.
    pub fn open_checked(path: &Path) -> Result<Self> {
        let folder = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(folder) = folder {
            if !folder.exists() && path != intrograph_engine::location::default_database() {
                return Err(Error::invalid(
                    "database",
                    format!(
                        "the folder {} does not exist, so {} cannot be opened or created there; check the path, or create the folder first",
                        folder.display(),
                        path.display()
                    ),
                ));
            }
        }
        Ok(Self::new(Some(path.to_path_buf()), Ok(Store::open(path)?)))
    }

    /// Today's automatic backup of an open workspace (one a day, the newest 7 kept,
    /// [`intrograph_engine::store::backup::automatic`]).
    pub fn daily_backup(&self) -> Result<()> {
        let store = self.store()?;
        intrograph_engine::store::backup::automatic(&store).map(drop)
    }

    /// A workspace on a fresh in-memory database (tests).
    pub fn in_memory() -> Self {
        Self::new(None, Store::open_in_memory())
    }

    /// The database file, when one was chosen.
    pub fn database(&self) -> Option<&Path> {
        self.inner.database.as_deref()
    }

    /// The database file, once the opening is done (this waits for it); `None` when there
    /// is no file or it could not be opened (the window says why): for the work done
    /// beside the window on a connection of its own.
    fn opened_file(&self) -> Option<PathBuf> {
        let path = self.database()?.to_path_buf();
        self.store().is_ok().then_some(path)
    }

    /// Locks the store for one command.
    pub fn store(&self) -> Result<StoreGuard<'_>> {
        let guard = self.inner.store.lock().map_err(|_| poisoned())?;
        match guard.as_ref() {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(err) => Err(err.reissue()),
        }
    }

    /// Replaces a damaged database with its latest backup (the damaged file is kept beside
    /// it) and opens it. Works when the database could not be opened at start-up.
    pub fn restore_latest_backup(&self) -> Result<intrograph_engine::store::backup::RestoreReport> {
        let (report, _reopened) =
            self.with_file_closed(false, intrograph_engine::store::backup::restore_latest)?;
        report
    }

    /// Closes the database file (refused when `require_open` and it is not open), runs
    /// `replace` on its path, and opens the file again whatever `replace` did; the cached
    /// graph is dropped. Returns what `replace` returned and whether the file reopened.
    fn with_file_closed<T>(
        &self,
        require_open: bool,
        replace: impl FnOnce(&Path) -> T,
    ) -> Result<(T, Result<()>)> {
        let path = self
            .database()
            .ok_or_else(|| Error::invalid("database", "this workspace has no database file"))?;
        let mut slot = self.inner.store.lock().map_err(|_| poisoned())?;
        if let (true, Err(err)) = (require_open, slot.as_ref()) {
            return Err(err.reissue());
        }
        // Closing the connection (if there is one) lets the file be replaced.
        let previous = std::mem::replace(&mut *slot, Err(being_replaced()));
        drop(previous);
        let done = replace(path);
        *slot = open_store(path);
        // The app replaced the file itself: the watcher starts afresh, telling no one.
        if let Ok(mut seen) = self.inner.seen.lock() {
            *seen = first_look(path, &slot);
        }
        let reopened = slot.as_ref().map(|_| ()).map_err(Error::reissue);
        drop(slot);
        self.forget_network();
        Ok((done, reopened))
    }

    /// Replaces the database file while no command uses it: the store is closed, `replace`
    /// runs, and the file is opened again (whatever `replace` did; if it failed, the file
    /// it left is the one reopened). The cached graph is dropped.
    pub fn replace_database<T>(&self, replace: impl FnOnce() -> Result<T>) -> Result<T> {
        let (result, reopened) = self.with_file_closed(true, |_| replace())?;
        reopened?;
        result
    }

    /// Once the workspace is open, runs the daily check of its file on a thread of its own
    /// ([`health::daily_check`], through a connection of its own: reading every page of a
    /// 5 GB file takes 17 s, and the window works meanwhile), then takes today's automatic
    /// backup (`store::backup::automatic`, never of a file that failed the check; the copy
    /// goes through a connection of its own too, and SQLite's online backup reads a
    /// consistent snapshot while commands work). A damaged file is closed: every command
    /// then answers with the damage (the window offers to restore the latest backup), and
    /// `on_damaged` tells the window to ask again.
    pub fn check_in_background(
        &self,
        on_damaged: impl FnOnce() + Send + 'static,
    ) -> std::thread::JoinHandle<()> {
        let workspace = self.clone();
        std::thread::spawn(move || {
            let Some(path) = workspace.opened_file() else { return };
            match health::daily_check(&path, workspace.today()) {
                Ok(checked) => {
                    if let (Some(day), Ok(mut store)) = (checked, workspace.store()) {
                        if let Err(err) = store.write(|tx| settings::set(tx, health::LAST_QUICK_CHECK, &day))
                        {
                            eprintln!("IntroGraph: could not record today's check of the database: {err}");
                        }
                    }
                    let backed_up = Store::open_unchecked(&path)
                        .and_then(|store| intrograph_engine::store::backup::automatic(&store));
                    if let Err(err) = backed_up {
                        eprintln!("IntroGraph: the automatic backup failed: {err}");
                    }
                }
                Err(err @ Error::Damaged { .. }) => {
                    if let Ok(mut slot) = workspace.inner.store.lock() {
                        *slot = Err(unusable(&path, err));
                    }
                    workspace.forget_network();
                    on_damaged();
                }
                Err(err) => eprintln!("IntroGraph: the daily check of the database could not run: {err}"),
            }
        })
    }

    /// Loads the relationship graph on a background thread once the workspace is open, so
    /// the first search for an introduction finds it ready (at a million people reading it
    /// takes about two seconds). The graph is read through a connection of its own: no
    /// command waits for the store meanwhile; one that needs the graph, or edits it, waits
    /// for the load and then finds it, or applies its edit to it (an edit already in what
    /// the load read applies again to the same effect, or drops the graph to be loaded
    /// again on use).
    pub fn warm_network_in_background(&self) -> std::thread::JoinHandle<()> {
        let workspace = self.clone();
        std::thread::spawn(move || {
            let Some(path) = workspace.opened_file() else { return };
            let Ok(mut cached) = workspace.inner.network.lock() else { return };
            let today = workspace.today();
            if cached.as_ref().is_some_and(|c| c.network.today() == today) {
                return;
            }
            match Store::open_unchecked(&path).and_then(|store| load_cached(&store, today)) {
                Ok(loaded) => *cached = Some(loaded),
                Err(err) => eprintln!("IntroGraph: the relationship graph could not be loaded ahead: {err}"),
            }
            drop(cached);
            // Saving the graph it built went through a connection of its own: that commit is
            // the workspace's own, not another program's, and the window is not told of it.
            workspace.take_own_commits_as_seen();
        })
    }

    /// Takes the file as it is now as already seen: after a write the workspace made through
    /// a connection of its own (saving the graph it built), which the watcher would
    /// otherwise report as another program's.
    fn take_own_commits_as_seen(&self) {
        let Some(path) = self.database() else { return };
        let Ok(slot) = self.inner.store.lock() else { return };
        let Ok(store) = slot.as_ref() else { return };
        let Ok(mut seen) = self.inner.seen.lock() else { return };
        if let (Ok(Some(file)), Some(before)) = (file_identity(path), *seen) {
            if let Ok(now) = look(store, file, Some(before)) {
                if now.file == before.file && now.epoch == before.epoch {
                    *seen = Some(now);
                }
            }
        }
    }

    /// Today, in the user's time zone.
    pub fn today(&self) -> NaiveDate {
        Clock::system().today()
    }

    /// Runs `f` with the store and the relationship graph as of today, building the graph
    /// first when there is none yet (or it was built on another day).
    pub fn with_network<T>(&self, f: impl FnOnce(&mut Store, &Network) -> Result<T>) -> Result<T> {
        let mut store = self.store()?;
        let mut cached = self.inner.network.lock().map_err(|_| poisoned())?;
        let today = self.today();
        if cached.as_ref().is_none_or(|c| c.network.today() != today) {
            *cached = Some(load_cached(&store, today)?);
        }
        f(&mut store, &cached.as_ref().expect("the network was just built").network)
    }

    /// Applies an edit already stored to the cached graph, if there is one. Should the
    /// graph refuse it, the cache is dropped and rebuilt on next use.
    pub fn update_network(&self, edit: impl FnOnce(&mut Network) -> intrograph_engine::Result<()>) {
        if let Ok(mut cached) = self.inner.network.lock() {
            if let Some(c) = cached.as_mut() {
                if edit(&mut c.network).is_err() {
                    *cached = None;
                }
            }
        }
    }

    /// Drops the cached graph after a change too wide to apply edit by edit (a merge, the
    /// sample workspace); the next path search rebuilds it.
    pub fn forget_network(&self) {
        if let Ok(mut cached) = self.inner.network.lock() {
            *cached = None;
        }
    }

    /// Looks once whether another program changed the open file since the last look, and
    /// brings the workspace up to date: the cheap part, run every second by [`Self::watch`],
    /// is one `PRAGMA data_version` on the workspace's connection (and the file's inode).
    ///
    /// - Another program's commit (the command line, a second window, a sync): the cached
    ///   graph applies the saved graph's list of changes from where it stood
    ///   ([`suggest::catch_up_after`]), or is dropped and loaded again on a thread of its
    ///   own when that list is gone; answers [`OutsideChange::Updated`]. The app's own
    ///   writes do not count: they already patched the graph.
    /// - A restore into the live file (its [`backup::EPOCH`] changed), or another file
    ///   renamed into its place: the workspace closes the file and opens it again, with no
    ///   cached graph; answers [`OutsideChange::Replaced`].
    /// - The file deleted or moved away: the workspace closes it (every command then says
    ///   so); answers [`OutsideChange::Closed`].
    ///
    /// `None` when nothing changed, or when a command holds the store (the next look
    /// sees it) or the workspace is not open.
    pub fn check_for_changes(&self) -> Option<OutsideChange> {
        let path = self.database()?;
        let mut slot = match self.inner.store.try_lock() {
            Ok(slot) => slot,
            Err(TryLockError::WouldBlock | TryLockError::Poisoned(_)) => return None,
        };
        let store = slot.as_ref().ok()?;
        let mut seen = self.inner.seen.lock().ok()?;
        let file = match file_identity(path) {
            Ok(file) => file,
            Err(err) => {
                eprintln!("IntroGraph: could not look at the database file {}: {err}", path.display());
                return None;
            }
        };
        let Some(file) = file else {
            let message = format!(
                "The database file {} was deleted or moved by another program; IntroGraph closed it. Put it back (or restore a backup with `intrograph db restore`) and restart IntroGraph.",
                path.display()
            );
            *slot = Err(Error::Unavailable(message.clone()));
            *seen = None;
            drop(slot);
            self.forget_network();
            return Some(OutsideChange::Closed { message });
        };
        let now = match look(store, file, *seen) {
            Ok(now) => now,
            Err(err) => {
                eprintln!("IntroGraph: could not look for other programs' changes: {err}");
                return None;
            }
        };
        let before = seen.replace(now)?;
        if before == now {
            return None;
        }
        if before.file != now.file || before.epoch != now.epoch {
            let message = if before.file != now.file {
                format!(
                    "The database file {} was replaced by another program; IntroGraph opened the new file.",
                    path.display()
                )
            } else {
                format!(
                    "The database {} was restored from a backup by another program; IntroGraph reopened it.",
                    path.display()
                )
            };
            *slot = open_store(path);
            *seen = first_look(path, &slot);
            drop(slot);
            self.forget_network();
            return Some(OutsideChange::Replaced { message });
        }
        drop(seen);
        // Another program committed: the graph follows. Store, then network.
        let mut reload = false;
        if let Ok(mut cached) = self.inner.network.lock() {
            if let Some(c) = cached.as_mut() {
                let caught_up = match c.applied {
                    Some((token, after)) => {
                        suggest::catch_up_after(store.conn(), &mut c.network, token, after).ok().flatten()
                    }
                    None => None,
                };
                match caught_up {
                    Some(last) => c.applied = c.applied.map(|(token, _)| (token, last)),
                    None => {
                        *cached = None;
                        reload = true;
                    }
                }
            }
        }
        drop(slot);
        if reload {
            self.warm_network_in_background();
        }
        Some(OutsideChange::Updated)
    }

    /// Watches the open file for other programs' changes on a thread of its own: every
    /// `every`, [`Self::check_for_changes`]; `tell` hears each change found. The app
    /// starts it; the one-shot command line does not. Stops when the returned
    /// [`Watcher`] is dropped.
    pub fn watch(&self, every: Duration, tell: impl Fn(OutsideChange) + Send + 'static) -> Watcher {
        let (stop, stopped) = mpsc::channel::<()>();
        let workspace = self.clone();
        let thread = std::thread::spawn(move || loop {
            match stopped.recv_timeout(every) {
                Err(RecvTimeoutError::Timeout) => {
                    if let Some(change) = workspace.check_for_changes() {
                        tell(change);
                    }
                }
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
        });
        Watcher { _stop: stop, thread: Some(thread) }
    }

    /// Runs `f` on the cached graph, if there is one (tests and benchmarks).
    pub fn cached_network<T>(&self, f: impl FnOnce(&Network) -> T) -> Option<T> {
        self.inner.network.lock().ok()?.as_ref().map(|c| f(&c.network))
    }

    /// Whether a graph is cached (tests).
    pub fn network_is_cached(&self) -> bool {
        self.inner.network.lock().map(|n| n.is_some()).unwrap_or(false)
    }
}

/// The rep the workspace works for (its current rep).
pub fn me(store: &Store) -> Result<intrograph_engine::model::Rep> {
    intrograph_engine::store::current_rep(store.conn())
}

/// A person's id and name.
pub fn path_person(
    store: &Store,
    id: intrograph_engine::model::PersonId,
) -> Result<intrograph_engine::paths::PathPerson> {
    Ok(intrograph_engine::paths::PathPerson {
        id,
        name: intrograph_engine::store::people::name(store.conn(), id)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::store::backup;
    use intrograph_engine::store::people::{self, PersonInput};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// A workspace file of many pages, closed (every page in the file), last checked
    /// yesterday, with one backup.
    fn checked_yesterday(dir: &Path) -> PathBuf {
        let path = dir.join("team.db");
        let mut store = Store::open(&path).unwrap();
        store
            .write(|tx| {
                for i in 0..2000 {
                    let notes = format!("notes for person {i} ").repeat(5);
                    people::add(
                        tx,
                        &PersonInput { full_name: format!("Person {i}"), notes, ..Default::default() },
                    )?;
                }
                Ok(())
            })
            .unwrap();
        backup::backup_to(&store, &backup::manual_path(&path)).unwrap();
        let yesterday = Clock::system().today().pred_opt().unwrap();
        store.write(|tx| settings::set(tx, health::LAST_QUICK_CHECK, &yesterday)).unwrap();
        path
    }

    #[test]
    fn a_whole_file_is_checked_apart_recorded_and_backed_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = checked_yesterday(dir.path());
        let workspace = Workspace::open(&path);
        let told = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&told);
        workspace.check_in_background(move || flag.store(true, Ordering::SeqCst)).join().unwrap();
        assert!(!told.load(Ordering::SeqCst));
        let store = workspace.store().expect("still open");
        let day: Option<NaiveDate> = settings::get(store.conn(), health::LAST_QUICK_CHECK).unwrap();
        assert_eq!(day, Some(workspace.today()), "today's check is recorded");
        let backups = backup::list(&path).unwrap();
        assert!(backups.iter().any(|b| b.kind == backup::BackupKind::Automatic), "{backups:?}");
    }

    #[test]
    fn a_file_damaged_inside_opens_then_is_closed_by_the_check_and_the_window_told() {
        let dir = tempfile::tempdir().unwrap();
        let path = checked_yesterday(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(!dir.path().join("team.db-wal").exists(), "closed, so every page is in the file");
        let middle = bytes.len() / 2;
        bytes[middle..middle + 16_384].fill(0xA5);
        std::fs::write(&path, bytes).unwrap();

        let workspace = Workspace::open(&path);
        assert!(workspace.store().is_ok(), "the window need not wait for the whole file to be read");
        let told = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&told);
        workspace.check_in_background(move || flag.store(true, Ordering::SeqCst)).join().unwrap();
        assert!(told.load(Ordering::SeqCst), "the window is told to ask again");
        let err = workspace.store().err().expect("a damaged file is closed");
        assert_eq!(err.code(), "Damaged", "{err}");
        assert!(err.to_string().contains("backups"), "{err}");
        assert!(
            backup::list(&path).unwrap().iter().all(|b| b.kind != backup::BackupKind::Automatic),
            "no backup is taken of a damaged file"
        );
        // The restore from the window works as it does for a file refused at opening.
        workspace.restore_latest_backup().unwrap();
        assert_eq!(people::count(workspace.store().unwrap().conn()).unwrap(), 2000);
    }
}
