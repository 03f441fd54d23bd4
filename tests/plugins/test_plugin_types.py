"""The records plugin hooks return check every field when they are made, and a rule class is
checked in full, so that a mistake in a plugin is found where it is, when councilpmf starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

import attrs
import pytest

from councilpmf import hookimpl, open_store, plugins
from councilpmf.core.errors import PluginError
from councilpmf.core.rag import BUILTIN_RULES, Rating, RatingContext, Status
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.plugin_types import CheckType, ReportFormat, StoreType, check_rule_class
from councilpmf.store import StoreError

GOOD_FORMAT: dict[str, Any] = {
    "name": "headlines",
    "suffix": ".txt",
    "media_type": "text/plain",
    "render": str,
    "description": "One line per rated indicator",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Headlines"),
        ("name", "two words"),
        ("name", ""),
        ("name", "-lead"),
        ("suffix", "txt"),
        ("suffix", "."),
        ("suffix", ".t/xt"),
        ("media_type", "excel"),
        ("media_type", "spreadsheet/xlsx"),
        ("media_type", "text/"),
        ("media_type", "text/plain; charset"),
        ("render", "not callable"),
        ("description", ""),
        ("description", "   "),
        ("description", "two\nlines"),
        ("overrides", "yes"),
    ],
)
def test_a_report_format_refuses_a_bad_field_naming_it(field: str, value: object) -> None:
    with pytest.raises((TypeError, ValueError), match=rf"^{field}: "):
        ReportFormat(**{**GOOD_FORMAT, field: value})


@pytest.mark.parametrize(
    "media_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/json",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/svg+xml",
    ],
)
def test_real_media_types_are_accepted(media_type: str) -> None:
    assert ReportFormat(**{**GOOD_FORMAT, "media_type": media_type}).media_type == media_type


@pytest.mark.parametrize("suffix", [".txt", ".xlsx", ".tar.gz"])
def test_suffixes_with_their_dot_are_accepted(suffix: str) -> None:
    assert ReportFormat(**{**GOOD_FORMAT, "suffix": suffix}).suffix == suffix


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"scheme": "Redis"}, "^scheme: "),
        ({"scheme": "redis://"}, "^scheme: "),
        ({"scheme": "9p"}, "^scheme: "),
        ({"description": ""}, "^description: "),
        ({"open": None}, "^open: "),
        ({"exists": "yes"}, "^exists: "),
    ],
)
def test_a_store_type_refuses_a_bad_field(fields: dict[str, Any], says: str) -> None:
    good = {"scheme": "redis", "open": MemoryStore, "description": "Readings kept in Redis"}
    with pytest.raises((TypeError, ValueError), match=says):
        StoreType(**{**good, **fields})


@pytest.mark.parametrize("scheme", ["redis", "postgresql", "git+ssh", "s3-compat", "a.b"])
def test_url_schemes_are_accepted(scheme: str) -> None:
    assert StoreType(scheme=scheme, open=MemoryStore, description="A store").scheme == scheme


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"name": "No Owner"}, "^name: "),
        ({"description": ""}, "^description: "),
        ({"run": 1}, "^run: "),
    ],
)
def test_a_check_type_refuses_a_bad_field(fields: dict[str, Any], says: str) -> None:
    good = {"name": "owners", "run": lambda *_: (), "description": "Indicators have owners"}
    with pytest.raises((TypeError, ValueError), match=says):
        CheckType(**{**good, **fields})


# -- rule classes ------------------------------------------------------------------------------


def _rate(self: object, context: RatingContext) -> Rating:
    return Rating(status=Status.GREEN, explanation="Green")


_FROZEN = attrs.frozen(kw_only=True)


def _rule(decorator: Any = _FROZEN, **attributes: Any) -> type:
    namespace: dict[str, Any] = {"kind": "lenient", "uses_target": True, "rate": _rate}
    namespace.update(attributes)
    namespace = {k: v for k, v in namespace.items() if v is not _MISSING}
    namespace["__annotations__"] = {
        k: ClassVar[Any] for k in ("kind", "uses_target", "overrides") if k in namespace
    }
    cls = type("Lenient", (), namespace)
    return decorator(cls) if decorator is not None else cls


_MISSING = object()


@pytest.mark.parametrize("rule", list(BUILTIN_RULES.values()))
def test_every_builtin_rule_passes(rule: type) -> None:
    check_rule_class(rule)


def test_a_good_plugin_rule_passes() -> None:
    check_rule_class(_rule())
    check_rule_class(_rule(overrides=True))


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        (lambda: _rule(decorator=None), "is not an attrs class"),
        (lambda: _rule(decorator=attrs.define), "is not frozen"),
        (lambda: _rule(kind=_MISSING), "kind must be a name"),
        (lambda: _rule(kind="Lenient Rule"), "kind must be a name"),
        (lambda: _rule(uses_target=_MISSING), "uses_target must be True or False"),
        (lambda: _rule(uses_target="yes"), "uses_target must be True or False"),
        (lambda: _rule(overrides=1), "overrides must be True or False"),
        (lambda: _rule(rate=_MISSING), "has no rate"),
        (lambda: _rule(rate=None), "has no rate"),
        (lambda: _rule()(), "is not a class"),
    ],
)
def test_a_rule_class_missing_something_is_refused_saying_what(rule: Any, says: str) -> None:
    with pytest.raises((TypeError, ValueError), match=says):
        check_rule_class(rule())


# -- guarded calls, in process -----------------------------------------------------------------


@pytest.fixture
def registered() -> Iterator[Any]:
    def register(**hooks: Any) -> None:
        plugins.reset()
        plugins.get_plugin_manager().register(
            type("Plugin", (), {k: staticmethod(hookimpl(v)) for k, v in hooks.items()})(),
            name="mine",
        )

    yield register
    plugins.reset()


def test_a_deliberate_store_error_from_a_plugin_passes_through_unchanged(registered: Any) -> None:
    def refuse(url: str, rules: object = None) -> Any:
        raise StoreError(f"{url}: the server said no")

    registered(
        councilpmf_stores=lambda: [StoreType(scheme="mine", open=refuse, description="Mine")]
    )
    with pytest.raises(StoreError, match=r"^mine://x: the server said no$") as caught:
        open_store("mine://x")
    assert not isinstance(caught.value, PluginError)


def test_a_stores_exists_is_guarded_too(registered: Any) -> None:
    registered(
        councilpmf_stores=lambda: [
            StoreType(scheme="mine", open=MemoryStore, exists=lambda url: "no", description="M")
        ]
    )
    with pytest.raises(PluginError, match=r"'mine'.*store scheme 'mine' failed in exists.*'no'"):
        open_store("mine://x", create=False)
    with open_store("mine://x") as store:  # opening to write does not ask
        assert store.readings() == ()


def test_a_check_is_run_once_and_its_findings_kept(registered: Any) -> None:
    calls: list[dt.date] = []

    def run(framework: Any, readings: Any, as_of: dt.date) -> Iterator[Any]:
        calls.append(as_of)
        yield from ()

    registered(councilpmf_checks=lambda: [CheckType(name="mine", run=run, description="Mine")])
    (check,) = [c for c in plugins.check_types() if c.name == "mine"]
    assert check.run(None, None, dt.date(2025, 1, 20)) == ()
    assert calls == [dt.date(2025, 1, 20)]


def test_the_same_name_twice_from_one_plugin_is_refused(registered: Any) -> None:
    fmt = ReportFormat(**GOOD_FORMAT)
    registered(councilpmf_report_formats=lambda: [fmt, fmt])
    with pytest.raises(PluginError, match=r"plugin 'mine'.*format 'headlines' twice"):
        plugins.report_formats()


def test_a_hook_wrapper_is_refused(registered: Any) -> None:
    @hookimpl(wrapper=True)
    def councilpmf_report_formats() -> Iterator[None]:
        return (yield)

    plugins.reset()
    plugins.get_plugin_manager().register(
        type("W", (), {"councilpmf_report_formats": staticmethod(councilpmf_report_formats)})(),
        name="wrapping",
    )
    with pytest.raises(PluginError, match=r"'wrapping'.*take no wrappers"):
        plugins.report_formats()
