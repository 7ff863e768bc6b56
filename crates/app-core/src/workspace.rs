//! The open workspace: the database file, its store and the cached relationship graph,
//! shared by every command.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use intrograph_engine::graph::Network;
use intrograph_engine::location;
use intrograph_engine::pipeline::Clock;
use intrograph_engine::store::{health, settings, Store};
use intrograph_engine::suggest;

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
    /// Built on first use from the store, kept current by the app's edits, rebuilt when the
    /// date changes (weights depend on how long ago the last contact was).
    network: Mutex<Option<Network>>,
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
        Self { inner: Arc::new(Inner { database, store: Mutex::new(store), network: Mutex::new(None) }) }
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
        });
        // Only a thread that could not take the lock (never: nothing else knows the
        // workspace yet) ends without signalling; the store then stays "still opening".
        let _ = has_lock.recv();
        workspace
    }

    /// Opens the database at `path` now, for one command of the command line: the file is
    /// checked first (once a day, [`Store::open`]) and a damaged file is refused with the way
    /// out. Take the day's backup with [`Workspace::daily_backup`].
    pub fn open_checked(path: &Path) -> Result<Self> {
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
            if cached.as_ref().is_some_and(|n| n.today() == today) {
                return;
            }
            match Store::open_unchecked(&path).and_then(|store| suggest::load_network(&store, today)) {
                Ok(network) => *cached = Some(network),
                Err(err) => eprintln!("IntroGraph: the relationship graph could not be loaded ahead: {err}"),
            }
        })
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
        if cached.as_ref().is_none_or(|n| n.today() != today) {
            *cached = Some(suggest::load_network(&store, today)?);
        }
        f(&mut store, cached.as_ref().expect("the network was just built"))
    }

    /// Applies an edit already stored to the cached graph, if there is one. Should the
    /// graph refuse it, the cache is dropped and rebuilt on next use.
    pub fn update_network(&self, edit: impl FnOnce(&mut Network) -> intrograph_engine::Result<()>) {
        if let Ok(mut cached) = self.inner.network.lock() {
            if let Some(network) = cached.as_mut() {
                if edit(network).is_err() {
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
