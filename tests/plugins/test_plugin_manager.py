"""The plugin manager, in process: built-ins through the same hooks, entry points, allow and
deny lists, and what happens to plugins that are broken.

Installed plugins are replaced by fake entry points (``councilpmf.plugins._entry_points`` is
monkeypatched), so these tests do not depend on what happens to be installed.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

import councilpmf
from councilpmf import hookimpl, hookspecs, open_store, plugins
from councilpmf.core.rag import BUILTIN_RULES, Rating, RatingContext, Status
from councilpmf.default_plugins.memory_store import MemoryStore
from councilpmf.plugin_types import CheckType, ReportFormat, StoreType
from councilpmf.plugins import PluginError, PluginWarning

BUILTIN_SCHEMES = {"json", "memory", "sqlite"}
BUILTIN_FORMATS = {"text", "markdown", "html", "csv", "json"}
REAL_ENTRY_POINTS = plugins._entry_points


# -- fakes -------------------------------------------------------------------------------------


@attrs.frozen
class FakeDistribution:
    name: str
    version: str


class FakeEntryPoint:
    """What the manager uses of an ``importlib.metadata.EntryPoint``."""

    group = "councilpmf"

    def __init__(self, name: str, plugin: object, dist: FakeDistribution | None = None) -> None:
        self.name = name
        self.value = getattr(plugin, "__name__", name)
        self.dist = dist
        self._plugin = plugin

    def load(self) -> object:
        if isinstance(self._plugin, BaseException):
            raise self._plugin
        return self._plugin


def module(name: str, **hooks: Callable[..., Any]) -> types.ModuleType:
    """A plugin module named ``name`` holding ``hooks`` as attributes."""
    plugin = types.ModuleType(name)
    for attribute, function in hooks.items():
        setattr(plugin, attribute, function)
    return plugin


def stores(*schemes: str, open: Callable[[str], Any] = MemoryStore) -> Callable[[], Any]:
    @hookimpl
    def councilpmf_stores() -> list[StoreType]:
        return [StoreType(scheme=s, open=open, description=f"{s} store") for s in schemes]

    return councilpmf_stores


def entry_point(
    name: str, plugin: object, dist: str | None = None, version: str = "1.0"
) -> FakeEntryPoint:
    return FakeEntryPoint(name, plugin, FakeDistribution(dist or f"councilpmf-{name}", version))


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Any:
    """No allow or deny list, no installed plugin, and a plugin manager built anew."""
    monkeypatch.delenv("COUNCILPMF_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("COUNCILPMF_DISABLE_PLUGINS", raising=False)
    monkeypatch.setattr(plugins, "_entry_points", list)
    plugins.reset()
    yield
    plugins.reset()


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make these fake entry points the installed plugins."""

    def install(*entry_points: FakeEntryPoint) -> None:
        monkeypatch.setattr(plugins, "_entry_points", lambda: list(entry_points))
        plugins.reset()

    return install


def loaded() -> set[str]:
    return {info.name for info in plugins.plugin_list() if not info.builtin}


# -- the built-ins -----------------------------------------------------------------------------


def test_the_builtins_are_registered_plugins() -> None:
    infos = plugins.plugin_list()
    assert {i.name for i in infos if i.builtin} == set(plugins.DEFAULT_PLUGINS)
    for info in infos:
        assert info.hooks, f"{info.name} implements no hook"
        assert set(info.hooks) <= {h for h in dir(hookspecs) if h.startswith("councilpmf_")}
        assert info.version == councilpmf.__version__


def _from_builtins(hook: str) -> list[Any]:
    """What the built-in modules return from ``hook``, called through the plugin manager's
    record of who implements it: no back door."""
    manager = plugins.get_plugin_manager()
    items: list[Any] = []
    for impl in getattr(manager.hook, hook).get_hookimpls():
        assert impl.plugin_name in plugins.DEFAULT_PLUGINS
        items.extend(impl.function())
    return items


def test_builtin_stores_come_through_councilpmf_stores() -> None:
    assert {s.scheme for s in _from_builtins("councilpmf_stores")} == BUILTIN_SCHEMES
    assert set(plugins.store_types()) == BUILTIN_SCHEMES
    with open_store("memory://") as store:
        assert isinstance(store, MemoryStore)


def test_builtin_rules_come_through_councilpmf_rag_rules() -> None:
    assert {r.kind for r in _from_builtins("councilpmf_rag_rules")} == set(BUILTIN_RULES)
    assert dict(plugins.rule_kinds()) == dict(BUILTIN_RULES)


def test_builtin_formats_come_through_councilpmf_report_formats() -> None:
    names = {f.name for f in _from_builtins("councilpmf_report_formats")}
    assert names >= BUILTIN_FORMATS
    assert set(plugins.report_formats()) == names


def test_builtins_load_when_no_installed_plugin_is_allowed(
    monkeypatch: pytest.MonkeyPatch, install: Callable[..., None]
) -> None:
    install(entry_point("extra", module("extra", councilpmf_stores=stores("extra"))))
    monkeypatch.setenv("COUNCILPMF_LOAD_PLUGINS", "")
    plugins.reset()
    assert loaded() == set()
    assert set(plugins.store_types()) == BUILTIN_SCHEMES


# -- installed plugins -------------------------------------------------------------------------


def test_an_installed_plugin_is_listed_with_its_version_and_hooks(
    install: Callable[..., None],
) -> None:
    redis = module("councilpmf_redis", councilpmf_stores=stores("redis"))
    install(
        entry_point("zeta", module("zeta", councilpmf_checks=lambda: [])),
        entry_point("redis", redis, version="2.1.0"),
    )
    infos = plugins.plugin_list()
    info = next(i for i in infos if i.name == "redis")
    assert (info.version, info.hooks, info.builtin) == ("2.1.0", ("councilpmf_stores",), False)
    assert info.distribution == "councilpmf-redis"
    assert [s.scheme for s in info.stores] == ["redis"]
    assert info.formats == info.rules == info.checks == info.replaced == ()
    # Built-ins first, then installed plugins, each by name.
    assert [i.name for i in infos] == [*sorted(plugins.DEFAULT_PLUGINS), "redis", "zeta"]
    assert set(plugins.store_types()) == BUILTIN_SCHEMES | {"redis"}


def test_plugins_are_found_in_the_councilpmf_entry_point_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(plugins, "_entry_points", REAL_ENTRY_POINTS)
    fake = module("councilpmf_fake_mq", councilpmf_stores=stores("mq"))
    monkeypatch.setitem(sys.modules, "councilpmf_fake_mq", fake)
    groups: list[str | None] = []

    def entry_points(**selection: str) -> list[metadata.EntryPoint]:
        groups.append(selection.get("group"))
        return [metadata.EntryPoint(name="mq", value="councilpmf_fake_mq", group="councilpmf")]

    monkeypatch.setattr(metadata, "entry_points", entry_points)
    plugins.reset()
    assert "mq" in plugins.store_types()
    assert groups == ["councilpmf"]
    assert next(i for i in plugins.plugin_list() if i.name == "mq").version is None


def test_a_plugin_that_fails_to_import_warns_and_the_others_load(
    install: Callable[..., None],
) -> None:
    install(
        entry_point("broken", ImportError("No module named 'redis'")),
        entry_point("good", module("good", councilpmf_stores=stores("good"))),
    )
    with pytest.warns(PluginWarning, match=r"'broken'.*councilpmf-broken.*redis") as warned:
        names = loaded()
    assert [w.filename for w in warned] == [__file__]  # the line that asked for the plugins
    assert names == {"good"}
    assert "good" in plugins.store_types()


def test_a_misspelled_hook_is_an_error_naming_plugin_and_name(
    install: Callable[..., None],
) -> None:
    @hookimpl
    def councilpmf_store() -> list[StoreType]:
        return []

    install(entry_point("typo", module("councilpmf_typo", councilpmf_store=councilpmf_store)))
    with pytest.raises(PluginError, match=r"'typo'.*'councilpmf_store'"):
        plugins.get_plugin_manager()


def test_an_unmarked_function_with_a_hook_like_name_is_an_error(
    install: Callable[..., None],
) -> None:
    install(entry_point("typo", module("typo", councilpmf_check=lambda: [])))
    with pytest.raises(PluginError, match="councilpmf_check"):
        plugins.get_plugin_manager()


def _unknown_hook_plugin() -> FakeEntryPoint:
    @hookimpl
    def register_stores() -> list[StoreType]:
        return []

    return entry_point("fancy", module("councilpmf_fancy", register_stores=register_stores))


def test_a_marked_function_that_is_no_hook_is_an_error(install: Callable[..., None]) -> None:
    install(_unknown_hook_plugin())
    with pytest.raises(PluginError, match="register_stores"):
        plugins.get_plugin_manager()


def test_a_marked_function_that_is_no_hook_names_the_plugin(
    install: Callable[..., None],
) -> None:
    install(_unknown_hook_plugin())
    with pytest.raises(PluginError, match=r"'fancy'"):
        plugins.get_plugin_manager()


def test_a_hook_with_arguments_the_spec_lacks_is_an_error(install: Callable[..., None]) -> None:
    @hookimpl
    def councilpmf_stores(config: object) -> list[StoreType]:
        return []

    install(entry_point("odd", module("odd", councilpmf_stores=councilpmf_stores)))
    with pytest.raises(PluginError, match=r"(?s)'odd'.*config"):
        plugins.get_plugin_manager()


# -- allow and deny lists ----------------------------------------------------------------------


@pytest.fixture
def three(install: Callable[..., None]) -> None:
    install(
        *(
            entry_point(
                name,
                module(f"councilpmf_{name}", councilpmf_stores=stores(name)),
                dist=f"councilpmf-{name}-store",
            )
            for name in ("alpha", "beta", "gamma")
        )
    )


@pytest.mark.parametrize(
    ("allow", "expected"),
    [
        ("alpha", {"alpha"}),  # entry-point name
        ("councilpmf-beta-store", {"beta"}),  # distribution name
        ("Councilpmf_Beta.Store", {"beta"}),  # the same, as PEP 503 compares names
        ("ALPHA", {"alpha"}),
        (" alpha , councilpmf-gamma-store ,", {"alpha", "gamma"}),
        ("", set()),
        ("nobody", set()),
    ],
)
def test_the_allow_list(
    three: None, monkeypatch: pytest.MonkeyPatch, allow: str, expected: set[str]
) -> None:
    monkeypatch.setenv("COUNCILPMF_LOAD_PLUGINS", allow)
    plugins.reset()
    assert loaded() == expected
    assert set(plugins.store_types()) == BUILTIN_SCHEMES | expected


@pytest.mark.parametrize(
    ("deny", "expected"),
    [
        ("alpha", {"beta", "gamma"}),
        ("councilpmf-beta-store", {"alpha", "gamma"}),
        ("COUNCILPMF__beta..store", {"alpha", "gamma"}),
        ("alpha,councilpmf-gamma-store", {"beta"}),
        ("", {"alpha", "beta", "gamma"}),
    ],
)
def test_the_deny_list(
    three: None, monkeypatch: pytest.MonkeyPatch, deny: str, expected: set[str]
) -> None:
    monkeypatch.setenv("COUNCILPMF_DISABLE_PLUGINS", deny)
    plugins.reset()
    assert loaded() == expected


def test_deny_wins_over_allow(three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCILPMF_LOAD_PLUGINS", "alpha,beta")
    monkeypatch.setenv("COUNCILPMF_DISABLE_PLUGINS", "beta")
    plugins.reset()
    assert loaded() == {"alpha"}


def test_a_denied_plugin_is_never_imported(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    install(entry_point("broken", ImportError("would have warned")))
    monkeypatch.setenv("COUNCILPMF_DISABLE_PLUGINS", "broken")
    plugins.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert loaded() == set()


# -- what hooks return -------------------------------------------------------------------------


def _dict_plugin() -> FakeEntryPoint:
    @hookimpl
    def councilpmf_stores() -> list[Any]:
        return [{"scheme": "redis", "open": MemoryStore, "description": "a dict"}]

    return entry_point("dicty", module("councilpmf_dicty", councilpmf_stores=councilpmf_stores))


def test_a_bare_dict_instead_of_a_store_type_is_an_error(install: Callable[..., None]) -> None:
    install(_dict_plugin())
    with pytest.raises(PluginError, match=r"councilpmf_stores.*'redis'.*not a StoreType"):
        plugins.store_types()


def test_a_bare_dict_error_names_the_plugin(install: Callable[..., None]) -> None:
    install(_dict_plugin())
    with pytest.raises(PluginError, match="dicty"):
        plugins.store_types()


def test_a_record_not_in_a_list_is_a_plugin_error(install: Callable[..., None]) -> None:
    @hookimpl
    def councilpmf_stores() -> Any:
        return StoreType(scheme="single", open=MemoryStore, description="not in a list")

    install(entry_point("single", module("single", councilpmf_stores=councilpmf_stores)))
    with pytest.raises(PluginError, match="single"):
        plugins.store_types()


def test_a_record_with_a_missing_field_fails_in_the_plugin() -> None:
    with pytest.raises(TypeError):
        StoreType(scheme="redis", open=MemoryStore)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="scheme"):
        StoreType(scheme="Redis://", open=MemoryStore, description="")


def _text_format(description: str, **options: Any) -> Callable[[], list[ReportFormat]]:
    @hookimpl(**{k: v for k, v in options.items() if k in ("tryfirst", "trylast")})
    def councilpmf_report_formats() -> list[ReportFormat]:
        return [
            ReportFormat(
                name="text",
                suffix=".txt",
                media_type="text/plain",
                render=lambda report: description,
                description=description,
                overrides=options.get("overrides", False),
            )
        ]

    return councilpmf_report_formats


def test_a_scheme_already_taken_is_refused_naming_both_plugins(
    install: Callable[..., None],
) -> None:
    install(entry_point("b-second", module("second", councilpmf_stores=stores("memory"))))
    with pytest.raises(PluginError) as caught:
        plugins.get_plugin_manager()
    message = str(caught.value)
    assert "\n" not in message
    assert "store scheme 'memory'" in message
    assert "'councilpmf.default_plugins.memory_store'" in message
    assert "'b-second' (councilpmf-b-second)" in message
    assert "overrides=True" in message


def test_two_installed_plugins_with_one_scheme_are_refused(install: Callable[..., None]) -> None:
    install(
        entry_point("a-first", module("first", councilpmf_stores=stores("redis"))),
        entry_point("b-second", module("second", councilpmf_stores=stores("redis"))),
    )
    with pytest.raises(PluginError, match=r"'redis'.*'(a-first|b-second)'.*'(b-second|a-first)'"):
        plugins.store_types()


@pytest.mark.parametrize("option", [{}, {"tryfirst": True}, {"trylast": True}])
def test_a_format_name_already_taken_is_refused_whatever_the_order(
    install: Callable[..., None], option: dict[str, bool]
) -> None:
    install(
        entry_point("texty", module("texty", councilpmf_report_formats=_text_format("x", **option)))
    )
    with pytest.raises(PluginError, match=r"format 'text' is offered by both .*'texty'"):
        plugins.report_formats()


def test_a_plugin_overrides_a_builtin_format_on_purpose(install: Callable[..., None]) -> None:
    install(
        entry_point(
            "texty",
            module("texty", councilpmf_report_formats=_text_format("mine", overrides=True)),
        )
    )
    formats = plugins.report_formats()
    assert formats["text"].description == "mine"
    assert formats["text"].render(None) == "mine"  # type: ignore[arg-type]
    builtin = next(i for i in plugins.plugin_list() if i.name.endswith(".formats"))
    assert "text" not in {f.name for f in builtin.formats}
    assert builtin.replaced == ("format 'text' (overridden by plugin 'texty' (councilpmf-texty))",)
    texty = next(i for i in plugins.plugin_list() if i.name == "texty")
    assert [f.name for f in texty.formats] == ["text"]


def test_an_override_marked_trylast_comes_after_the_builtin_and_is_refused(
    install: Callable[..., None],
) -> None:
    # trylast means what it means in pytest: called after the others, so it cannot win.
    hook = _text_format("mine", overrides=True, trylast=True)
    install(entry_point("texty", module("texty", councilpmf_report_formats=hook)))
    with pytest.raises(PluginError, match="'text' is offered by both built-in plugin"):
        plugins.report_formats()


def test_of_two_overrides_the_tryfirst_one_wins(install: Callable[..., None]) -> None:
    install(
        entry_point(
            "a-eager",
            module(
                "eager",
                councilpmf_report_formats=_text_format("eager", overrides=True, tryfirst=True),
            ),
        ),
        entry_point(
            "b-plain",
            module("plain", councilpmf_report_formats=_text_format("plain", overrides=True)),
        ),
    )
    assert plugins.report_formats()["text"].description == "eager"


def test_two_overrides_at_one_priority_are_refused(install: Callable[..., None]) -> None:
    install(
        entry_point(
            "a-one", module("one", councilpmf_report_formats=_text_format("1", overrides=True))
        ),
        entry_point(
            "b-two", module("two", councilpmf_report_formats=_text_format("2", overrides=True))
        ),
    )
    with pytest.raises(PluginError, match=r"both say they override it.*tryfirst"):
        plugins.report_formats()


def test_checks_come_in_pluggys_call_order(install: Callable[..., None]) -> None:
    def checks(name: str, **options: bool) -> Callable[[], list[CheckType]]:
        @hookimpl(**options)
        def councilpmf_checks() -> list[CheckType]:
            return [CheckType(name=name, run=lambda *_: (), description=name)]

        return councilpmf_checks

    install(
        entry_point("a", module("a", councilpmf_checks=checks("late", trylast=True))),
        entry_point("b", module("b", councilpmf_checks=checks("early"))),
        entry_point("c", module("c", councilpmf_checks=checks("earliest", tryfirst=True))),
        entry_point("d", module("d", councilpmf_checks=checks("latest"))),
    )
    # tryfirst first, then the last registered (entry points register by name), trylast last.
    assert [c.name for c in plugins.check_types()] == ["earliest", "latest", "early", "late"]


def test_two_plugins_with_one_entry_point_name_do_not_crash(
    install: Callable[..., None],
) -> None:
    install(
        entry_point(
            "owners",
            module("first_owners", councilpmf_stores=stores("one")),
            dist="councilpmf-owners",
        ),
        entry_point(
            "owners", module("other_owners", councilpmf_stores=stores("two")), dist="acme-owners"
        ),
    )
    with pytest.warns(PluginWarning, match="acme-owners") as warned:
        plugins.get_plugin_manager()
    assert [w.filename for w in warned] == [__file__]
    assert "one" in plugins.store_types()


# -- a plugin's rule kind, used from a council folder ------------------------------------------


@attrs.frozen(kw_only=True)
class NeverRed:
    """Amber at worst: a rule some councils use for indicators they cannot influence."""

    kind: ClassVar[str] = "never-red"
    uses_target: ClassVar[bool] = True
    label: str = "Below target"

    def rate(self, context: RatingContext) -> Rating:
        assert context.target is not None
        aim = context.aim()
        if aim is None:
            return Rating(status=Status.GREEN, explanation=f"Green: {context.against()}")
        target, better = aim
        if (context.actual - target) * better >= 0:
            return Rating(status=Status.GREEN, explanation=f"Green: {context.against()}")
        return Rating(
            status=Status.AMBER, label=self.label, explanation=f"Amber: {context.against()}"
        )


@hookimpl
def councilpmf_rag_rules() -> list[type[Any]]:
    return [NeverRed]


def _council(root: Path, rule: str) -> Path:
    root.mkdir()
    (root / "plan.toml").write_text(
        'title = "Anytown plan"\norganisation = "Anytown Council"\n', encoding="utf-8"
    )
    (root / "indicators.toml").write_text(
        f"""
[[indicators]]
id = "RC1"
title = "Household waste recycled"
unit = "percentage"
owner = "Head of Environmental Services"
targets = [{{ period = "2024/25", value = 50.0 }}]
rule = {rule}
""",
        encoding="utf-8",
    )
    (root / "readings").mkdir()
    (root / "readings" / "2024-25.csv").write_text(
        "indicator,period,value\nRC1,2024/25 Q3,30.0\n", encoding="utf-8"
    )
    return root


def test_a_plugin_rule_kind_is_usable_in_a_council_folder(
    install: Callable[..., None], tmp_path: Path
) -> None:
    install(
        entry_point(
            "never-red", module("councilpmf_never_red", councilpmf_rag_rules=councilpmf_rag_rules)
        )
    )
    assert plugins.rule_kinds()["never-red"] is NeverRed
    folder = councilpmf.load_folder(_council(tmp_path / "anytown", '{ kind = "never-red" }'))
    (indicator,) = folder.framework.indicators
    assert indicator.rule == NeverRed()
    card = councilpmf.assess(
        folder.framework,
        folder.readings,
        councilpmf.parse_period("2024/25 Q3"),
        as_of=dt.date(2025, 1, 31),
    )
    assert card.result("RC1").rating.status is Status.AMBER


def test_an_unknown_rule_kind_names_the_known_ones(
    install: Callable[..., None], tmp_path: Path
) -> None:
    install()
    with pytest.raises(councilpmf.InputError, match=r"indicators\.toml.*'never-red'.*known"):
        councilpmf.load_folder(_council(tmp_path / "anytown", '{ kind = "never-red" }'))


def test_a_rule_that_is_not_a_rule_is_an_error(install: Callable[..., None]) -> None:
    @hookimpl
    def councilpmf_rag_rules() -> list[Any]:
        return [dict]

    install(entry_point("bad-rule", module("bad_rule", councilpmf_rag_rules=councilpmf_rag_rules)))
    with pytest.raises(PluginError, match=r"'bad-rule'.*dict is not an attrs class"):
        plugins.rule_kinds()


def test_plugin_checks_are_collected(install: Callable[..., None]) -> None:
    check = CheckType(name="nothing", run=lambda fw, readings, as_of: (), description="none")

    @hookimpl
    def councilpmf_checks() -> list[CheckType]:
        return [check]

    install(entry_point("checky", module("checky", councilpmf_checks=councilpmf_checks)))
    (collected,) = plugins.check_types()
    assert attrs.evolve(collected, run=check.run) == check
    assert collected.run(None, None, None) == ()  # type: ignore[arg-type]
