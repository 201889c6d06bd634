//! `xiaoneng.Policy`, `xiaoneng.Org` and `xiaoneng.Catalog`: a jurisdiction's rules, organisation and
//! service items as data (the core [`Policy`], [`Org`] and [`Catalog`]).
//!
//! Documents cross the boundary as JSON text: dicts are read as JSON under the GIL (depth-limited, errors
//! naming the path), then parsed and validated by the core with the GIL released (a catalog can be a large
//! document), so that a document's errors are the core's, whichever form it came in. Parts of documents
//! (units, posts, staff, items) come back as plain Python values built from the typed values, with fee
//! amounts as `decimal.Decimal` where noted; `to_dict()` is the document's JSON form read by `json.loads`
//! (what `from_dict` reads back); the tabular views are pandas DataFrames (pandas is imported only when a
//! frame is asked for).

use std::path::PathBuf;

use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyDict, PyList, PyModule, PyString};
use pyo3::IntoPyObjectExt;
use xiaoneng::{Catalog, Document, ItemKind, Org, Policy, Role, ServiceItem, StandingSystem};

use crate::calendar::PyCalendar;
use crate::convert::{
    class_arg, decimal_class, dict_json, eq_result, instant, loads, name_arg, py_fixed, shown, str_arg, type_name,
};
use crate::errors;
use crate::topy::plain;

/// Replaces, in a dict with a `"fees"` list, each fee's `"amount"` string by a `decimal.Decimal`.
fn decimal_fees(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = obj.py();
    let Ok(d) = obj.cast::<PyDict>() else {
        return Ok(());
    };
    let Some(fees) = d.get_item("fees")? else {
        return Ok(());
    };
    let Ok(fees) = fees.cast::<PyList>() else {
        return Ok(());
    };
    for fee in fees.iter() {
        if let Ok(fee) = fee.cast::<PyDict>() {
            if let Some(a) = fee.get_item("amount")? {
                if a.is_instance_of::<PyString>() {
                    fee.set_item("amount", decimal_class(py)?.call1((a,))?)?;
                }
            }
        }
    }
    Ok(())
}

/// `pandas`, or an `ImportError` saying what needs it.
pub(crate) fn pandas<'py>(py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import("pandas").map_err(|e| {
        PyImportError::new_err(format!(
            "{what} needs pandas, which could not be imported ({e}); install it with `pip install pandas` \
             (or `pip install xiaoneng[pandas]`)"
        ))
    })
}

/// A DataFrame with `columns` (in this order), each given as one Python value per row.
pub(crate) fn frame<'py>(
    py: Python<'py>,
    what: &str,
    columns: Vec<(&str, Vec<Bound<'py, PyAny>>)>,
) -> PyResult<Bound<'py, PyAny>> {
    let columns = columns
        .into_iter()
        .map(|(name, values)| Ok((name, PyList::new(py, values)?.into_any())))
        .collect::<PyResult<Vec<_>>>()?;
    frame_of(py, what, columns)
}

/// A DataFrame with `columns` (in this order), each given as a sequence pandas takes for a column (a
/// list, an array, an index).
pub(crate) fn frame_of<'py>(
    py: Python<'py>,
    what: &str,
    columns: Vec<(&str, Bound<'py, PyAny>)>,
) -> PyResult<Bound<'py, PyAny>> {
    let pd = pandas(py, what)?;
    let data = PyDict::new(py);
    let mut names = Vec::with_capacity(columns.len());
    for (name, values) in columns {
        data.set_item(name, values)?;
        names.push(name);
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, names)?)?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// An amount of yuan argument `name`: `None` (absent), a `decimal.Decimal`, an `int` or a decimal `str`,
/// read exactly (`xiaoneng::parse_yuan`); a float, a bool or anything else is `InvalidInputError` naming
/// `name`.
fn yuan_arg(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<rust_decimal::Decimal>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let text: String = if obj.is_instance_of::<pyo3::types::PyBool>() {
        return Err(errors::invalid(name, shown(obj), "an amount in yuan, not a bool"));
    } else if obj.is_instance_of::<pyo3::types::PyFloat>() {
        return Err(errors::invalid(
            name,
            shown(obj),
            "money is exact: give a decimal.Decimal, an int or a decimal str, not a float",
        ));
    } else if obj.is_instance_of::<pyo3::types::PyInt>() {
        obj.str()?.to_string()
    } else if obj.is_instance_of::<PyString>() {
        str_arg(obj, name)?.to_string()
    } else if obj.is_instance(decimal_class(obj.py())?)? {
        let builtins = obj.py().import("builtins")?;
        builtins.getattr("format")?.call1((obj, "f"))?.to_string()
    } else {
        return Err(errors::invalid(
            name,
            shown(obj),
            format!("must be a decimal.Decimal, an int or a str, got {}", type_name(obj)),
        ));
    };
    xiaoneng::parse_yuan(name, &text).map(Some).map_err(errors::core)
}

/// A policy (制度包): a jurisdiction's efficiency rules as data, validated.
///
/// Every value the source documents leave to the jurisdiction is a field: the working-day calendar,
/// start-day rule, signal thresholds, the first-inquiry, one-time-notice, negative-report and delivery
/// limits, extension rules, default on timeout per item kind, joint-review rules, A/B posts and
/// ratings. Read one with ``from_json``, ``from_toml``, ``from_dict`` or ``load``; presets modelled on
/// the source documents ship with the package: ``xn.presets.county()``, ``xn.presets.street_office()``.
/// Immutable.
///
/// Examples
/// --------
/// >>> lim = {"unit": "working_days", "amount": 5}
/// >>> p = xn.Policy.from_dict({"schema": 1, "name": "某县效能制度", "calendar": {"schema": 1, "base": "china"},
/// ...     "systems": ["ab_posts", "timeout_default"], "inquiry_answer_limit": lim,
/// ...     "one_time_notice_limit": lim, "negative_report_limit": lim, "delivery_limit": lim,
/// ...     "extension": {"max_count": 1, "max_total": 10, "approver_role": "unit_head"},
/// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": True, "absence_is_consent": True,
/// ...                      "unreasoned_disagreement_is_consent": True},
/// ...     "ab_posts": {"unit_head_covers": True}, "rating": {"follow_up_limit": lim},
/// ...     "on_timeout": {"pledged": "escalate"}})
/// >>> p
/// Policy(name="某县效能制度", systems=2)
/// >>> p.on_timeout("pledged"), p.on_timeout("instant")
/// ('escalate', 'overdue_only')
#[pyclass(name = "Policy", module = "xiaoneng", frozen)]
pub struct PyPolicy {
    /// The core policy.
    pub policy: Policy,
}

#[pymethods]
impl PyPolicy {
    /// Reads a policy from JSON and validates it.
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     A policy document (see ``xn.Policy`` for the fields).
    ///
    /// Returns
    /// -------
    /// Policy
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     Malformed JSON, a missing, unknown or mistyped field (the message names the field path).
    /// InvalidInputError
    ///     A well-formed but invalid value, named: a wrong schema, an empty name, a system listed twice,
    ///     an extension approver that cannot approve, a rating level outside 1..=5, ``calendar.<field>``.
    ///
    /// Examples
    /// --------
    /// >>> xn.Policy.from_json('{"schema": 1, "name": "x"}')
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.ParseError: invalid JSON document at `.`: missing field `calendar` ...
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(text, "text")?;
        let policy = py.detach(|| Policy::from_json(text)).map_err(errors::core)?;
        Ok(PyPolicy { policy })
    }

    /// Reads a policy from TOML and validates it (the same fields as JSON).
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     A policy document in TOML.
    ///
    /// Returns
    /// -------
    /// Policy
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``.
    ///
    /// Examples
    /// --------
    /// >>> xn.Policy.from_toml('schema = = 1')
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.ParseError: invalid TOML document at `.`: ...
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(text, "text")?;
        let policy = py.detach(|| Policy::from_toml(text)).map_err(errors::core)?;
        Ok(PyPolicy { policy })
    }

    /// Reads a policy from a dict (the JSON document as Python values) and validates it.
    ///
    /// Parameters
    /// ----------
    /// spec : dict
    ///     The policy document.
    ///
    /// Returns
    /// -------
    /// Policy
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``; ``InvalidInputError`` also when ``spec`` is not a dict or holds a value that
    ///     has no JSON form.
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "working_days", "amount": 5}
    /// >>> p = xn.Policy.from_dict({"schema": 1, "name": "某县效能制度", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": [], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 1, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": True, "absence_is_consent": True,
    /// ...                      "unreasoned_disagreement_is_consent": True},
    /// ...     "ab_posts": {"unit_head_covers": True}, "rating": {"follow_up_limit": lim}})
    /// >>> p.name
    /// '某县效能制度'
    #[staticmethod]
    fn from_dict(py: Python<'_>, spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = dict_json(spec, "spec")?;
        let policy = py.detach(|| Policy::from_json(&text)).map_err(errors::core)?;
        Ok(PyPolicy { policy })
    }

    /// Reads a policy file: JSON when the name ends in ``.json``, TOML when it ends in ``.toml``.
    ///
    /// Parameters
    /// ----------
    /// path : str or os.PathLike
    ///     The file, e.g. ``my-county.toml`` (a copy of ``xn.presets.text("county.toml")``, changed).
    ///
    /// Returns
    /// -------
    /// Policy
    ///
    /// Raises
    /// ------
    /// OSError
    ///     The file cannot be read (``FileNotFoundError``, ...).
    /// ParseError, InvalidInputError
    ///     As ``from_json``, the message prefixed with the path; ``InvalidInputError`` also for another
    ///     extension.
    ///
    /// Examples
    /// --------
    /// >>> xn.Policy.load("policy.yaml")
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.InvalidInputError: invalid `path` = policy.yaml: must end in .json or .toml
    #[staticmethod]
    fn load(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let path: PathBuf = path.extract().map_err(|_| {
            errors::invalid(
                "path",
                shown(path),
                format!("must be a str or an os.PathLike, got {}", type_name(path)),
            )
        })?;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        let toml = match ext.as_deref() {
            Some("json") => false,
            Some("toml") => true,
            _ => return Err(errors::invalid("path", path.display(), "must end in .json or .toml")),
        };
        // Reading the file, as parsing it, needs no GIL.
        let parsed = py
            .detach(|| {
                let text = std::fs::read_to_string(&path)?;
                Ok::<_, std::io::Error>(if toml {
                    Policy::from_toml(&text)
                } else {
                    Policy::from_json(&text)
                })
            })
            .map_err(|e| {
                let name = path.display().to_string();
                match e.raw_os_error() {
                    // OSError(errno, strerror, filename): Python picks the subclass (FileNotFoundError, ...)
                    // and sets `.filename`; the message reads "[Errno 2] No such file or directory: '...'".
                    Some(code) => {
                        let message = e.to_string();
                        let strerror = message.trim_end_matches(&format!(" (os error {code})")).to_string();
                        pyo3::exceptions::PyOSError::new_err((code, strerror, name))
                    }
                    None => pyo3::exceptions::PyOSError::new_err(format!("{name}: {e}")),
                }
            })?;
        let policy = parsed.map_err(|e| errors::err(e.code().into(), format!("{}: {e}", path.display())))?;
        Ok(PyPolicy { policy })
    }

    /// The policy as JSON; ``Policy.from_json(p.to_json()) == p``.
    ///
    /// Returns
    /// -------
    /// str
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> p = xn.Policy.from_dict({"schema": 1, "name": "p", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": [], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim}})
    /// >>> xn.Policy.from_json(p.to_json()) == p
    /// True
    fn to_json(&self) -> String {
        self.policy.to_json()
    }

    /// The policy as a dict of plain JSON values (every field, defaults filled in).
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> p = xn.Policy.from_dict({"schema": 1, "name": "p", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": [], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim}})
    /// >>> p.to_dict()["rating"]
    /// {'follow_up_limit': {'unit': 'natural_days', 'amount': 1}, 'default_level': 3}
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.policy.to_json())
    }

    /// The policy's name, e.g. ``某县机关效能建设实施意见``.
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> xn.Policy.from_dict({"schema": 1, "name": "某县效能制度", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": [], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim}}).name
    /// '某县效能制度'
    #[getter]
    fn name(&self) -> String {
        self.policy.name.clone()
    }

    /// The standing systems (制度) in force, by name, in document order (e.g. ``"ab_posts"``,
    /// ``"first_inquiry"``, ``"timeout_default"``).
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> xn.Policy.from_dict({"schema": 1, "name": "p", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": ["first_inquiry", "ab_posts"], "inquiry_answer_limit": lim,
    /// ...     "one_time_notice_limit": lim, "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim}}).systems
    /// ['first_inquiry', 'ab_posts']
    #[getter]
    fn systems(&self) -> Vec<&'static str> {
        self.policy.systems.iter().map(|v| v.as_str()).collect()
    }

    /// The working-day calendar the policy names (the national calendar and its local overlays).
    ///
    /// Returns
    /// -------
    /// Calendar
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> p = xn.Policy.from_dict({"schema": 1, "name": "p",
    /// ...     "calendar": {"schema": 1, "base": "china", "days_off": [{"start": "2026-03-05"}]},
    /// ...     "systems": [], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim}})
    /// >>> p.calendar().is_workday(dt.date(2026, 3, 5))
    /// False
    fn calendar(&self) -> PyResult<PyCalendar> {
        Ok(PyCalendar {
            cal: self.policy.calendar().map_err(errors::core)?,
        })
    }

    /// What happens when a case of this item kind passes its limit without a decision (超时默认).
    ///
    /// Parameters
    /// ----------
    /// kind : {"instant", "pledged", "joint", "reported"}
    ///     The item kind (即办件, 承诺件, 联办件, 上报件).
    ///
    /// Returns
    /// -------
    /// {"deemed_approved", "escalate", "overdue_only"}
    ///     ``"overdue_only"`` for kinds the policy does not list.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     An unknown kind.
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> p = xn.Policy.from_dict({"schema": 1, "name": "p", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": [], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim},
    /// ...     "on_timeout": {"joint": "deemed_approved"}})
    /// >>> p.on_timeout("joint"), p.on_timeout("reported")
    /// ('deemed_approved', 'overdue_only')
    fn on_timeout(&self, kind: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let kind: ItemKind = name_arg(kind, "kind")?;
        Ok(self.policy.on_timeout(kind).as_str())
    }

    /// Which deadline triggers a deemed outcome for this item kind (docs/rules.md §5 "Timeout defaults"):
    /// the pledged one or the statutory one. Cards and the ``decision_overdue`` violation follow the pledged
    /// deadline either way; a catalog item's own ``deemed_at`` overrides the policy.
    ///
    /// Parameters
    /// ----------
    /// kind : {"instant", "pledged", "joint", "reported"}
    ///     The item kind (即办件, 承诺件, 联办件, 上报件).
    ///
    /// Returns
    /// -------
    /// {"pledged", "statutory"}
    ///     ``timeout.deemed_at_by_kind`` for the kind, else ``timeout.deemed_at`` (``"pledged"`` when
    ///     absent).
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     An unknown kind.
    ///
    /// Examples
    /// --------
    /// >>> d = xn.presets.county().to_dict()
    /// >>> d["timeout"] = {"deemed_at": "pledged", "deemed_at_by_kind": {"joint": "statutory"}}
    /// >>> p = xn.Policy.from_dict(d)
    /// >>> p.deemed_at("joint"), p.deemed_at("pledged")
    /// ('statutory', 'pledged')
    fn deemed_at(&self, kind: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let kind: ItemKind = name_arg(kind, "kind")?;
        Ok(self.policy.deemed_at(kind).as_str())
    }

    /// Whether a standing system (制度) is in force.
    ///
    /// Parameters
    /// ----------
    /// name : str
    ///     The system, e.g. ``"ab_posts"`` (AB岗工作制), ``"first_inquiry"`` (首问负责制),
    ///     ``"one_time_notification"``, ``"service_pledge"``, ``"timeout_default"``.
    ///
    /// Returns
    /// -------
    /// bool
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     An unknown system name (the message lists the known ones).
    ///
    /// Examples
    /// --------
    /// >>> lim = {"unit": "natural_days", "amount": 1}
    /// >>> p = xn.Policy.from_dict({"schema": 1, "name": "p", "calendar": {"schema": 1, "base": "china"},
    /// ...     "systems": ["ab_posts"], "inquiry_answer_limit": lim, "one_time_notice_limit": lim,
    /// ...     "negative_report_limit": lim, "delivery_limit": lim,
    /// ...     "extension": {"max_count": 0, "approver_role": "unit_head"},
    /// ...     "joint_review": {"consult_limit": lim, "silence_is_consent": False, "absence_is_consent": False,
    /// ...                      "unreasoned_disagreement_is_consent": False},
    /// ...     "ab_posts": {"unit_head_covers": False}, "rating": {"follow_up_limit": lim}})
    /// >>> p.has_system("ab_posts"), p.has_system("first_inquiry")
    /// (True, False)
    fn has_system(&self, name: &Bound<'_, PyAny>) -> PyResult<bool> {
        let system: StandingSystem = name_arg(name, "name")?;
        Ok(self.policy.has_system(system))
    }

    /// The priority service card rule (金卡, docs/rules.md §7): an applicant is eligible when its annual
    /// sales are at least ``priority_card.min_annual_sales_yuan`` **or** its registered capital at least
    /// ``priority_card.min_registered_capital_yuan`` (30,000,000 and 5,000,000 yuan unless the policy sets
    /// others). A figure not given (``None``) is not met.
    ///
    /// Parameters
    /// ----------
    /// annual_sales_yuan : decimal.Decimal or int or str or None
    ///     Annual sales (年销售额) in yuan; a str is a plain decimal string such as ``"29999999.99"``.
    ///     Never a float: money is exact.
    /// registered_capital_yuan : decimal.Decimal or int or str or None
    ///     Registered capital (注册资本) in yuan, likewise.
    ///
    /// Returns
    /// -------
    /// dict
    ///     ``{"eligible": bool, "by": [...], "reason": str}``: the thresholds met (``"annual_sales"``,
    ///     ``"registered_capital"``) and the derivation in words, naming the figures and thresholds.
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     Naming the argument: a float, a bool or another type, a string that is not a decimal, a
    ///     negative figure, a figure beyond 28 digits, or both figures absent (cannot be decided).
    ///
    /// Examples
    /// --------
    /// >>> from decimal import Decimal
    /// >>> county = xn.presets.county()
    /// >>> county.priority_card(annual_sales_yuan=Decimal("30000000"))["by"]
    /// ['annual_sales']
    /// >>> card = county.priority_card(29_999_999, "4999999.99")
    /// >>> card["eligible"], card["by"]
    /// (False, [])
    /// >>> county.priority_card(registered_capital_yuan=5e6)
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.InvalidInputError: invalid `registered_capital_yuan` = 5000000.0: ...
    #[pyo3(signature = (annual_sales_yuan=None, registered_capital_yuan=None))]
    fn priority_card<'py>(
        &self,
        py: Python<'py>,
        annual_sales_yuan: Option<&Bound<'py, PyAny>>,
        registered_capital_yuan: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let sales = yuan_arg(annual_sales_yuan, "annual_sales_yuan")?;
        let capital = yuan_arg(registered_capital_yuan, "registered_capital_yuan")?;
        let card = self.policy.priority_card(sales, capital).map_err(errors::core)?;
        plain(py, &card)
    }

    fn __repr__(&self) -> String {
        format!(
            "Policy(name={:?}, systems={})",
            self.policy.name,
            self.policy.systems.len()
        )
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> Py<PyAny> {
        let py = other.py();
        match other.cast::<PyPolicy>() {
            Ok(o) => eq_result(py, op, self.policy == o.get().policy),
            Err(_) => py.NotImplemented(),
        }
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let ctor = py.get_type::<PyPolicy>().getattr("from_json")?;
        Ok((ctor, (self.policy.to_json(),)))
    }
}

/// An organisation (组织机构): units, posts with A/B backup (AB岗), staff with roles, and absences.
///
/// Every post has a holder (the A post) and may name a backup post (the B post).
/// ``acting_holder(post, at)`` applies the A/B rule: the holder acts when present, the backup post's
/// holder while the holder is away, and the unit head when both are away — a violation of the A/B
/// system. Absences are ``[start, end)`` intervals of aware instants. Immutable.
///
/// Examples
/// --------
/// >>> org = xn.Org.from_dict({"schema": 1,
/// ...     "units": [{"id": "scj", "name": "县市场监管局", "head": "li"}],
/// ...     "posts": [{"id": "a", "unit": "scj", "title": "审核岗", "holder": "wang", "backup": "b"},
/// ...               {"id": "b", "unit": "scj", "title": "审核B岗", "holder": "zhao"}],
/// ...     "staff": [{"id": "wang", "name": "王", "unit": "scj"}, {"id": "zhao", "name": "赵", "unit": "scj"},
/// ...               {"id": "li", "name": "李", "unit": "scj", "roles": ["unit_head"]}],
/// ...     "absences": [{"staff": "wang", "start": "2026-10-12T00:00:00+08:00",
/// ...                   "end": "2026-10-17T00:00:00+08:00", "reason": "年休假"}]})
/// >>> tz = dt.timezone(dt.timedelta(hours=8))
/// >>> org.acting_holder("a", dt.datetime(2026, 10, 13, 9, tzinfo=tz))
/// {'via': 'backup', 'staff': 'zhao', 'absent': ['wang'], 'violation': False}
#[pyclass(name = "Org", module = "xiaoneng", frozen)]
pub struct PyOrg {
    /// The core organisation.
    pub org: Org,
}

#[pymethods]
impl PyOrg {
    /// Reads an organisation document from JSON and validates it.
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     ``{"schema": 1, "units": [...], "posts": [...], "staff": [...], "absences": [...]}``.
    ///
    /// Returns
    /// -------
    /// Org
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     Malformed JSON, a missing, unknown or mistyped field (named, e.g. ``posts[0].holder``).
    /// InvalidInputError
    ///     A dangling reference, a duplicate or empty id, units nesting in a cycle, a post backing itself
    ///     up, an absence that ends before it starts (the field is named, e.g. ``posts[1].backup``).
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_json('{"schema": 1, "units": [{"id": "u", "name": "县政务服务中心"}]}')
    /// >>> org.units
    /// [{'id': 'u', 'name': '县政务服务中心'}]
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(text, "text")?;
        let org = py.detach(|| Org::from_json(text)).map_err(errors::core)?;
        Ok(PyOrg { org })
    }

    /// Reads an organisation document from TOML and validates it (the same fields as JSON; TOML
    /// date-times are accepted for absences).
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///
    /// Returns
    /// -------
    /// Org
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_toml('schema = 1\n[[units]]\nid = "u"\nname = "县政务服务中心"\n')
    /// >>> org.units[0]["name"]
    /// '县政务服务中心'
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(text, "text")?;
        let org = py.detach(|| Org::from_toml(text)).map_err(errors::core)?;
        Ok(PyOrg { org })
    }

    /// Reads an organisation document from a dict (aware datetimes accepted for absences).
    ///
    /// Parameters
    /// ----------
    /// spec : dict
    ///
    /// Returns
    /// -------
    /// Org
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``; ``InvalidInputError`` also for a naive datetime or a non-dict.
    ///
    /// Examples
    /// --------
    /// >>> xn.Org.from_dict({"schema": 1, "posts": [{"id": "p", "unit": "nowhere", "title": "审核岗"}]})
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.InvalidInputError: invalid `posts[0].unit` = nowhere: no unit has this id
    #[staticmethod]
    fn from_dict(py: Python<'_>, spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = dict_json(spec, "spec")?;
        let org = py.detach(|| Org::from_json(&text)).map_err(errors::core)?;
        Ok(PyOrg { org })
    }

    /// The document as JSON; ``Org.from_json(org.to_json()) == org``.
    ///
    /// Returns
    /// -------
    /// str
    ///
    /// Examples
    /// --------
    /// >>> xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]}).to_json()
    /// '{"schema":1,"units":[{"id":"u","name":"U"}],"posts":[],"staff":[],"absences":[]}'
    fn to_json(&self) -> String {
        self.org.to_json()
    }

    /// The document as a dict of plain JSON values (instants as RFC 3339 strings in UTC).
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Examples
    /// --------
    /// >>> xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]}).to_dict()["posts"]
    /// []
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.org.to_json())
    }

    /// The units, as dicts (``id``, ``name``, and ``parent``, ``head`` when set), in document order.
    ///
    /// Examples
    /// --------
    /// >>> xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"},
    /// ...                   {"id": "w", "name": "窗口", "parent": "u"}]}).units[1]
    /// {'id': 'w', 'name': '窗口', 'parent': 'u'}
    #[getter]
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        plain(py, &self.org.spec().units)
    }

    /// The posts, as dicts (``id``, ``unit``, ``title``, ``duties``, and ``holder``, ``backup`` when set).
    ///
    /// Examples
    /// --------
    /// >>> xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...                   "posts": [{"id": "p", "unit": "u", "title": "受理岗"}]}).posts
    /// [{'id': 'p', 'unit': 'u', 'title': '受理岗', 'duties': ''}]
    #[getter]
    fn posts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        plain(py, &self.org.spec().posts)
    }

    /// The staff, as dicts (``id``, ``name``, ``unit``, ``roles``, ``rank``).
    ///
    /// Examples
    /// --------
    /// >>> xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...                   "staff": [{"id": "s", "name": "王", "unit": "u", "roles": ["reviewer"]}]}).staff
    /// [{'id': 's', 'name': '王', 'unit': 'u', 'roles': ['reviewer'], 'rank': 0}]
    #[getter]
    fn staff<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        plain(py, &self.org.spec().staff)
    }

    /// The absences, as dicts (``staff``, ``start``, ``end``, ``reason``), ``start`` and ``end`` as aware
    /// datetimes in UTC.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...     "staff": [{"id": "s", "name": "王", "unit": "u"}],
    /// ...     "absences": [{"staff": "s", "start": "2026-10-12T00:00:00+08:00", "end": "2026-10-17T00:00:00+08:00"}]})
    /// >>> org.absences[0]["start"]
    /// datetime.datetime(2026, 10, 11, 16, 0, tzinfo=datetime.timezone.utc)
    #[getter]
    fn absences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .org
            .spec()
            .absences
            .iter()
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("staff", &a.staff)?;
                d.set_item("start", py_fixed(py, a.start.fixed_offset())?)?;
                d.set_item("end", py_fixed(py, a.end.fixed_offset())?)?;
                d.set_item("reason", &a.reason)?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// Who acts for a post at an instant, under the A/B rule (AB岗工作制).
    ///
    /// Parameters
    /// ----------
    /// post : str
    ///     The post id.
    /// at : datetime.datetime
    ///     An aware instant.
    ///
    /// Returns
    /// -------
    /// dict
    ///     ``{"via": "holder" | "backup" | "unit_head", "staff": <staff id>, "absent": [<staff ids>],
    ///     "violation": bool}``: the A holder if present; else the holder of the backup (B) post; else the
    ///     unit head, which is a violation of the A/B system (``violation`` is ``True``). ``absent`` lists
    ///     the holders passed over (A, then B).
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     An unknown post, a naive datetime, or nobody able to act (holder, backup holder and unit head
    ///     all away or unset).
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U", "head": "h"}],
    /// ...     "posts": [{"id": "a", "unit": "u", "title": "A", "holder": "s"}],
    /// ...     "staff": [{"id": "s", "name": "王", "unit": "u"}, {"id": "h", "name": "李", "unit": "u"}],
    /// ...     "absences": [{"staff": "s", "start": "2026-10-12T00:00:00+08:00", "end": "2026-10-17T00:00:00+08:00"}]})
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> org.acting_holder("a", dt.datetime(2026, 10, 9, 9, tzinfo=tz))
    /// {'via': 'holder', 'staff': 's', 'absent': [], 'violation': False}
    /// >>> org.acting_holder("a", dt.datetime(2026, 10, 13, 9, tzinfo=tz))
    /// {'via': 'unit_head', 'staff': 'h', 'absent': ['s'], 'violation': True}
    fn acting_holder<'py>(
        &self,
        py: Python<'py>,
        post: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let post = str_arg(post, "post")?;
        let at = instant(at, "at")?;
        let acting = self.org.acting_holder(post, at).map_err(errors::core)?;
        let d = PyDict::new(py);
        d.set_item("via", acting.via())?;
        d.set_item("staff", acting.staff())?;
        d.set_item("absent", acting.absent())?;
        d.set_item("violation", acting.is_violation())?;
        Ok(d)
    }

    /// Whether a staff member holds a role (``False`` for an unknown staff id).
    ///
    /// Parameters
    /// ----------
    /// staff : str
    ///     The staff id.
    /// role : {"window_clerk", "reviewer", "chief_representative", "unit_head", "supervisor"}
    ///
    /// Returns
    /// -------
    /// bool
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     An unknown role.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...     "staff": [{"id": "h", "name": "李", "unit": "u", "roles": ["unit_head"]}]})
    /// >>> org.has_role("h", "unit_head"), org.has_role("h", "supervisor")
    /// (True, False)
    fn has_role(&self, staff: &Bound<'_, PyAny>, role: &Bound<'_, PyAny>) -> PyResult<bool> {
        let staff = str_arg(staff, "staff")?;
        let role: Role = name_arg(role, "role")?;
        Ok(self.org.has_role(staff, role))
    }

    /// Whether a staff member is away at an instant (an absence with ``start <= at < end``).
    ///
    /// Parameters
    /// ----------
    /// staff : str
    ///     The staff id (``False`` for an unknown one).
    /// at : datetime.datetime
    ///     An aware instant.
    ///
    /// Returns
    /// -------
    /// bool
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     A naive datetime.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...     "staff": [{"id": "s", "name": "王", "unit": "u"}],
    /// ...     "absences": [{"staff": "s", "start": "2026-10-12T00:00:00+08:00", "end": "2026-10-17T00:00:00+08:00"}]})
    /// >>> tz = dt.timezone(dt.timedelta(hours=8))
    /// >>> org.is_absent("s", dt.datetime(2026, 10, 16, 23, tzinfo=tz)), org.is_absent("s", dt.datetime(2026, 10, 17, tzinfo=tz))
    /// (True, False)
    fn is_absent(&self, staff: &Bound<'_, PyAny>, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        let staff = str_arg(staff, "staff")?;
        let at = instant(at, "at")?;
        Ok(self.org.is_absent(staff, at))
    }

    /// The posts as a pandas DataFrame, one row per post: ``id``, ``unit``, ``title``, ``duties``,
    /// ``holder``, ``backup`` (``None`` when unset).
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///
    /// Raises
    /// ------
    /// ImportError
    ///     pandas is not installed.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...     "posts": [{"id": "a", "unit": "u", "title": "审核A岗", "backup": "b"},
    /// ...               {"id": "b", "unit": "u", "title": "审核B岗"}]})
    /// >>> org.posts_frame().shape
    /// (2, 6)
    fn posts_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let posts = &self.org.spec().posts;
        let col = |f: &dyn Fn(&xiaoneng::Post) -> PyResult<Bound<'py, PyAny>>| -> PyResult<Vec<_>> {
            posts.iter().map(f).collect()
        };
        frame(
            py,
            "Org.posts_frame()",
            vec![
                ("id", col(&|p| p.id.as_str().into_bound_py_any(py))?),
                ("unit", col(&|p| p.unit.as_str().into_bound_py_any(py))?),
                ("title", col(&|p| p.title.as_str().into_bound_py_any(py))?),
                ("duties", col(&|p| p.duties.as_str().into_bound_py_any(py))?),
                ("holder", col(&|p| p.holder.as_deref().into_bound_py_any(py))?),
                ("backup", col(&|p| p.backup.as_deref().into_bound_py_any(py))?),
            ],
        )
    }

    /// The staff as a pandas DataFrame, one row per staff member: ``id``, ``name``, ``unit``, ``roles``
    /// (a list of role names), ``rank``.
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///
    /// Raises
    /// ------
    /// ImportError
    ///     pandas is not installed.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}],
    /// ...     "staff": [{"id": "h", "name": "李", "unit": "u", "roles": ["unit_head"], "rank": 3}]})
    /// >>> org.staff_frame().loc[0, "roles"]
    /// ['unit_head']
    fn staff_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let staff = &self.org.spec().staff;
        let col = |f: &dyn Fn(&xiaoneng::Staff) -> PyResult<Bound<'py, PyAny>>| -> PyResult<Vec<_>> {
            staff.iter().map(f).collect()
        };
        frame(
            py,
            "Org.staff_frame()",
            vec![
                ("id", col(&|s| s.id.as_str().into_bound_py_any(py))?),
                ("name", col(&|s| s.name.as_str().into_bound_py_any(py))?),
                ("unit", col(&|s| s.unit.as_str().into_bound_py_any(py))?),
                (
                    "roles",
                    col(&|s| {
                        s.roles
                            .iter()
                            .map(|v| v.as_str())
                            .collect::<Vec<_>>()
                            .into_bound_py_any(py)
                    })?,
                ),
                ("rank", col(&|s| s.rank.into_bound_py_any(py))?),
            ],
        )
    }

    fn __repr__(&self) -> String {
        let s = self.org.spec();
        format!(
            "Org(units={}, posts={}, staff={}, absences={})",
            s.units.len(),
            s.posts.len(),
            s.staff.len(),
            s.absences.len()
        )
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> Py<PyAny> {
        let py = other.py();
        match other.cast::<PyOrg>() {
            Ok(o) => eq_result(py, op, self.org == o.get().org),
            Err(_) => py.NotImplemented(),
        }
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let ctor = py.get_type::<PyOrg>().getattr("from_json")?;
        Ok((ctor, (self.org.to_json(),)))
    }
}

/// What a `__reduce__` returns: a constructor and its arguments.
type Reduced<'py, Args> = PyResult<(Bound<'py, PyAny>, Args)>;

/// A catalog of service items (政务服务事项), validated against an organisation.
///
/// Each item has a code, name, responsible unit, kind (``instant`` 即办件, ``pledged`` 承诺件, ``joint``
/// 联办件, ``reported`` 上报件), statutory and pledged limits (pledged ≤ statutory, same unit),
/// materials, fees with their basis, legal basis, procedure steps with limits and responsible posts,
/// and joint-review parties. ``guide(code, org)`` gives the published service guide (办事指南).
/// Immutable; ``len(catalog)`` is the number of items and ``code in catalog`` tests a code. A catalog
/// keeps a reference to the organisation it was validated against, so that it pickles (and copies) with
/// it: unpickling rebuilds the organisation, then the catalog, and validates both again.
///
/// Examples
/// --------
/// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "scj", "name": "县市场监管局"}],
/// ...     "posts": [{"id": "sh", "unit": "scj", "title": "审核岗"}]})
/// >>> lim = {"unit": "working_days", "amount": 20}
/// >>> cat = xn.Catalog.from_dict({"schema": 1, "items": [{"code": "SP-001", "name": "食品经营许可",
/// ...     "unit": "scj", "kind": "pledged", "statutory_limit": lim,
/// ...     "pledged_limit": {"unit": "working_days", "amount": 10},
/// ...     "steps": [{"name": "审查", "post": "sh", "limit": {"unit": "working_days", "amount": 5}}]}]}, org)
/// >>> len(cat), "SP-001" in cat, cat.codes
/// (1, True, ['SP-001'])
/// >>> import pickle
/// >>> pickle.loads(pickle.dumps(cat)) == cat
/// True
#[pyclass(name = "Catalog", module = "xiaoneng", frozen)]
pub struct PyCatalog {
    /// The core catalog.
    pub catalog: Catalog,
    /// The organisation it was validated against (for pickling).
    org: Py<PyOrg>,
}

impl PyCatalog {
    fn item_of(&self, code: &str) -> PyResult<&ServiceItem> {
        self.catalog
            .item(code)
            .ok_or_else(|| errors::invalid("code", code, "no item has this code"))
    }
}

#[pymethods]
impl PyCatalog {
    /// Reads a catalog from JSON and validates it against ``org``.
    ///
    /// Parameters
    /// ----------
    /// text : str
    ///     ``{"schema": 1, "items": [...]}``.
    /// org : Org
    ///     The organisation whose units and posts the items name.
    ///
    /// Returns
    /// -------
    /// Catalog
    ///
    /// Raises
    /// ------
    /// ParseError
    ///     Malformed JSON, a missing, unknown or mistyped field (named, e.g. ``items[0].kind``).
    /// InvalidInputError
    ///     A value not allowed, named: a duplicate code, an unknown unit or post
    ///     (``items[0].steps[0].post``), a pledged limit above the statutory one, a joint item without
    ///     parties, a negative fee or one without a basis, fees adding up beyond a decimal.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> xn.Catalog.from_json('{"schema": 1, "items": [{"code": "X", "name": "某事项", "unit": "u",'
    /// ...     ' "kind": "instant", "statutory_limit": {"unit": "working_days", "amount": 5},'
    /// ...     ' "pledged_limit": {"unit": "working_days", "amount": 6}}]}', org)
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.InvalidInputError: invalid `items[0].pledged_limit.amount` = 6: a pledged limit may not exceed the statutory 5
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>, org: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(text, "text")?;
        let org = class_arg::<PyOrg>(org, "org", "Org")?;
        let o = &org.get().org;
        let catalog = py.detach(|| Catalog::from_json(text, o)).map_err(errors::core)?;
        Ok(PyCatalog {
            catalog,
            org: org.clone().unbind(),
        })
    }

    /// Reads a catalog from TOML and validates it against ``org`` (the same fields as JSON).
    ///
    /// Parameters
    /// ----------
    /// text : str
    /// org : Org
    ///
    /// Returns
    /// -------
    /// Catalog
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> cat = xn.Catalog.from_toml('''
    /// ... schema = 1
    /// ... [[items]]
    /// ... code = "X"
    /// ... name = "某事项"
    /// ... unit = "u"
    /// ... kind = "instant"
    /// ... statutory_limit = { unit = "working_days", amount = 5 }
    /// ... pledged_limit = { unit = "working_days", amount = 0 }
    /// ... ''', org)
    /// >>> cat.item("X")["kind"]
    /// 'instant'
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>, org: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(text, "text")?;
        let org = class_arg::<PyOrg>(org, "org", "Org")?;
        let o = &org.get().org;
        let catalog = py.detach(|| Catalog::from_toml(text, o)).map_err(errors::core)?;
        Ok(PyCatalog {
            catalog,
            org: org.clone().unbind(),
        })
    }

    /// Reads a catalog from a dict and validates it against ``org`` (fee amounts may be ``Decimal``).
    ///
    /// Parameters
    /// ----------
    /// spec : dict
    /// org : Org
    ///
    /// Returns
    /// -------
    /// Catalog
    ///
    /// Raises
    /// ------
    /// ParseError, InvalidInputError
    ///     As ``from_json``; ``InvalidInputError`` also for a non-dict.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> xn.Catalog.from_dict({"schema": 1, "items": [], "colour": "red"}, org)
    /// Traceback (most recent call last):
    /// ...
    /// xiaoneng.ParseError: invalid JSON document at `colour`: unknown field `colour`, ...
    #[staticmethod]
    fn from_dict(py: Python<'_>, spec: &Bound<'_, PyAny>, org: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = dict_json(spec, "spec")?;
        let org = class_arg::<PyOrg>(org, "org", "Org")?;
        let o = &org.get().org;
        let catalog = py.detach(|| Catalog::from_json(&text, o)).map_err(errors::core)?;
        Ok(PyCatalog {
            catalog,
            org: org.clone().unbind(),
        })
    }

    /// The document as JSON (fee amounts as decimal strings).
    ///
    /// Returns
    /// -------
    /// str
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> xn.Catalog.from_dict({"schema": 1}, org).to_json()
    /// '{"schema":1,"items":[]}'
    fn to_json(&self) -> String {
        self.catalog.to_json()
    }

    /// The document as a dict of plain JSON values (fee amounts as decimal strings).
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> xn.Catalog.from_dict({"schema": 1}, org).to_dict()
    /// {'schema': 1, 'items': []}
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.catalog.to_json())
    }

    /// The item codes, in document order.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> lim = {"unit": "working_days", "amount": 0}
    /// >>> xn.Catalog.from_dict({"schema": 1, "items": [
    /// ...     {"code": "B", "name": "乙", "unit": "u", "kind": "instant", "statutory_limit": lim, "pledged_limit": lim},
    /// ...     {"code": "A", "name": "甲", "unit": "u", "kind": "instant", "statutory_limit": lim, "pledged_limit": lim},
    /// ... ]}, org).codes
    /// ['B', 'A']
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.catalog.items().iter().map(|i| i.code.clone()).collect()
    }

    /// An item, as a dict of its fields (fee amounts as ``decimal.Decimal``).
    ///
    /// Parameters
    /// ----------
    /// code : str
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     No item has this code.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> lim = {"unit": "working_days", "amount": 3}
    /// >>> cat = xn.Catalog.from_dict({"schema": 1, "items": [{"code": "X", "name": "某事项", "unit": "u",
    /// ...     "kind": "pledged", "statutory_limit": lim, "pledged_limit": lim,
    /// ...     "fees": [{"name": "工本费", "amount": "10.00", "basis": "某价费文件"}]}]}, org)
    /// >>> cat.item("X")["fees"][0]["amount"]
    /// Decimal('10.00')
    fn item<'py>(&self, py: Python<'py>, code: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let v = plain(py, self.item_of(str_arg(code, "code")?)?)?;
        decimal_fees(&v)?;
        Ok(v)
    }

    /// The published service guide (办事指南) of an item, as a dict: ``code``, ``name``, ``unit`` (the
    /// unit's name), ``kind`` (in Chinese), ``statutory_limit`` and ``pledged_limit`` (e.g.
    /// ``"20 工作日"``), ``materials``, ``fees`` (amounts as ``decimal.Decimal``), ``legal_basis``,
    /// ``procedure`` (steps with the responsible post's title), ``joint_parties`` (unit names),
    /// ``place``, ``complaint_channel``.
    ///
    /// Parameters
    /// ----------
    /// code : str
    /// org : Org
    ///     The organisation, for unit names and post titles.
    ///
    /// Returns
    /// -------
    /// dict
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     No item has this code.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "县市场监管局"}]})
    /// >>> lim = {"unit": "working_days", "amount": 20}
    /// >>> cat = xn.Catalog.from_dict({"schema": 1, "items": [{"code": "X", "name": "食品经营许可",
    /// ...     "unit": "u", "kind": "pledged", "statutory_limit": lim, "pledged_limit": lim}]}, org)
    /// >>> g = cat.guide("X", org)
    /// >>> g["unit"], g["kind"], g["pledged_limit"]
    /// ('县市场监管局', '承诺件', '20 工作日')
    fn guide<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
        org: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let code = str_arg(code, "code")?;
        let org = class_arg::<PyOrg>(org, "org", "Org")?;
        let guide = self.catalog.guide(code, &org.get().org).map_err(errors::core)?;
        let v = loads(py, &guide.to_json())?;
        decimal_fees(&v)?;
        Ok(v)
    }

    /// The service guide (办事指南) of an item as Markdown, for publication.
    ///
    /// Parameters
    /// ----------
    /// code : str
    /// org : Org
    ///
    /// Returns
    /// -------
    /// str
    ///
    /// Raises
    /// ------
    /// InvalidInputError
    ///     No item has this code.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "县市场监管局"}]})
    /// >>> lim = {"unit": "working_days", "amount": 20}
    /// >>> cat = xn.Catalog.from_dict({"schema": 1, "items": [{"code": "X", "name": "食品经营许可",
    /// ...     "unit": "u", "kind": "pledged", "statutory_limit": lim, "pledged_limit": lim}]}, org)
    /// >>> print(cat.guide_markdown("X", org).splitlines()[0])
    /// # 食品经营许可（办事指南）
    fn guide_markdown(&self, code: &Bound<'_, PyAny>, org: &Bound<'_, PyAny>) -> PyResult<String> {
        let code = str_arg(code, "code")?;
        let org = class_arg::<PyOrg>(org, "org", "Org")?;
        let guide = self.catalog.guide(code, &org.get().org).map_err(errors::core)?;
        Ok(guide.to_markdown())
    }

    /// The items as a pandas DataFrame, one row per item: ``code``, ``name``, ``unit``, ``kind``,
    /// ``statutory_limit``, ``statutory_unit``, ``pledged_limit``, ``pledged_unit``, ``n_materials``,
    /// ``fee_total`` (``decimal.Decimal``, ``0`` when free), ``joint_parties`` (a list of unit ids).
    ///
    /// Returns
    /// -------
    /// pandas.DataFrame
    ///
    /// Raises
    /// ------
    /// ImportError
    ///     pandas is not installed.
    ///
    /// Examples
    /// --------
    /// >>> org = xn.Org.from_dict({"schema": 1, "units": [{"id": "u", "name": "U"}]})
    /// >>> lim = {"unit": "working_days", "amount": 20}
    /// >>> cat = xn.Catalog.from_dict({"schema": 1, "items": [{"code": "X", "name": "某事项", "unit": "u",
    /// ...     "kind": "pledged", "statutory_limit": lim, "pledged_limit": {"unit": "working_days", "amount": 8},
    /// ...     "fees": [{"name": "工本费", "amount": "10.50", "basis": "某文件"},
    /// ...              {"name": "检测费", "amount": "30", "basis": "某文件"}]}]}, org)
    /// >>> df = cat.frame()
    /// >>> df.loc[0, "pledged_limit"], df.loc[0, "fee_total"]
    /// (np.int64(8), Decimal('40.50'))
    fn frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self.catalog.items();
        let col = |f: &dyn Fn(&ServiceItem) -> PyResult<Bound<'py, PyAny>>| -> PyResult<Vec<_>> {
            items.iter().map(f).collect()
        };
        let decimal = decimal_class(py)?;
        frame(
            py,
            "Catalog.frame()",
            vec![
                ("code", col(&|i| i.code.as_str().into_bound_py_any(py))?),
                ("name", col(&|i| i.name.as_str().into_bound_py_any(py))?),
                ("unit", col(&|i| i.unit.as_str().into_bound_py_any(py))?),
                ("kind", col(&|i| i.kind.as_str().into_bound_py_any(py))?),
                (
                    "statutory_limit",
                    col(&|i| i.statutory_limit.amount.into_bound_py_any(py))?,
                ),
                (
                    "statutory_unit",
                    col(&|i| i.statutory_limit.unit.as_str().into_bound_py_any(py))?,
                ),
                ("pledged_limit", col(&|i| i.pledged_limit.amount.into_bound_py_any(py))?),
                (
                    "pledged_unit",
                    col(&|i| i.pledged_limit.unit.as_str().into_bound_py_any(py))?,
                ),
                ("n_materials", col(&|i| i.materials.len().into_bound_py_any(py))?),
                ("fee_total", col(&|i| decimal.call1((i.fee_total().to_string(),)))?),
                (
                    "joint_parties",
                    col(&|i| i.joint_parties.clone().into_bound_py_any(py))?,
                ),
            ],
        )
    }

    fn __len__(&self) -> usize {
        self.catalog.items().len()
    }

    fn __contains__(&self, code: &Bound<'_, PyAny>) -> PyResult<bool> {
        match code.cast::<PyString>() {
            Ok(s) => Ok(self.catalog.item(s.to_str()?).is_some()),
            Err(_) => Ok(false),
        }
    }

    fn __repr__(&self) -> String {
        format!("Catalog(items={})", self.catalog.items().len())
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> Py<PyAny> {
        let py = other.py();
        match other.cast::<PyCatalog>() {
            Ok(o) => eq_result(py, op, self.catalog == o.get().catalog),
            Err(_) => py.NotImplemented(),
        }
    }

    /// Pickles as ``Catalog.from_json(json, org)`` with the organisation it was validated against.
    fn __reduce__<'py>(&self, py: Python<'py>) -> Reduced<'py, (String, Py<PyOrg>)> {
        let ctor = py.get_type::<PyCatalog>().getattr("from_json")?;
        Ok((ctor, (self.catalog.to_json(), self.org.clone_ref(py))))
    }
}
