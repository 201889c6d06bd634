//! Where a journal's files live: the [`Storage`] trait (a flat directory of named files, appended to,
//! synced, read, renamed, removed), the standard file system ([`FsStorage`]), and an in-memory storage
//! that injects faults for tests ([`MemStorage`]): it keeps what was synced apart from what was only
//! written, and at a crash point drops or tears what was not synced.
//!
//! The storage is also the journal's only window on the outside world: the monotonic milliseconds that
//! time a group commit ([`Storage::now_ms`]) and the random bytes of erasure salts ([`Storage::random`])
//! come from it, never from the core, so tests inject both.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// A flat directory of named files, as a journal needs it. Names are plain file names (no separators).
///
/// Durability contract: bytes [`Storage::append`]ed to a file survive a crash only once
/// [`Storage::sync`] of that file returned; a file created, renamed or removed survives (as such) only
/// once [`Storage::sync_dir`] returned. Implementations may lose or tear anything else at a crash.
pub trait Storage: Send + Sync {
    /// The names of the files in the directory, sorted.
    fn list(&self) -> io::Result<Vec<String>>;
    /// Creates an empty file `name`; an error if it exists.
    fn create(&mut self, name: &str) -> io::Result<()>;
    /// Appends `bytes` to file `name`.
    fn append(&mut self, name: &str, bytes: &[u8]) -> io::Result<()>;
    /// Makes the bytes appended to `name` durable (fsync / fdatasync).
    fn sync(&mut self, name: &str) -> io::Result<()>;
    /// Makes the directory's entries (files created, renamed, removed) durable.
    fn sync_dir(&mut self) -> io::Result<()>;
    /// The whole content of file `name`.
    fn read(&self, name: &str) -> io::Result<Vec<u8>>;
    /// Cuts file `name` to its first `len` bytes (recovery cuts a torn tail); durable after [`Storage::sync`].
    fn truncate(&mut self, name: &str, len: u64) -> io::Result<()>;
    /// Renames `from` to `to`, replacing `to` if it exists (atomic on the file system).
    fn rename(&mut self, from: &str, to: &str) -> io::Result<()>;
    /// Removes file `name`.
    fn remove(&mut self, name: &str) -> io::Result<()>;
    /// Milliseconds from a monotonic clock of the host (group commit every T ms); any fixed origin.
    fn now_ms(&self) -> u64;
    /// Fills `buf` with random bytes (the salts of confidential fields).
    fn random(&mut self, buf: &mut [u8]) -> io::Result<()>;
}

/// A journal directory on the standard file system. Appends go through open handles kept per file;
/// `sync` is `File::sync_data`, `sync_dir` an fsync of the directory; time is [`std::time::Instant`],
/// randomness the operating system's (`getrandom`).
///
/// ```
/// use xiaoneng::journal::{FsStorage, Storage};
///
/// let dir = std::env::temp_dir().join(format!("xn-doc-fs-{}", std::process::id()));
/// let mut fs = FsStorage::open(&dir).unwrap();
/// fs.create("a").unwrap();
/// fs.append("a", b"hello").unwrap();
/// fs.sync("a").unwrap();
/// assert_eq!(fs.read("a").unwrap(), b"hello");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug)]
pub struct FsStorage {
    dir: PathBuf,
    open: BTreeMap<String, File>,
    origin: std::time::Instant,
    /// The writer's lock on the directory ([`FsStorage::open_exclusive`]), held while this lives.
    lock: Option<File>,
}

/// The file a journal's writer holds an exclusive lock on ([`FsStorage::open_exclusive`]).
pub const LOCK_FILE: &str = "LOCK";

impl FsStorage {
    /// The directory `dir`, created (with its parents) if missing.
    ///
    /// # Errors
    ///
    /// The system's error when the directory cannot be created.
    pub fn open(dir: impl AsRef<Path>) -> io::Result<Self> {
        std::fs::create_dir_all(dir.as_ref())?;
        Ok(FsStorage {
            dir: dir.as_ref().to_path_buf(),
            open: BTreeMap::new(),
            origin: std::time::Instant::now(),
            lock: None,
        })
    }

    /// [`FsStorage::open`] for the one writer of a journal: it takes an exclusive lock on the directory's
    /// [`LOCK_FILE`] (the operating system's advisory file lock, released when this storage is dropped or
    /// the process ends, a crash included), so that a second writer (another process, or another handle
    /// in this one) is refused rather than interleaving its records with the first's. Readers
    /// ([`super::verify`]) take no lock.
    ///
    /// ```
    /// use xiaoneng::journal::FsStorage;
    ///
    /// let dir = std::env::temp_dir().join(format!("xn-doc-lock-{}", std::process::id()));
    /// let first = FsStorage::open_exclusive(&dir).unwrap();
    /// assert_eq!(FsStorage::open_exclusive(&dir).unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
    /// drop(first);
    /// assert!(FsStorage::open_exclusive(&dir).is_ok());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// [`io::ErrorKind::WouldBlock`] when another writer holds the lock; the system's error when the
    /// directory or the lock file cannot be created.
    pub fn open_exclusive(dir: impl AsRef<Path>) -> io::Result<Self> {
        let mut storage = FsStorage::open(dir.as_ref())?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(storage.dir.join(LOCK_FILE))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "{} is open for writing by another journal handle (its {LOCK_FILE} file is locked): one writer \
                         per journal",
                        storage.dir.display()
                    ),
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        storage.lock = Some(lock);
        Ok(storage)
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> io::Result<PathBuf> {
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not a plain file name: {name:?}"),
            ));
        }
        Ok(self.dir.join(name))
    }

    fn handle(&mut self, name: &str) -> io::Result<&mut File> {
        if !self.open.contains_key(name) {
            let f = OpenOptions::new().append(true).open(self.path(name)?)?;
            self.open.insert(name.to_string(), f);
        }
        Ok(self.open.get_mut(name).expect("inserted above"))
    }
}

impl Storage for FsStorage {
    fn list(&self) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                if let Some(name) = entry.file_name().to_str() {
                    out.push(name.to_string());
                }
            }
        }
        out.sort();
        Ok(out)
    }
    fn create(&mut self, name: &str) -> io::Result<()> {
        let f = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(self.path(name)?)?;
        self.open.insert(name.to_string(), f);
        Ok(())
    }
    fn append(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.handle(name)?.write_all(bytes)
    }
    fn sync(&mut self, name: &str) -> io::Result<()> {
        self.handle(name)?.sync_data()
    }
    fn sync_dir(&mut self) -> io::Result<()> {
        #[cfg(unix)]
        {
            File::open(&self.dir)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            Ok(())
        }
    }
    fn read(&self, name: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path(name)?)
    }
    fn truncate(&mut self, name: &str, len: u64) -> io::Result<()> {
        self.open.remove(name);
        OpenOptions::new().write(true).open(self.path(name)?)?.set_len(len)
    }
    fn rename(&mut self, from: &str, to: &str) -> io::Result<()> {
        self.open.remove(from);
        self.open.remove(to);
        std::fs::rename(self.path(from)?, self.path(to)?)
    }
    fn remove(&mut self, name: &str) -> io::Result<()> {
        self.open.remove(name);
        std::fs::remove_file(self.path(name)?)
    }
    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
    fn random(&mut self, buf: &mut [u8]) -> io::Result<()> {
        getrandom::fill(buf).map_err(|e| io::Error::other(e.to_string()))
    }
}

/// What happens to the bytes written but not synced when a [`MemStorage`] crashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Every unsynced byte is lost.
    Drop,
    /// Unsynced bytes survive, in order, up to a point chosen by the crash's random numbers (a torn write).
    Tear,
    /// Unsynced bytes survive (the disk happened to write them).
    Keep,
}

/// A file of a [`MemStorage`]: its bytes, and the prefix of them that is durable.
#[derive(Debug, Clone, Default)]
struct MemFile {
    data: Vec<u8>,
    synced: Vec<u8>,
}

#[derive(Debug, Default)]
struct MemState {
    /// Files by id.
    files: Vec<MemFile>,
    /// The directory as the running program sees it.
    names: BTreeMap<String, usize>,
    /// The directory as it would be found after a crash.
    durable: BTreeMap<String, usize>,
    /// Operations done so far (every call but `list`, `read`, `now_ms`).
    ops: u64,
    /// The power fails at this operation: it and every later one fail.
    crash_at: Option<u64>,
    /// The operation (by number) that fails once with an error, the storage going on afterwards.
    fail_at: Option<u64>,
    /// Only `sync` calls fail at `fail_at` (counted among syncs instead of all operations).
    fail_sync_only: bool,
    syncs: u64,
    clock: u64,
    rng: u64,
}

/// An in-memory [`Storage`] that injects faults, for tests: it tracks synced and unsynced bytes (and
/// durable and pending directory entries), fails at a chosen operation or sync, and at a crash point
/// keeps only what was durable plus, by the chosen [`Loss`], some of what was not. Clones share the
/// same files, so a test keeps one handle while a journal owns another. Time and randomness are its own
/// (a counter moved by [`MemStorage::advance_ms`], a seeded generator).
///
/// ```
/// use xiaoneng::journal::{Loss, MemStorage, Storage};
///
/// let mut mem = MemStorage::new(7);
/// mem.create("a").unwrap();
/// mem.sync_dir().unwrap();
/// mem.append("a", b"kept").unwrap();
/// mem.sync("a").unwrap();
/// mem.append("a", b"lost").unwrap();
/// let after = mem.crashed(Loss::Drop, 0);
/// assert_eq!(after.read("a").unwrap(), b"kept");
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemStorage {
    state: Arc<Mutex<MemState>>,
}

fn powered_off() -> io::Error {
    io::Error::other("injected crash: the power is off")
}

impl MemStorage {
    /// An empty storage whose random bytes come from `seed`.
    pub fn new(seed: u64) -> Self {
        let s = MemStorage::default();
        s.lock().rng = seed ^ 0x9e37_79b9_7f4a_7c15;
        s
    }

    fn lock(&self) -> MutexGuard<'_, MemState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The power fails at operation number `op` (counted from 0 over every mutating call): that call and
    /// every later one fail with an error, as in a machine going down.
    pub fn crash_at(&self, op: u64) {
        self.lock().crash_at = Some(op);
    }

    /// Operation number `op` fails once with an error; later operations work.
    pub fn fail_op(&self, op: u64) {
        let mut s = self.lock();
        s.fail_at = Some(op);
        s.fail_sync_only = false;
    }

    /// The `n`-th `sync` or `sync_dir` from now (from 0) fails once with an error; later ones work.
    pub fn fail_sync(&self, n: u64) {
        let mut s = self.lock();
        s.syncs = 0;
        s.fail_at = Some(n);
        s.fail_sync_only = true;
    }

    /// Operations done so far.
    pub fn ops(&self) -> u64 {
        self.lock().ops
    }

    /// Moves the storage's clock forward by `ms` milliseconds.
    pub fn advance_ms(&self, ms: u64) {
        self.lock().clock += ms;
    }

    /// The storage as found after a crash now: only durable entries and durable bytes, plus the
    /// unsynced bytes `loss` lets through (for [`Loss::Tear`], a length drawn from `seed` per file).
    pub fn crashed(&self, loss: Loss, seed: u64) -> MemStorage {
        let s = self.lock();
        let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut files = Vec::new();
        let mut names = BTreeMap::new();
        for (name, &id) in &s.durable {
            let f = &s.files[id];
            let mut data = f.synced.clone();
            if f.data.starts_with(&f.synced) {
                let extra = &f.data[f.synced.len()..];
                let n = match loss {
                    Loss::Drop => 0,
                    Loss::Keep => extra.len(),
                    Loss::Tear => {
                        rng = xorshift(rng);
                        (rng % (extra.len() as u64 + 1)) as usize
                    }
                };
                data.extend_from_slice(&extra[..n]);
            }
            names.insert(name.clone(), files.len());
            files.push(MemFile {
                synced: data.clone(),
                data,
            });
        }
        MemStorage {
            state: Arc::new(Mutex::new(MemState {
                files,
                durable: names.clone(),
                names,
                rng: s.rng ^ seed,
                clock: s.clock,
                ..MemState::default()
            })),
        }
    }

    /// Replaces the content of file `name` (tests that tamper with a journal), durably.
    pub fn put(&self, name: &str, bytes: Vec<u8>) {
        let mut s = self.lock();
        let id = match s.names.get(name) {
            Some(&id) => id,
            None => {
                s.files.push(MemFile::default());
                let id = s.files.len() - 1;
                s.names.insert(name.to_string(), id);
                s.durable.insert(name.to_string(), id);
                id
            }
        };
        s.files[id] = MemFile {
            synced: bytes.clone(),
            data: bytes,
        };
    }

    /// Counts an operation: an error if the power is off or this operation is to fail.
    fn op(s: &mut MemState, sync: bool) -> io::Result<()> {
        let n = s.ops;
        s.ops += 1;
        if s.crash_at.is_some_and(|c| n >= c) {
            return Err(powered_off());
        }
        let counted = if s.fail_sync_only {
            if !sync {
                return Ok(());
            }
            let k = s.syncs;
            s.syncs += 1;
            k
        } else {
            n
        };
        if s.fail_at == Some(counted) {
            s.fail_at = None;
            return Err(io::Error::other(format!("injected failure at operation {counted}")));
        }
        Ok(())
    }

    fn id(s: &MemState, name: &str) -> io::Result<usize> {
        s.names
            .get(name)
            .copied()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no file {name:?}")))
    }
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

impl Storage for MemStorage {
    fn list(&self) -> io::Result<Vec<String>> {
        let s = self.lock();
        if s.crash_at.is_some_and(|c| s.ops >= c) {
            return Err(powered_off());
        }
        Ok(s.names.keys().cloned().collect())
    }
    fn create(&mut self, name: &str) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, false)?;
        if s.names.contains_key(name) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{name:?} exists")));
        }
        s.files.push(MemFile::default());
        let id = s.files.len() - 1;
        s.names.insert(name.to_string(), id);
        Ok(())
    }
    fn append(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, false)?;
        let id = MemStorage::id(&s, name)?;
        s.files[id].data.extend_from_slice(bytes);
        Ok(())
    }
    fn sync(&mut self, name: &str) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, true)?;
        let id = MemStorage::id(&s, name)?;
        let f = &mut s.files[id];
        if f.data.starts_with(&f.synced) {
            let from = f.synced.len();
            let extra = f.data[from..].to_vec();
            f.synced.extend_from_slice(&extra);
        } else {
            f.synced = f.data.clone();
        }
        Ok(())
    }
    fn sync_dir(&mut self) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, true)?;
        s.durable = s.names.clone();
        Ok(())
    }
    fn read(&self, name: &str) -> io::Result<Vec<u8>> {
        let s = self.lock();
        if s.crash_at.is_some_and(|c| s.ops >= c) {
            return Err(powered_off());
        }
        Ok(s.files[MemStorage::id(&s, name)?].data.clone())
    }
    fn truncate(&mut self, name: &str, len: u64) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, false)?;
        let id = MemStorage::id(&s, name)?;
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        s.files[id].data.truncate(len);
        Ok(())
    }
    fn rename(&mut self, from: &str, to: &str) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, false)?;
        let id = MemStorage::id(&s, from)?;
        s.names.remove(from);
        s.names.insert(to.to_string(), id);
        Ok(())
    }
    fn remove(&mut self, name: &str) -> io::Result<()> {
        let mut s = self.lock();
        MemStorage::op(&mut s, false)?;
        MemStorage::id(&s, name)?;
        s.names.remove(name);
        Ok(())
    }
    fn now_ms(&self) -> u64 {
        self.lock().clock
    }
    fn random(&mut self, buf: &mut [u8]) -> io::Result<()> {
        let mut s = self.lock();
        for b in buf {
            s.rng = xorshift(s.rng | 1);
            *b = (s.rng >> 24) as u8;
        }
        Ok(())
    }
}
