//! Policies (制度包), organisations (units, posts with A/B backup, staff, absences) and catalogs of service
//! items with their guides (办事指南), for C.
//!
//! Three opaque, immutable handles: `xn_policy`, `xn_org`, `xn_catalog`. Each is built from a JSON or
//! TOML document, validated by the core (errors name the field path, e.g. `items[0].steps[0].post`),
//! written back with `*_to_json`, and freed with `*_free`. Being immutable, a handle may be shared by
//! any number of threads at once without locking.

use std::ffi::c_char;
use std::ptr;

use xiaoneng::{Acting, Catalog, Document, Org, Policy, Role};

use crate::calendar::{instant_arg, xn_calendar};
use crate::error::{xn_status, Failure};
use crate::ffi::{boundary, fill_buffer, free_handle, new_handle, to_json, xn_buffer};

// ---------------------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------------------

/// A jurisdiction's efficiency rules (制度包): calendar, start-day rule, signal thresholds, the
/// one-time-notice, negative-report and delivery limits, extension rules, default on timeout per item
/// kind, joint-review rules, A/B rules and ratings.
///
/// Opaque. Create with `xn_policy_from_json` or `xn_policy_from_toml`; free with `xn_policy_free`.
/// Immutable: one handle may be used by any number of threads at once, without locking.
pub struct xn_policy {
    pub(crate) policy: Policy,
}

/// Reads and validates a policy from JSON (`json_len` bytes of UTF-8 at `json`): `{"schema": 1,
/// "name": ..., "calendar": {"schema": 1, "base": "china"}, "systems": [...], "inquiry_answer_limit":
/// {"unit": "working_days", "amount": 1}, "one_time_notice_limit": ..., "negative_report_limit": ...,
/// "delivery_limit": ..., "extension": {"max_count": 1, "max_total": 10, "approver_role": "unit_head"},
/// "joint_review": {...}, "ab_posts": {"unit_head_covers": true}, "rating": {...}}`, with optional
/// `source`, `start_rule`, `deadline_end`, `signals`, `on_timeout`, `timeout`, `hearing`, `renewal`,
/// `intake`. On success `*out` is a new handle; free it with `xn_policy_free`.
///
/// Errors: `XN_ERR_PARSE` (malformed document, unknown or missing field, naming the field path);
/// `XN_ERR_INVALID` (a wrong schema, an empty name, a limit too large, a system listed twice, an
/// extension approver other than `unit_head`/`supervisor`, an invalid calendar as `calendar.<field>`, ...),
/// naming the field; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_policy_from_json(
    json: *const c_char,
    json_len: usize,
    out: *mut *mut xn_policy,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(json, json_len);
        let policy = Policy::from_json(text)?;
        new_handle(out, xn_policy { policy });
        Ok(())
    })
}

/// Reads and validates a policy from TOML, with the same fields as the JSON document. On success `*out`
/// is a new handle; free it with `xn_policy_free`.
///
/// Errors: as `xn_policy_from_json`.
///
/// # Safety
///
/// `toml` is NULL or points to `toml_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_policy_from_toml(
    toml: *const c_char,
    toml_len: usize,
    out: *mut *mut xn_policy,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(toml, toml_len);
        let policy = Policy::from_toml(text)?;
        new_handle(out, xn_policy { policy });
        Ok(())
    })
}

/// The policy as JSON; `xn_policy_from_json` of it builds an equal policy. Fills `*out` (free it with
/// `xn_buffer_free`).
///
/// # Safety
///
/// `policy` is NULL or a live policy handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_policy_to_json(policy: *const xn_policy, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let p = arg_ref!(policy);
        check_out!(out);
        fill_buffer(out, p.policy.to_json());
        Ok(())
    })
}

/// A new calendar handle built from the policy's `calendar` (the national calendar and its local
/// overlays). It is independent of the policy: free it with `xn_calendar_free`, before or after
/// `xn_policy_free`.
///
/// Errors: `XN_ERR_INVALID` naming the field if the calendar definition is rejected (it was checked
/// when the policy was read, so this does not happen for a policy from this library).
///
/// # Safety
///
/// `policy` is NULL or a live policy handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_policy_calendar(policy: *const xn_policy, out: *mut *mut xn_calendar) -> xn_status {
    boundary(|| {
        let p = arg_ref!(policy);
        check_out!(out);
        let cal = p.policy.calendar()?;
        new_handle(out, xn_calendar { cal });
        Ok(())
    })
}

/// The priority service card rule (金卡, docs/rules.md §7): whether an applicant with annual sales of
/// `sales` yuan and registered capital of `capital` yuan is eligible (at least
/// `priority_card.min_annual_sales_yuan` OR at least `priority_card.min_registered_capital_yuan`;
/// 30000000 and 5000000 unless the policy sets others). Each figure is a decimal string (`"30000000"`,
/// `"4999999.99"`: digits, an optional `-` and `.`, nothing else); NULL or 0 bytes is absent (not met).
/// Fills `*out` (free it with `xn_buffer_free`) with `{"eligible": true, "by": ["annual_sales",
/// "registered_capital"], "reason": "..."}`: the thresholds met and the derivation in words.
///
/// Errors: `XN_ERR_INVALID` naming `annual_sales_yuan` or `registered_capital_yuan` (not a decimal
/// string, beyond 28 digits, negative, or both absent: the eligibility cannot be decided);
/// `XN_ERR_UTF8`; `XN_ERR_NULL` (`policy` or `out`).
///
/// # Safety
///
/// `policy` is NULL or a live policy handle; `sales` is NULL or points to `sales_len` readable bytes,
/// `capital` likewise; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_policy_priority_card_json(
    policy: *const xn_policy,
    sales: *const c_char,
    sales_len: usize,
    capital: *const c_char,
    capital_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        let p = arg_ref!(policy);
        check_out!(out);
        let sales = if sales.is_null() || sales_len == 0 {
            None
        } else {
            Some(xiaoneng::parse_yuan(
                "annual_sales_yuan",
                arg_str!(sales, sales_len, "sales"),
            )?)
        };
        let capital = if capital.is_null() || capital_len == 0 {
            None
        } else {
            Some(xiaoneng::parse_yuan(
                "registered_capital_yuan",
                arg_str!(capital, capital_len, "capital"),
            )?)
        };
        let card = p.policy.priority_card(sales, capital)?;
        fill_buffer(out, to_json(&card)?);
        Ok(())
    })
}

/// Frees a policy handle. NULL is fine (nothing happens). Calendars made from it stay valid.
///
/// # Safety
///
/// `policy` is NULL or a live handle from this library, not used by any thread afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_policy_free(policy: *mut xn_policy) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(policy) }
}

// ---------------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------------

/// An organisation (组织机构): units (nested through `parent`, each with an optional head), posts (岗位)
/// with an A holder and an optional backup (B) post, staff with roles, and absences.
///
/// Opaque. Create with `xn_org_from_json` or `xn_org_from_toml`; free with `xn_org_free`. Immutable: one
/// handle may be used by any number of threads at once, without locking. Catalogs are validated against
/// an org but do not keep it: an org may be freed while catalogs checked against it live on.
pub struct xn_org {
    pub(crate) org: Org,
}

/// Reads and validates an organisation from JSON: `{"schema": 1, "units": [{"id", "name", "parent"?,
/// "head"?}], "posts": [{"id", "unit", "title", "duties"?, "holder"?, "backup"?}], "staff": [{"id", "name",
/// "unit", "roles"?: ["window_clerk" | "reviewer" | "chief_representative" | "unit_head" | "supervisor"],
/// "rank"?}], "absences": [{"staff", "start", "end", "reason"?}]}` (absences are `[start, end)`, RFC 3339
/// instants). On success `*out` is a new handle; free it with `xn_org_free`.
///
/// Errors: `XN_ERR_PARSE` (malformed, unknown or missing field, naming the field path); `XN_ERR_INVALID`
/// naming the field (a wrong schema, an empty or duplicate id, a reference to an unknown unit, post or
/// staff member such as `posts[1].backup`, units nesting in a cycle, a post backing itself up, an absence
/// ending before it starts); `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `json` is NULL or points to `json_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_org_from_json(json: *const c_char, json_len: usize, out: *mut *mut xn_org) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(json, json_len);
        let org = Org::from_json(text)?;
        new_handle(out, xn_org { org });
        Ok(())
    })
}

/// Reads and validates an organisation from TOML, with the same fields as the JSON document (instants
/// may be TOML datetimes with offset or strings). On success `*out` is a new handle; free it with
/// `xn_org_free`.
///
/// Errors: as `xn_org_from_json`.
///
/// # Safety
///
/// `toml` is NULL or points to `toml_len` readable bytes; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_org_from_toml(toml: *const c_char, toml_len: usize, out: *mut *mut xn_org) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(toml, toml_len);
        let org = Org::from_toml(text)?;
        new_handle(out, xn_org { org });
        Ok(())
    })
}

/// The organisation document as JSON; `xn_org_from_json` of it builds an equal organisation. Fills
/// `*out` (free it with `xn_buffer_free`).
///
/// # Safety
///
/// `org` is NULL or a live org handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_org_to_json(org: *const xn_org, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let o = arg_ref!(org);
        check_out!(out);
        fill_buffer(out, o.org.to_json());
        Ok(())
    })
}

/// Frees an org handle. NULL is fine (nothing happens). Catalogs validated against it stay valid.
///
/// # Safety
///
/// `org` is NULL or a live handle from this library, not used by any thread afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_org_free(org: *mut xn_org) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(org) }
}

fn acting(org: *const xn_org, post: *const c_char, post_len: usize, at_unix: i64) -> Result<Acting, Failure> {
    let o = arg_ref!(org);
    let post = arg_str!(post, post_len);
    let at = instant_arg(at_unix, "at_unix")?;
    Ok(o.org.acting_holder(post, at)?)
}

/// Who acts for `post` at `at_unix` under the A/B rule (AB岗工作制), as JSON:
/// `{"via": "holder", "staff": "A"}` when the A holder is present;
/// `{"via": "backup", "staff": "B", "absent": "A"}` when A is away (`absent` is left out when the post has
/// no holder) and the holder of the backup post is present;
/// `{"via": "unit_head", "staff": "H", "absent": ["A", "B"]}` when both are away (or there is no backup):
/// the unit head covers, a violation of the A/B system to be recorded. Fills `*out_json` (free it with
/// `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` when no post has this id (`unknown \`post\` = ...: no post has this id`),
/// `XN_ERR_INVALID` when nobody can act (holder, backup holder and unit head all away or unset); `XN_ERR_OUT_OF_RANGE` for an
/// unrepresentable `at_unix`; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `org` is NULL or a live org handle; `post` is NULL or points to `post_len` readable bytes; `out_json`
/// is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_org_acting_holder(
    org: *const xn_org,
    post: *const c_char,
    post_len: usize,
    at_unix: i64,
    out_json: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out_json);
        let a = acting(org, post, post_len, at_unix)?;
        fill_buffer(out_json, to_json(&a)?);
        Ok(())
    })
}

/// Through which rule a staff member acts for a post (`xn_acting.via`): one of the `XN_VIA_*` values.
pub type xn_via = i32;
/// The A holder of the post is present and acts. JSON `"holder"`.
pub const XN_VIA_HOLDER: xn_via = 0;
/// The A holder is away (or the post is vacant); the holder of the backup (B) post acts. JSON `"backup"`.
pub const XN_VIA_BACKUP: xn_via = 1;
/// A and B are both away (or there is no backup); the unit head covers, a violation. JSON `"unit_head"`.
pub const XN_VIA_UNIT_HEAD: xn_via = 2;

/// Who acts for a post, filled by `xn_org_acting_holder_info` (the typed form of `xn_org_acting_holder`;
/// the staff id itself goes to a caller buffer).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct xn_acting {
    /// The rule that applies: `XN_VIA_HOLDER`, `XN_VIA_BACKUP` or `XN_VIA_UNIT_HEAD`.
    pub via: xn_via,
    /// Whether this cover breaks the A/B system (true exactly when `via` is `XN_VIA_UNIT_HEAD`): record it.
    pub violation: bool,
    /// How many holders are away: 0 for `XN_VIA_HOLDER`; 0 or 1 for `XN_VIA_BACKUP` (0 when the post has
    /// no holder); 0..=2 for `XN_VIA_UNIT_HEAD`. Their ids are in the JSON of `xn_org_acting_holder`.
    pub absent_count: usize,
}

/// Who acts for `post` at `at_unix` under the A/B rule, typed: fills `*out` and copies the acting staff
/// id into `staff_buf` (`staff_cap` bytes) as a NUL-terminated string, writing its length in bytes
/// (without the NUL) to `*staff_len`.
///
/// Buffer convention: the id needs `*staff_len + 1` bytes. When `staff_cap` is smaller, the call fails
/// with `XN_ERR_BUFFER_TOO_SMALL`, writes only `*staff_len` (the needed length without the NUL) and leaves
/// `*out` and `staff_buf` untouched; call again with a larger buffer. `staff_buf` may be NULL only when
/// `staff_cap` is 0 (a length query, which always fails with `XN_ERR_BUFFER_TOO_SMALL`: ids are never
/// empty). Staff ids are host-supplied; 64 bytes is plenty for usual ids.
///
/// Errors: as `xn_org_acting_holder`; `XN_ERR_BUFFER_TOO_SMALL` as above; `XN_ERR_NULL` for a NULL `out`,
/// `staff_len`, or `staff_buf` with `staff_cap` > 0.
///
/// # Safety
///
/// `org` is NULL or a live org handle; `post` is NULL or points to `post_len` readable bytes; `out` and
/// `staff_len` are NULL or point to writable memory; `staff_buf` is NULL or points to `staff_cap`
/// writable bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn xn_org_acting_holder_info(
    org: *const xn_org,
    post: *const c_char,
    post_len: usize,
    at_unix: i64,
    out: *mut xn_acting,
    staff_buf: *mut c_char,
    staff_cap: usize,
    staff_len: *mut usize,
) -> xn_status {
    boundary(|| {
        check_out!(out, staff_len);
        if staff_buf.is_null() && staff_cap > 0 {
            return Err(Failure::null("staff_buf"));
        }
        let a = acting(org, post, post_len, at_unix)?;
        let via = match &a {
            Acting::Holder { .. } => XN_VIA_HOLDER,
            Acting::Backup { .. } => XN_VIA_BACKUP,
            Acting::UnitHead { .. } => XN_VIA_UNIT_HEAD,
        };
        let id = a.staff().as_bytes();
        put!(staff_len, id.len());
        if staff_cap <= id.len() {
            return Err(Failure::buffer_too_small(
                "staff_buf",
                staff_cap,
                "the staff id",
                id.len(),
                "staff_len",
            ));
        }
        // SAFETY: `staff_buf` is non-NULL (cap > len >= 0) and has `staff_cap` > `id.len()` writable bytes.
        unsafe {
            ptr::copy_nonoverlapping(id.as_ptr(), staff_buf.cast::<u8>(), id.len());
            staff_buf.add(id.len()).write(0);
        }
        put!(
            out,
            xn_acting {
                via,
                violation: a.is_violation(),
                absent_count: a.absent().len(),
            }
        );
        Ok(())
    })
}

/// A role a staff member holds (checked by the engine before it accepts a command). One of the
/// `XN_ROLE_*` values; any other value is rejected with `XN_ERR_INVALID`.
pub type xn_role = i32;
/// Window clerk (窗口工作人员): receives, notifies, accepts. JSON `"window_clerk"`.
pub const XN_ROLE_WINDOW_CLERK: xn_role = 0;
/// Reviewer (审核人员): handles review steps. JSON `"reviewer"`.
pub const XN_ROLE_REVIEWER: xn_role = 1;
/// Chief representative (首席代表): signs for the unit in the service hall. JSON `"chief_representative"`.
pub const XN_ROLE_CHIEF_REPRESENTATIVE: xn_role = 2;
/// Unit head (单位负责人): extensions, sign-off, cover when A and B are both away. JSON `"unit_head"`.
pub const XN_ROLE_UNIT_HEAD: xn_role = 3;
/// Supervisor (效能监督): complaints, inspections, sanctions. JSON `"supervisor"`.
pub const XN_ROLE_SUPERVISOR: xn_role = 4;

const ROLES: [Role; 5] = [
    Role::WindowClerk,
    Role::Reviewer,
    Role::ChiefRepresentative,
    Role::UnitHead,
    Role::Supervisor,
];

fn role_of(v: xn_role) -> Result<Role, Failure> {
    usize::try_from(v)
        .ok()
        .and_then(|i| ROLES.get(i).copied())
        .ok_or_else(|| {
            Failure::invalid(
                "role",
                v,
                "not an xn_role (0..=4, XN_ROLE_WINDOW_CLERK..XN_ROLE_SUPERVISOR)",
            )
        })
}

/// Whether staff member `staff` holds `role` (an `xn_role`): sets `*out`. An id no staff member has is
/// `false`, as in the core (`Org::has_role`); check the id against the org's JSON if that matters.
///
/// Errors: `XN_ERR_INVALID` for an unknown `role` value; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `org` is NULL or a live org handle; `staff` is NULL or points to `staff_len` readable bytes; `out` is
/// NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_org_has_role(
    org: *const xn_org,
    staff: *const c_char,
    staff_len: usize,
    role: xn_role,
    out: *mut bool,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let o = arg_ref!(org);
        let staff = arg_str!(staff, staff_len);
        let r = role_of(role)?;
        put!(out, o.org.has_role(staff, r));
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------------
// Catalogs and guides
// ---------------------------------------------------------------------------------------------------

/// A catalog of service items (政务服务事项): code, name, responsible unit, kind, statutory and pledged
/// limits, materials, fees, legal basis, procedure steps with their posts, joint-review parties, ...,
/// validated against an organisation.
///
/// Opaque. Create with `xn_catalog_from_json` or `xn_catalog_from_toml`; free with `xn_catalog_free`.
/// Immutable: one handle may be used by any number of threads at once, without locking. It does not
/// keep the org it was checked against; the guide functions take an org to look up unit names and post
/// titles (pass the same one).
pub struct xn_catalog {
    pub(crate) catalog: Catalog,
}

/// Reads a catalog from JSON and validates it against `org`: `{"schema": 1, "items": [{"code", "name",
/// "unit", "kind": "instant" | "pledged" | "joint" | "reported", "statutory_limit": {"unit":
/// "working_days", "amount": 20}, "pledged_limit": {...}, "materials"?: [{"name", "required"?, "note"?}],
/// "fees"?: [{"name", "amount": "50.00", "basis"}], "legal_basis"?: [...], "steps"?: [{"name", "post",
/// "limit"}], "joint_parties"?: [unit ids], "on_timeout"?, "deemed_at"?: "pledged" | "statutory",
/// "special_procedures"?, "complaint_channel"?, "place"?}]}`. On success `*out` is a new handle; free it with `xn_catalog_free`.
///
/// Errors: `XN_ERR_PARSE` (malformed, unknown or missing field, naming the field path); `XN_ERR_INVALID`
/// naming the field: a wrong schema, an empty or duplicate code, an unknown unit or post
/// (`items[0].steps[0].post`), a pledged limit above the statutory one (`items[k].pledged_limit.amount`)
/// or in another unit, a joint item without parties, a negative fee or one without a basis, a material or
/// step without a name; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `json` is NULL or points to `json_len` readable bytes; `org` is NULL or a live org handle; `out` is
/// NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_from_json(
    json: *const c_char,
    json_len: usize,
    org: *const xn_org,
    out: *mut *mut xn_catalog,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(json, json_len);
        let o = arg_ref!(org);
        let catalog = Catalog::from_json(text, &o.org)?;
        new_handle(out, xn_catalog { catalog });
        Ok(())
    })
}

/// Reads a catalog from TOML (the same fields as the JSON document) and validates it against `org`. On
/// success `*out` is a new handle; free it with `xn_catalog_free`.
///
/// Errors: as `xn_catalog_from_json`.
///
/// # Safety
///
/// `toml` is NULL or points to `toml_len` readable bytes; `org` is NULL or a live org handle; `out` is
/// NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_from_toml(
    toml: *const c_char,
    toml_len: usize,
    org: *const xn_org,
    out: *mut *mut xn_catalog,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let text = arg_str!(toml, toml_len);
        let o = arg_ref!(org);
        let catalog = Catalog::from_toml(text, &o.org)?;
        new_handle(out, xn_catalog { catalog });
        Ok(())
    })
}

/// The catalog document as JSON; `xn_catalog_from_json` of it (with the same org) builds an equal
/// catalog. Fills `*out` (free it with `xn_buffer_free`).
///
/// # Safety
///
/// `cat` is NULL or a live catalog handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_to_json(cat: *const xn_catalog, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cat);
        check_out!(out);
        fill_buffer(out, c.catalog.to_json());
        Ok(())
    })
}

/// Frees a catalog handle. NULL is fine (nothing happens).
///
/// # Safety
///
/// `cat` is NULL or a live handle from this library, not used by any thread afterwards.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_free(cat: *mut xn_catalog) {
    // SAFETY: the caller passes NULL or a live handle of this type, freed once.
    unsafe { free_handle(cat) }
}

fn unknown_code(code: &str) -> Failure {
    xiaoneng::Error::NotFound(xiaoneng::FieldError::new("code", code, "no item has this code")).into()
}

/// The service item with code `code` as JSON, the item object of the catalog document (`{"code", "name",
/// "unit", "kind", "statutory_limit", "pledged_limit", "materials", "fees", "legal_basis", "steps", ...}`).
/// Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` when no item has this code; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `cat` is NULL or a live catalog handle; `code` is NULL or points to `code_len` readable bytes; `out`
/// is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_item_json(
    cat: *const xn_catalog,
    code: *const c_char,
    code_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let c = arg_ref!(cat);
        let code = arg_str!(code, code_len);
        let item = c.catalog.item(code).ok_or_else(|| unknown_code(code))?;
        fill_buffer(out, to_json(item)?);
        Ok(())
    })
}

fn guide(
    cat: *const xn_catalog,
    org: *const xn_org,
    code: *const c_char,
    code_len: usize,
) -> Result<xiaoneng::Guide, Failure> {
    let c = arg_ref!(cat);
    let o = arg_ref!(org);
    let code = arg_str!(code, code_len);
    Ok(c.catalog.guide(code, &o.org)?)
}

/// The published service guide (办事指南) of item `code` as JSON: `{"code", "name", "unit" (the unit's
/// name), "kind" (in Chinese, e.g. "承诺件"), "statutory_limit" and "pledged_limit" (e.g. "20 工作日"),
/// "materials", "fees", "legal_basis", "procedure": [{"name", "post" (the post's title), "limit"}],
/// "joint_parties" (unit names), "place", "complaint_channel"}`. Names are looked up in `org` (pass the
/// org the catalog was checked against). Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: `XN_ERR_NOT_FOUND` when no item has this code; `XN_ERR_UTF8`; `XN_ERR_NULL`.
///
/// # Safety
///
/// `cat`, `org` are NULL or live handles; `code` is NULL or points to `code_len` readable bytes; `out`
/// is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_guide_json(
    cat: *const xn_catalog,
    org: *const xn_org,
    code: *const c_char,
    code_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let g = guide(cat, org, code, code_len)?;
        fill_buffer(out, g.to_json());
        Ok(())
    })
}

/// The service guide of item `code` as Markdown, for publication: a title `# <name>（办事指南）`, a table
/// (code, unit, kind, limits, joint parties, place), then materials, procedure, fees and legal basis,
/// and the complaint channel. Fills `*out` (free it with `xn_buffer_free`).
///
/// Errors: as `xn_catalog_guide_json`.
///
/// # Safety
///
/// `cat`, `org` are NULL or live handles; `code` is NULL or points to `code_len` readable bytes; `out`
/// is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_guide_markdown(
    cat: *const xn_catalog,
    org: *const xn_org,
    code: *const c_char,
    code_len: usize,
    out: *mut xn_buffer,
) -> xn_status {
    boundary(|| {
        check_out!(out);
        let g = guide(cat, org, code, code_len)?;
        fill_buffer(out, g.to_markdown());
        Ok(())
    })
}

/// The number of items in the catalog: sets `*out_len`. Items are numbered 0..len in document order
/// (see `xn_catalog_code_at`).
///
/// # Safety
///
/// `cat` is NULL or a live catalog handle; `out_len` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_len(cat: *const xn_catalog, out_len: *mut usize) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cat);
        check_out!(out_len);
        put!(out_len, c.catalog.items().len());
        Ok(())
    })
}

/// The code of item number `index` (0-based, document order) as text in `*out` (free it with
/// `xn_buffer_free`): with `xn_catalog_len`, lists the catalog.
///
/// Errors: `XN_ERR_INVALID` when `index` is not below the number of items (the message gives both).
///
/// # Safety
///
/// `cat` is NULL or a live catalog handle; `out` is NULL or points to writable memory.
#[no_mangle]
pub unsafe extern "C" fn xn_catalog_code_at(cat: *const xn_catalog, index: usize, out: *mut xn_buffer) -> xn_status {
    boundary(|| {
        let c = arg_ref!(cat);
        check_out!(out);
        let items = c.catalog.items();
        let item = items.get(index).ok_or_else(|| {
            Failure::invalid(
                "index",
                index,
                format!("the catalog has {} item(s), numbered from 0", items.len()),
            )
        })?;
        fill_buffer(out, item.code.clone());
        Ok(())
    })
}
