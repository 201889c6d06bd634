//! `xiaoneng.JournaledEngine` (the engine on a journal directory: the core's [`JournaledEngine`]) and
//! `xiaoneng.verify` (the core's [`verify`]).
//!
//! `JournaledEngine` is a subclass of `Engine`: the base holds the journaled engine
//! ([`crate::engine::State::Journaled`]), so the engine's methods (`execute`, `advance`, `add_notice`,
//! `view`, `snapshot`, ...) are the base's own, and those that change the engine go through the journal
//! (answered once durable). This class adds what belongs to the journal: the open report, checkpoints,
//! snapshots, compaction, erasure, `flush`, `close` and the context manager. After `close` the base holds
//! nothing ([`crate::engine::State::Closed`]) and every call raises `InvalidStateError`.
//!
//! The options are keyword arguments mirroring the core's [`JournalOptions`] field by field; they are
//! read as a JSON object by the core's own reader, so a wrong one is named as the core names it.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};
use xiaoneng::journal::{verify as verify_dir, Checkpoint, JournalOptions, JournaledEngine, OpenReport};
use xiaoneng::Error;

use crate::convert::{count_arg, placeholder, shown, str_arg, type_name};
use crate::engine::{borrow_mut, closed, configuration, run, Journaled, PyEngine, State};
use crate::errors;
use crate::frompy;
use crate::topy::plain;

/// A directory argument: a `str` or an `os.PathLike` giving one.
fn path_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<PathBuf> {
    let refuse = || {
        errors::invalid(
            name,
            shown(obj),
            format!("must be a str or an os.PathLike (pathlib.Path), got {}", type_name(obj)),
        )
    };
    let text = if obj.is_instance_of::<PyString>() {
        obj.clone()
    } else if obj.hasattr("__fspath__").unwrap_or(false) {
        let fs = obj.call_method0("__fspath__").map_err(|_| refuse())?;
        if !fs.is_instance_of::<PyString>() {
            return Err(refuse());
        }
        fs
    } else {
        return Err(refuse());
    };
    let s = str_arg(&text, name)?;
    if s.is_empty() {
        return Err(errors::invalid(name, "\"\"", "an empty path names no directory"));
    }
    if s.contains('\0') {
        return Err(errors::invalid(
            name,
            shown(obj),
            "a path cannot contain a NUL character",
        ));
    }
    Ok(PathBuf::from(s))
}

/// The options given as keyword arguments, read by the core's reader of [`JournalOptions`]; an
/// error names the option (and the part of it: `durability.every_records`).
fn options_of(given: &[(&str, Option<&Bound<'_, PyAny>>)]) -> PyResult<JournalOptions> {
    let py = match given.iter().find_map(|(_, v)| *v) {
        Some(v) => v.py(),
        None => return Ok(JournalOptions::default()),
    };
    let dict = PyDict::new(py);
    for (name, value) in given {
        let Some(value) = value else { continue };
        if value.is_none() {
            continue;
        }
        // `("every_records", 64)` is `{"every_records": 64}`, as limits are `("working_days", 20)`.
        if *name == "durability" && (value.is_instance_of::<PyTuple>() || value.is_instance_of::<PyList>()) {
            let items: Vec<Bound<'_, PyAny>> = value.try_iter()?.collect::<PyResult<_>>()?;
            if items.len() != 2 || !items[0].is_instance_of::<PyString>() {
                return Err(errors::invalid(
                    "durability",
                    shown(value),
                    "a pair is (\"every_records\", n) or (\"every_millis\", ms)",
                ));
            }
            let inner = PyDict::new(py);
            inner.set_item(&items[0], &items[1])?;
            dict.set_item(name, inner)?;
        } else {
            dict.set_item(name, value)?;
        }
    }
    let json = frompy::to_value(dict.as_any(), ".")?;
    JournalOptions::from_json(&json.to_string()).map_err(|e| parse_as_invalid(e, &json, ""))
}

/// A core parse error of an argument read as JSON (`json`, named `root`) as `InvalidInputError` naming
/// the part of it (`durability.every_records`) and quoting its value, as for any argument of the wrong
/// kind; without serde's position in the JSON text (the text is the binding's, not the caller's).
fn parse_as_invalid(e: Error, json: &serde_json::Value, root: &str) -> PyErr {
    let Error::Parse { path, message, .. } = &e else {
        return errors::core(e);
    };
    let message = match message.rfind(" at line ") {
        Some(k) => &message[..k],
        None => message.as_str(),
    };
    let pointer: String = if path == "." {
        String::new()
    } else {
        path.split('.')
            .flat_map(|part| part.split(['[', ']']).filter(|s| !s.is_empty()))
            .map(|s| format!("/{s}"))
            .collect()
    };
    let value = match json.pointer(&pointer) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Object(_)) => "<dict>".into(),
        Some(serde_json::Value::Array(_)) => "<list>".into(),
        Some(v) => v.to_string(),
        None => "<missing>".into(),
    };
    let field = match (root, path.as_str()) {
        ("", p) => p.to_string(),
        (r, ".") => r.to_string(),
        (r, p) => format!("{r}.{p}"),
    };
    errors::invalid(field, value, message)
}

/// A checkpoint argument: a dict as `JournaledEngine.checkpoint()` returns it, or its JSON text.
fn checkpoint_arg(obj: &Bound<'_, PyAny>) -> PyResult<Checkpoint> {
    let json = if obj.is_instance_of::<PyString>() {
        serde_json::from_str(str_arg(obj, "checkpoint")?)
            .map_err(|e| errors::invalid("checkpoint", shown(obj), format!("not JSON: {e}")))?
    } else if obj.is_instance_of::<PyDict>() {
        frompy::to_value(obj, "checkpoint")?
    } else {
        return Err(errors::invalid(
            "checkpoint",
            placeholder(obj),
            format!(
                "must be a dict (as JournaledEngine.checkpoint() returns) or its JSON text, got {}",
                type_name(obj)
            ),
        ));
    };
    Checkpoint::from_json(&json.to_string()).map_err(|e| parse_as_invalid(e, &json, "checkpoint"))
}

/// The case-handling engine on a journal (账本): every event it answers is in the journal directory,
/// durable under the chosen policy, hash-chained and verifiable (``docs/journal.md``).
///
/// A ``JournaledEngine`` is an ``Engine`` (a subclass): ``execute``, ``execute_many``, ``advance`` and
/// ``add_notice`` answer only once their events are durable in the journal (a rejected command writes
/// nothing); ``view``, ``explain``, ``board``, ``metrics``, ``case``, ``snapshot``, ``seq``, ... read the
/// engine as ``Engine`` does. ``execute_many`` writes each command's events before the next command runs.
/// (The static constructors ``restore`` and ``replay`` build plain ``Engine`` objects; ``reserve`` is a
/// hint the journaled engine ignores.)
///
/// Opening recovers: the newest snapshot, then the events after it, replayed and checked against the
/// rules; the whole chain is verified. A torn last record left by a crash is cut and reported in
/// ``report``; any other damage raises ``CorruptError`` naming the first bad sequence number. Open the
/// directory with the policy, organisation and catalog it was written with (after ``add_notice``, with
/// ``self.policy``, which keeps the notice).
///
/// Use it as a context manager (``with xn.JournaledEngine(...) as engine:``), or call ``close()``: the
/// journal is synced and closed on leaving the block, also on an exception. After ``close`` every call
/// but ``close`` (which does nothing more), ``closed``, ``path``, ``options`` and ``report`` raises
/// ``InvalidStateError``. When a write or sync fails the journal stops (fail-stop): that call and every
/// later one raise ``StorageError``; open the directory again to go on. One writer per directory.
///
/// Parameters
/// ----------
/// path : str or os.PathLike
///     The journal's directory (created when missing).
/// policy, org, catalog : Policy, Org, Catalog
///     As ``Engine`` takes them.
/// algorithm : {"sha256", "sm3"}, default "sha256"
///     The chain's hash function (SM3: GM/T 0004-2012, 国密). An existing journal must have been
///     written with it.
/// durability : str or tuple, default "every_record"
///     When records are synced: ``"every_record"`` (before every answer; nothing acknowledged is ever
///     lost), ``("every_records", n)`` (once ``n`` records are unsynced), ``("every_millis", ms)`` (at the
///     first write ``ms`` milliseconds after the last sync), ``"never"`` (only at ``flush``, snapshots and
///     ``close``). A dict ``{"every_records": n}`` works too.
/// segment_bytes : int, default 67108864
///     A new segment file is started once the current one holds this many bytes.
/// snapshot_every : int, default 0
///     A snapshot of the engine every this many records (none when 0).
/// compact : bool, default False
///     After each such snapshot, remove the segments it covers.
/// confidential : list of dict, default []
///     Fields held as salted commitments, their values beside the chain so that they can be erased
///     (``erase_through``): ``[{"event": "received", "pointer": "/applicant"}]``.
///
/// Raises
/// ------
/// InvalidInputError
///     An argument of the wrong kind, an unknown option value (named: ``algorithm``,
///     ``durability.every_records``, ...), an ``algorithm`` other than the journal's.
/// CorruptError
///     The journal or its snapshot is damaged (``field`` ``seq``, ``value`` the first bad sequence
///     number).
/// StorageError
///     The directory cannot be created or read.
///
/// Examples
/// --------
/// >>> import tempfile
/// >>> policy = xn.presets.county()
/// >>> org = xn.presets.example_org()
/// >>> catalog = xn.presets.example_catalog(org)
/// >>> tz = dt.timezone(dt.timedelta(hours=8))
/// >>> path = tempfile.mkdtemp()
/// >>> with xn.JournaledEngine(path, policy, org, catalog, durability=("every_records", 64)) as engine:
/// ...     events = engine.execute(xn.commands.receive(
/// ...         "C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
/// ...         item="330100-FOOD-001", applicant="某餐饮有限公司"))
/// ...     live = engine.snapshot()
/// >>> engine.closed
/// True
/// >>> with xn.JournaledEngine(path, policy, org, catalog) as again:
/// ...     again.report["records"], again.snapshot() == live
/// (1, True)
/// >>> xn.verify(path)["ok"]
/// True
#[pyclass(name = "JournaledEngine", module = "xiaoneng", extends = PyEngine)]
pub struct PyJournaled {
    path: PathBuf,
    report: OpenReport,
    options: JournalOptions,
}

/// The journaled engine of `slf`, for `f` (run with the GIL released); `InvalidStateError` once closed.
fn with_journal<T: Send>(
    slf: &Bound<'_, PyJournaled>,
    f: impl FnOnce(&mut JournaledEngine) -> xiaoneng::Result<T> + Send,
) -> PyResult<T> {
    let py = slf.py();
    let mut base = borrow_mut(slf.as_super())?;
    match &mut base.state {
        State::Journaled(j) => {
            let journaled = j.get_mut();
            run(py, move || f(journaled))
        }
        _ => Err(errors::core(closed())),
    }
}

#[pymethods]
impl PyJournaled {
    #[new]
    #[pyo3(
        signature = (path, policy, org, catalog, *, algorithm = None, durability = None, segment_bytes = None,
                     snapshot_every = None, compact = None, confidential = None),
        text_signature = "(path, policy, org, catalog, *, algorithm='sha256', durability='every_record', \
                          segment_bytes=67108864, snapshot_every=0, compact=False, confidential=())"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        policy: &Bound<'_, PyAny>,
        org: &Bound<'_, PyAny>,
        catalog: &Bound<'_, PyAny>,
        algorithm: Option<&Bound<'_, PyAny>>,
        durability: Option<&Bound<'_, PyAny>>,
        segment_bytes: Option<&Bound<'_, PyAny>>,
        snapshot_every: Option<&Bound<'_, PyAny>>,
        compact: Option<&Bound<'_, PyAny>>,
        confidential: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyClassInitializer<Self>> {
        let path = path_arg(path, "path")?;
        let (policy, org, catalog) = configuration(policy, org, catalog)?;
        if let Some(c) = compact.filter(|c| !c.is_none()) {
            if !c.is_instance_of::<PyBool>() {
                return Err(errors::invalid(
                    "compact",
                    shown(c),
                    format!("must be a bool, got {}", type_name(c)),
                ));
            }
        }
        for (name, v) in [("segment_bytes", segment_bytes), ("snapshot_every", snapshot_every)] {
            if let Some(v) = v.filter(|v| !v.is_none()) {
                count_arg(v, name)?;
            }
        }
        let options = options_of(&[
            ("algorithm", algorithm),
            ("durability", durability),
            ("segment_bytes", segment_bytes),
            ("snapshot_every", snapshot_every),
            ("compact", compact),
            ("confidential", confidential),
        ])?;
        let dir = path.clone();
        let opts = options.clone();
        let journaled = run(py, move || JournaledEngine::open(&dir, policy, org, catalog, opts))?;
        let report = journaled.report().clone();
        Ok(PyClassInitializer::from(PyEngine {
            state: State::Journaled(Journaled::new(journaled)),
        })
        .add_subclass(PyJournaled { path, report, options }))
    }

    /// What opening found (a dict): ``algorithm``, ``records`` (read, after a cut), ``segments``,
    /// ``last_seq``, ``head`` (the last record's hash, hex), ``snapshot_seq`` (the newest snapshot's
    /// sequence number, or ``None``), ``torn`` (the torn tail a crash left and opening cut: ``segment``,
    /// ``kept_bytes``, ``cut_bytes``, ``cut_records``; or ``None``), ``erased`` (confidential values erased).
    /// Stays readable after ``close``.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        plain(py, &self.report)
    }

    /// The options the journal is written with (a dict, every option, the defaults filled in).
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        plain(py, &self.options)
    }

    /// The journal's directory (a str).
    #[getter]
    fn path(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// Whether ``close`` was called.
    #[getter]
    fn closed(slf: &Bound<'_, Self>) -> PyResult<bool> {
        let base = slf
            .as_super()
            .try_borrow()
            .map_err(|_| errors::busy("JournaledEngine"))?;
        Ok(matches!(base.state, State::Closed))
    }

    /// A checkpoint of the journal as it stands, for a host or a witness to keep elsewhere and give to
    /// ``xn.verify`` later: a dict ``{"format": 1, "algorithm": "sha256", "size": <last seq>, "head": <hex
    /// hash of that record>}`` (``json.dumps`` it as it is). Verifying against it detects a cut tail and a
    /// forked history.
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Examples
    /// --------
    /// >>> import tempfile
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> path = tempfile.mkdtemp()
    /// >>> with xn.JournaledEngine(path, policy, org, catalog, algorithm="sm3") as engine:
    /// ...     _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                            item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// ...     cp = engine.checkpoint()
    /// >>> cp["algorithm"], cp["size"], len(cp["head"])
    /// ('sm3', 1, 64)
    /// >>> xn.verify(path, cp)["checkpoint_checked"]
    /// True
    fn checkpoint<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let cp = with_journal(slf, |j| Ok(j.checkpoint()))?;
        plain(slf.py(), &cp)
    }

    /// Makes everything written durable now, whatever the durability policy.
    ///
    /// Raises
    /// ------
    /// StorageError
    ///     The sync failed (the journal stops), or an earlier failure stopped it.
    /// InvalidStateError
    ///     Closed.
    ///
    /// Examples
    /// --------
    /// >>> import tempfile
    /// >>> engine = xn.JournaledEngine(tempfile.mkdtemp(), policy, org, catalog, durability="never")
    /// >>> engine.flush()
    /// >>> engine.close()
    fn flush(slf: &Bound<'_, Self>) -> PyResult<()> {
        with_journal(slf, JournaledEngine::flush)
    }

    /// Writes a snapshot of the engine now (atomically), so that the next open replays only what follows
    /// it; ``snapshot_every`` takes them by policy.
    ///
    /// Raises
    /// ------
    /// StorageError
    ///     Writing failed (the journal stops), or an earlier failure stopped it.
    /// InvalidStateError
    ///     Closed.
    ///
    /// Examples
    /// --------
    /// >>> import tempfile
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> path = tempfile.mkdtemp()
    /// >>> with xn.JournaledEngine(path, policy, org, catalog) as engine:
    /// ...     _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                            item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// ...     engine.snapshot_now()
    /// >>> with xn.JournaledEngine(path, policy, org, catalog) as engine:
    /// ...     engine.report["snapshot_seq"], engine.seq
    /// (1, 1)
    fn snapshot_now(slf: &Bound<'_, Self>) -> PyResult<()> {
        with_journal(slf, JournaledEngine::snapshot_now)
    }

    /// Removes what the newest snapshot makes unnecessary: older snapshots and the segment files whose
    /// records it all covers (the current segment stays). The chain stays verifiable from the snapshot.
    ///
    /// Returns
    /// -------
    /// int
    ///     Segment files removed.
    ///
    /// Raises
    /// ------
    /// StorageError
    ///     Removing failed (the journal stops), or an earlier failure stopped it.
    /// InvalidStateError
    ///     Closed.
    ///
    /// Examples
    /// --------
    /// >>> import tempfile
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> with xn.JournaledEngine(tempfile.mkdtemp(), policy, org, catalog, segment_bytes=0) as engine:
    /// ...     for n in range(3):  # segment_bytes=0: every command starts a new segment file
    /// ...         _ = engine.execute(xn.commands.receive(f"C{n}", dt.datetime(2026, 9, 28, 9, tzinfo=tz),
    /// ...                            "s-clerk", item="330100-FOOD-001", applicant="某餐饮有限公司"))
    /// ...     engine.snapshot_now()
    /// ...     engine.compact()
    /// 2
    fn compact(slf: &Bound<'_, Self>) -> PyResult<usize> {
        with_journal(slf, JournaledEngine::compact)
    }

    /// Erases the confidential values (the ``confidential`` option) of the records up to sequence number
    /// ``through`` (their retention ended): the values beside the chain are removed, every hash stays as it
    /// was and the journal still verifies; the erased fields read as their commitments.
    ///
    /// Parameters
    /// ----------
    /// through : int
    ///     The last sequence number whose values go.
    ///
    /// Returns
    /// -------
    /// int
    ///     Values erased.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     ``through`` is not an int or negative.
    /// StorageError
    ///     Writing failed (the journal stops), or an earlier failure stopped it.
    /// InvalidStateError
    ///     Closed.
    ///
    /// Examples
    /// --------
    /// >>> import tempfile
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> hidden = [{"event": "received", "pointer": "/applicant"}]
    /// >>> with xn.JournaledEngine(tempfile.mkdtemp(), policy, org, catalog, confidential=hidden) as engine:
    /// ...     _ = engine.execute(xn.commands.receive("C1", dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
    /// ...                                            item="330100-FOOD-001", applicant="张三"))
    /// ...     engine.erase_through(engine.seq)
    /// 1
    fn erase_through(slf: &Bound<'_, Self>, through: &Bound<'_, PyAny>) -> PyResult<u64> {
        let through = count_arg(through, "through")? as u64;
        with_journal(slf, move |j| j.erase_through(through))
    }

    /// Syncs and closes the journal. Calling it again does nothing; every other call raises
    /// ``InvalidStateError`` from now on. ``with`` calls it on leaving the block.
    ///
    /// Raises
    /// ------
    /// StorageError
    ///     The last sync failed, or an earlier failure had stopped the journal (it is closed all the same).
    ///
    /// Examples
    /// --------
    /// >>> import tempfile
    /// >>> engine = xn.JournaledEngine(tempfile.mkdtemp(), policy, org, catalog)
    /// >>> engine.close()
    /// >>> engine.close()
    /// >>> engine.seq
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.InvalidStateError: not allowed now: `self` = JournaledEngine: closed: ...
    fn close(slf: &Bound<'_, Self>) -> PyResult<()> {
        let py = slf.py();
        let mut base = borrow_mut(slf.as_super())?;
        match std::mem::replace(&mut base.state, State::Closed) {
            State::Journaled(j) => {
                let journaled = j.into_inner();
                run(py, move || journaled.close())
            }
            State::Closed => Ok(()),
            plain @ State::Plain(_) => {
                base.state = plain;
                Err(errors::internal("a JournaledEngine without a journal"))
            }
        }
    }

    fn __enter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        if Self::closed(&slf)? {
            return Err(errors::core(closed()));
        }
        Ok(slf)
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(slf: &Bound<'_, Self>, _exc: &Bound<'_, PyTuple>) -> PyResult<bool> {
        Self::close(slf)?;
        Ok(false)
    }

    /// A journaled engine owns its directory (one writer per directory): it is not pickled or copied.
    fn __reduce__(&self) -> PyResult<()> {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "cannot pickle or copy a xiaoneng.JournaledEngine: it owns its journal directory (one writer per \
             directory); keep its path and options and open it again",
        ))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let this = slf.borrow();
        let path = PyString::new(slf.py(), &this.path.to_string_lossy())
            .repr()
            .map(|r| r.to_string())
            .unwrap_or_default();
        let base = slf
            .as_super()
            .try_borrow()
            .map_err(|_| errors::busy("JournaledEngine"))?;
        Ok(match base.state.engine() {
            Ok(engine) => format!(
                "JournaledEngine(path={path}, cases={}, seq={})",
                engine.len(),
                engine.seq()
            ),
            Err(_) => format!("JournaledEngine(path={path}, closed)"),
        })
    }
}

/// Verifies the journal in directory ``path`` without changing it (an auditor's check): every record's
/// hash, the chain, sequence numbers, the newest snapshot, the confidential values still kept; given a
/// ``checkpoint`` kept elsewhere, that the journal still holds its records with its hash (a cut tail or a
/// forked history is reported). Damage is not an exception: it is in the report. The GIL is released
/// while it reads.
///
/// Parameters
/// ----------
/// path : str or os.PathLike
///     The journal's directory.
/// checkpoint : dict or str, optional
///     As ``JournaledEngine.checkpoint()`` returns it, or its JSON text.
///
/// Returns
/// -------
/// dict
///     ``ok`` (no damage, no disagreement with the checkpoint), ``algorithm`` (``None`` for an empty
///     directory), ``records``, ``segments``, ``last_seq``, ``head``, ``snapshot_seq``, ``torn`` (a torn
///     tail a crash left, which the next open cuts; not damage), ``erased``, ``first_bad_seq`` (the first
///     bad sequence number, or ``None``), ``damage`` (what is wrong there, or ``None``),
///     ``checkpoint_checked`` (whether the checkpoint could be checked; ``None`` without one).
///
/// Raises
/// ------
/// StorageError
///     The directory is missing or cannot be read.
/// InvalidInputError
///     A malformed checkpoint (the field named), a checkpoint of another algorithm
///     (``checkpoint.algorithm``), a ``path`` that is not a str or os.PathLike.
///
/// Examples
/// --------
/// >>> import pathlib, tempfile
/// >>> policy = xn.presets.county()
/// >>> org = xn.presets.example_org()
/// >>> catalog = xn.presets.example_catalog(org)
/// >>> tz = dt.timezone(dt.timedelta(hours=8))
/// >>> path = pathlib.Path(tempfile.mkdtemp())
/// >>> with xn.JournaledEngine(path, policy, org, catalog) as engine:
/// ...     for case in ["C1", "C2"]:
/// ...         _ = engine.execute(xn.commands.receive(case, dt.datetime(2026, 9, 28, 9, tzinfo=tz), "s-clerk",
/// ...                                                item="330100-FOOD-001", applicant="某餐饮有限公司"))
/// ...     cp = engine.checkpoint()
/// >>> report = xn.verify(path, cp)
/// >>> report["ok"], report["records"], report["first_bad_seq"]
/// (True, 2, None)
/// >>> segment = next(path.glob("seg-*.jsonl"))
/// >>> text = segment.read_bytes()
/// >>> _ = segment.write_bytes(text.replace('"case":"C2"'.encode(), '"case":"C9"'.encode()))
/// >>> report = xn.verify(path, cp)
/// >>> report["ok"], report["first_bad_seq"]
/// (False, 2)
#[pyfunction]
#[pyo3(signature = (path, checkpoint = None))]
pub fn verify<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    checkpoint: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let path = path_arg(path, "path")?;
    let checkpoint = checkpoint.filter(|c| !c.is_none()).map(checkpoint_arg).transpose()?;
    let report = run(py, move || verify_dir(&path, checkpoint.as_ref()))?;
    let dict = plain(py, &report)?;
    dict.set_item("ok", report.is_ok())?;
    Ok(dict)
}
