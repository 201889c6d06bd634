"""scripts/generate: the schema reader on every shape a command can take, the generated files' freshness,
the C ABI check, and the Python field table against what the binding converts today."""

import copy
import datetime as dt
import importlib.machinery
import importlib.util
import inspect
import json
import re
import sys
import types
from pathlib import Path

import pytest

import xiaoneng as xn

ROOT = Path(__file__).resolve().parents[2]


def _load_generator() -> types.ModuleType:
    loader = importlib.machinery.SourceFileLoader("xn_generate", str(ROOT / "scripts" / "generate"))
    spec = importlib.util.spec_from_loader("xn_generate", loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["xn_generate"] = module  # dataclasses look their module up
    loader.exec_module(module)
    return module


gen = _load_generator()

# ---------------------------------------------------------------------------------------------------------
# A small command schema in the three shapes the Rust types may give it
# ---------------------------------------------------------------------------------------------------------

INSTANT = {"type": "string", "format": "date-time"}
SPEED = {"description": "How fast.", "oneOf": [{"const": "slow", "description": "Slowly."},
                                               {"const": "fast", "description": "Quickly."}]}
BODIES = {
    "Receive": {
        "description": "Materials received.\n\nIssued by a clerk. Event: `received`.",
        "properties": {
            "case": {"type": "string", "description": "Case number."},
            "at": {**INSTANT, "description": "When."},
            "actor": {"type": "string", "description": "Staff id."},
            "item": {"type": "string", "description": "Item code."},
            "materials": {"type": "array", "items": {"type": "string"}, "default": [],
                          "description": "Materials."},
            "due": {"type": "string", "format": "date", "description": "Due date."},
        },
        "required": ["case", "at", "actor", "item", "due"],
        "examples": [{"type": "receive", "case": "C1", "at": "2026-09-28T09:00:00+08:00", "actor": "s",
                      "item": "X", "due": "2026-10-09"}],
    },
    "Move": {
        "description": "A move.",
        "properties": {
            "case": {"type": "string", "description": "Case number."},
            "at": {**INSTANT, "description": "When."},
            "actor": {"type": "string", "description": "Staff id."},
            "speed": {"$ref": "#/$defs/Speed", "description": "Which speed."},
            "steps": {"type": "integer", "format": "uint32", "minimum": 1, "maximum": 9, "description": "Steps."},
            "loud": {"type": "boolean", "default": False, "description": "Loudly."},
        },
        "required": ["case", "at", "actor", "speed", "steps"],
    },
}


def _inline() -> dict:
    variants = []
    for name, body in BODIES.items():
        tag = {"const": gen_tag(name), "type": "string"}
        v = copy.deepcopy(body)
        v["properties"] = {"type": tag, **v["properties"]}
        v["required"] = ["type"] + v["required"]
        v.update(type="object", additionalProperties=False)
        variants.append(v)
    return {"$defs": {"Speed": SPEED}, "oneOf": variants, "title": "Command"}


def gen_tag(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _ref_siblings() -> dict:
    """schemars' newtype variant: the tag's properties beside a `$ref` to the body's struct."""
    defs = {"Speed": SPEED, **{n: {**copy.deepcopy(b), "type": "object"} for n, b in BODIES.items()}}
    variants = [{"$ref": f"#/$defs/{n}", "properties": {"type": {"const": gen_tag(n), "type": "string"}},
                 "required": ["type"], "type": "object"} for n in BODIES]
    return {"$defs": defs, "oneOf": variants, "title": "Command"}


def _all_of() -> dict:
    """The body's struct and the tag merged by `allOf`, the struct's own properties by `$ref` again."""
    defs = {"Speed": SPEED, **{n: {**copy.deepcopy(b), "type": "object"} for n, b in BODIES.items()}}
    variants = [{"allOf": [{"$ref": f"#/$defs/{n}"},
                           {"properties": {"type": {"const": gen_tag(n)}}, "required": ["type"]}]}
                for n in BODIES]
    return {"$defs": defs, "oneOf": variants, "title": "Command"}


SHAPES = {"inline": _inline, "ref_siblings": _ref_siblings, "all_of": _all_of}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_reads_as_the_same_commands(shape):
    specs = gen.command_specs(gen.Reader(SHAPES[shape](), shape).root())
    assert [s.kind for s in specs] == ["receive", "move"]
    receive, move = specs
    assert [p.prop.name for p in receive.params] == ["case", "at", "actor", "item", "due", "materials"]
    assert [p.prop.required for p in receive.params] == [True] * 5 + [False]
    assert receive.obj.description.startswith("Materials received.")
    assert [p.default for p in receive.rest] == [None, None, "()"]
    assert [p.prop.name for p in move.rest] == ["speed", "steps", "loud"]
    speed = move.rest[0].prop
    assert speed.description == "Which speed."  # the property's own, not its type's
    assert speed.type.name == "Speed" and speed.type.values == ("slow", "fast")
    assert move.rest[1].check == '_int(steps, "steps", 1, 9)'
    assert move.rest[2].default == "False"


def test_the_three_shapes_generate_the_same_builders():
    texts = {shape: gen.python_commands(gen.Reader(make(), shape)) for shape, make in SHAPES.items()}
    assert texts["inline"] == texts["ref_siblings"] == texts["all_of"]
    text = texts["inline"]
    assert "def receive(case: str, at: _dt.datetime, actor: str, *, item: str, due: _dt.date," in text
    assert '"due": _date(due, "due")' in text
    flat = re.sub(r"\s+", " ", text)
    assert "def move(case: str, at: _dt.datetime, actor: str, *, speed: Speed, steps: int, loud: bool = False)" \
        in flat


def test_generated_builders_of_a_synthetic_schema_run(tmp_path):
    """The builders of the synthetic schema, in a throwaway package, check and build as the schema says."""
    command = gen.Reader(_all_of(), "synthetic")
    event, view = gen.load("event.schema.json"), gen.load("view.schema.json")
    pkg = tmp_path / "synthetic_xn"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "_native.py").write_text("class InvalidInputError(ValueError):\n    pass\n")
    explanation = gen.load("explanation.schema.json")
    (pkg / "_types.py").write_text(gen.python_types(command, event, view, explanation), encoding="utf-8")
    (pkg / "commands.py").write_text(gen.python_commands(command), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        c = importlib.import_module("synthetic_xn.commands")
        native = importlib.import_module("synthetic_xn._native")
        tz = dt.timezone(dt.timedelta(hours=8))
        at = dt.datetime(2026, 9, 28, 9, tzinfo=tz)
        assert c.receive("C1", at, "s", item="X", due=dt.date(2026, 10, 9)) == {
            "type": "receive", "case": "C1", "at": "2026-09-28T09:00:00+08:00", "actor": "s", "item": "X",
            "due": "2026-10-09", "materials": []}
        assert c.move("C1", at, "s", speed="fast", steps=9)["loud"] is False
        with pytest.raises(native.InvalidInputError, match=r"invalid `steps` = 10: must be 1\.\.=9"):
            c.move("C1", at, "s", speed="fast", steps=10)
        with pytest.raises(native.InvalidInputError, match="expected one of slow, fast"):
            c.move("C1", at, "s", speed="warp", steps=1)
        with pytest.raises(native.InvalidInputError, match="`due` must be a datetime.date, got datetime"):
            c.receive("C1", at, "s", item="X", due=at)
        with pytest.raises(TypeError):
            c.move("C1", at, "s", "fast", 1)  # the rest is keyword-only
        # The docstring: the description, the parameters, and a doctest from the example that passes.
        doc = c.receive.__doc__
        assert doc.startswith("Materials received.\n\n    Issued by a clerk. Event: ``received``.")
        assert "due : datetime.date\n        Due date. Sent as ``YYYY-MM-DD``." in doc
        assert "speed : Speed\n        Which speed. One of:\n\n        - ``\"slow\"``: Slowly." in c.move.__doc__
        import doctest

        doc = doc.replace("xn.commands", "c").replace("xiaoneng.Invalid", "synthetic_xn._native.Invalid")
        parsed = doctest.DocTestParser().get_doctest(doc, {"c": c}, "receive", None, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        out = []
        runner.run(parsed, out=out.append)
        assert runner.tries >= 3 and runner.failures == 0, "".join(out)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("synthetic_xn")]:
            del sys.modules[name]


def test_reader_merges_ref_siblings_and_all_of():
    schema = {"$defs": {"Base": {"type": "object", "description": "Base.", "properties": {"a": {"type": "string"}},
                                 "required": ["a"]}},
              "allOf": [{"$ref": "#/$defs/Base"}, {"properties": {"b": {"type": "integer", "format": "uint8"}}}],
              "description": "Outer."}
    obj = gen.Reader(schema).root()
    assert obj.description == "Outer."  # the outer annotation wins
    assert [(p.name, p.required) for p in obj.props] == [("a", True), ("b", False)]
    assert (obj.prop("b").type.minimum, obj.prop("b").type.maximum) == (0, 255)
    with pytest.raises(gen.SchemaError, match="cannot resolve"):
        gen.Reader({"$ref": "#/$defs/Nope"}).root()


# ---------------------------------------------------------------------------------------------------------
# The generated files
# ---------------------------------------------------------------------------------------------------------


def test_generated_files_are_fresh_and_say_so():
    for rel, text in gen.outputs().items():
        committed = (ROOT / rel).read_text(encoding="utf-8")
        assert committed == text, f"{rel} is stale: run scripts/generate"
        first = committed.splitlines()[0]
        assert re.match(r"(#|//) Generated by scripts/generate from schemas/.*; do not edit\.$", first), first


def test_builders_follow_the_command_schema():
    specs = gen.command_specs(gen.load("command.schema.json").root())
    assert sorted(s.kind for s in specs) == sorted(xn.commands.__all__)
    for spec in specs:
        sig = inspect.signature(getattr(xn.commands, spec.kind))
        names = list(sig.parameters)
        assert names[:3] == ["case", "at", "actor"], spec.kind
        for prm in spec.rest:
            p = sig.parameters[prm.prop.name]
            assert p.kind is inspect.Parameter.KEYWORD_ONLY
            assert (p.default is inspect.Parameter.empty) == prm.prop.required, (spec.kind, prm.prop.name)
            if prm.prop.has_default:
                default = list(p.default) if isinstance(p.default, tuple) else p.default
                assert default == prm.prop.default, (spec.kind, prm.prop.name)


def _flat(schema, prop):
    """A property's schema with a `$ref` (alone or in a one-element `allOf`) resolved."""
    ref = prop.get("$ref") or (prop.get("allOf") or [{}])[0].get("$ref")
    if ref is None:
        return prop
    return schema["$defs"][ref.rsplit("/", 1)[-1]]


def test_builders_build_every_example_of_the_schema_as_the_engine_reads_it():
    schema = json.loads((ROOT / "schemas" / "command.schema.json").read_text(encoding="utf-8"))
    for variant in schema["oneOf"]:
        for example in variant["examples"]:
            args = dict(example)
            kind = args.pop("type")
            at = dt.datetime.fromisoformat(args.pop("at"))
            # A date field is given as a datetime.date (its example writes the ISO text).
            dates = {k for k, p in variant["properties"].items() if _flat(schema, p).get("format") == "date"}
            args = {k: dt.date.fromisoformat(v) if k in dates else v for k, v in args.items()}
            built = getattr(xn.commands, kind)(args.pop("case"), at, args.pop("actor"), **args)
            assert {k: v for k, v in built.items() if k in example} == example, kind


# ---------------------------------------------------------------------------------------------------------
# The C ABI: values are published, the generator keeps them
# ---------------------------------------------------------------------------------------------------------


def test_c_values_are_the_published_ones():
    names = (ROOT / "bindings/c/src/names.rs").read_text(encoding="utf-8")
    for prefix, table in [("XN_EVENT_", "event"), ("XN_CLOCK_", "clock"), ("XN_RULE_", "rule")]:
        values = {m.group(1).lower(): int(m.group(2))
                  for m in re.finditer(rf"pub const {prefix}(\w+): \w+ = (-?\d+);", names)}
        for value, name in enumerate(gen.PUBLISHED_C_VALUES[table]):
            assert values[name] == value, (table, name)
    header = (ROOT / "include/xiaoneng.h").read_text(encoding="utf-8")
    assert "#define XN_CLOCK_INQUIRY 8" in header and "#define XN_EVENT_TERMINATED 22" in header


def test_a_reordered_or_removed_name_is_refused():
    published = ["a", "b", "c"]
    gen.check_published("clock", ["a", "b", "c", "d"], published)  # appended: fine
    with pytest.raises(gen.SchemaError, match="`b` would be 2, its published value is 1"):
        gen.check_published("clock", ["a", "c", "b"], published)
    with pytest.raises(gen.SchemaError, match="`b` .* is gone"):
        gen.check_published("clock", ["a", "c"], published)


# ---------------------------------------------------------------------------------------------------------
# The Python binding converts by the generated field table
# ---------------------------------------------------------------------------------------------------------


def test_the_binding_converts_what_the_schemas_mark_and_nothing_else():
    """topy.rs reads bindings/python/src/fields.rs: an instant of an event (``effective``), a date and a
    decimal of a view's clock status come out typed; a string field the schemas do not mark stays text."""
    import datetime as dt
    import decimal
    import xiaoneng as xn

    tables = gen.field_tables(gen.load("event.schema.json"), gen.load("view.schema.json"),
                              gen.load("status.schema.json"), gen.load("explanation.schema.json"))["keys"]
    assert "effective" in tables["instant"] and "share_used" in tables["decimal"]
    org = xn.presets.example_org()
    engine = xn.Engine(xn.presets.county(), org, xn.presets.example_catalog(org))
    tz = dt.timezone(dt.timedelta(hours=8))
    t = dt.datetime(2026, 9, 28, 9, tzinfo=tz)
    engine.execute(xn.commands.receive("C1", t, "s-clerk", item="330100-FOOD-001", applicant="甲"))
    accepted = engine.execute(xn.commands.accept("C1", t + dt.timedelta(hours=1), "s-clerk"))[0]
    assert isinstance(accepted["effective"], dt.datetime) and accepted["effective"].utcoffset() == dt.timedelta(hours=8)
    view = engine.view("C1", t + dt.timedelta(days=1))
    assert isinstance(view["decision"]["deadline_date"], dt.date)
    assert isinstance(view["decision"]["share_used"], decimal.Decimal)
    assert isinstance(view["item"], str) and isinstance(view["case"], str)


def test_field_table_by_path():
    fields = (ROOT / "bindings/python/src/fields.rs").read_text(encoding="utf-8")
    for path, kind in [("effective", "Instant"), ("decision.derivation[].date", "Date"),
                       ("step_status.share_used", "Decimal"), ("violations[].at", "Instant"),
                       ("derivation[].to", "Instant")]:
        assert f'("{path}", Field::{kind})' in fields
