"""The plugin manager: the built-ins, installed plugins, allow and deny lists, and listings.

Built-in stores, formats and rules register through the same hooks as a council's own plugin.
Installed plugins are found through entry points in the ``councilpmf`` group.

``COUNCILPMF_LOAD_PLUGINS``, when set, is a comma-separated allow-list of plugin names (entry
point or distribution names, compared as PEP 503 normalises them: case, ``-``, ``_`` and ``.``
do not matter); set it to an empty string to load no installed plugin at all.
``COUNCILPMF_DISABLE_PLUGINS`` is a comma-separated deny-list. A plugin that fails to import
gives a :class:`PluginWarning` naming it while the others still load.

When the manager is built, every hook of every plugin is called and what it returns is checked
in full; anything wrong is a one-line :class:`PluginError` naming the plugin. What plugins
offer is resolved in pluggy's call order (``tryfirst`` first, then the plugin registered last,
``trylast`` last). A name offered twice (a format, a store scheme, a rule kind, a check) is an
error naming both plugins, unless the one called first declares ``overrides``. Every call into a
plugin (a format's ``render``, a store's ``open``, a check's ``run``) is wrapped so that a
failure is a :class:`PluginError` naming the plugin and the hook.

>>> {"json", "memory", "sqlite"} <= set(store_types())
True
>>> "target-tolerance" in rule_kinds()
True
>>> normalise("Councilpmf_Marker.Plugin")
'councilpmf-marker-plugin'

What needs the plugins is opened here, and handed what it needs: :func:`open_store` opens a
store through the plugin for its URL's scheme and gives it the installed rule kinds, and
:func:`load_folder` reads a council folder with them. Both are also ``councilpmf.open_store``
and ``councilpmf.load_folder``.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pluggy

from councilpmf import folder, hookspecs
from councilpmf._warnings import warn_caller
from councilpmf.core.errors import CouncilPMFError, PluginError, RuleFailure, plugin_failure
from councilpmf.core.findings import Finding
from councilpmf.core.rule import Rule
from councilpmf.plugin_types import CheckType, ReportFormat, StoreType, check_rule_class
from councilpmf.store import (
    NotFoundError,
    Store,
    UnknownSchemeError,
    default_store_url,
    without_password,
)

__all__ = [
    "DEFAULT_PLUGINS",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "blame",
    "check_types",
    "get_plugin_manager",
    "load_folder",
    "normalise",
    "open_store",
    "plugin_list",
    "report_formats",
    "reset",
    "rule_kinds",
    "store_types",
]

_E = TypeVar("_E", bound=BaseException)

DEFAULT_PLUGINS = (
    "councilpmf.default_plugins.rules",
    "councilpmf.default_plugins.memory_store",
    "councilpmf.default_plugins.json_store",
    "councilpmf.default_plugins.sqlite_store",
    "councilpmf.default_plugins.formats",
)

_PREFIX = "councilpmf_"
_HOOKS = frozenset(name for name in dir(hookspecs) if name.startswith(_PREFIX))
# The distribution of each installed plugin, by plugin (entry point) name.
_distributions: dict[str, metadata.Distribution] = {}


class PluginWarning(UserWarning):
    """A plugin could not be loaded; councilpmf carries on without it."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """One registered plugin: its name, distribution and version, the hooks it implements, and
    what it provides that is in use, each sorted by name. ``replaced`` says what it offered
    that another plugin overrides (``format 'text' (overridden by plugin 'fancy')``)."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool
    distribution: str | None = None
    stores: tuple[StoreType, ...] = ()
    formats: tuple[ReportFormat, ...] = ()
    rules: tuple[type[Rule], ...] = ()
    checks: tuple[CheckType, ...] = ()
    replaced: tuple[str, ...] = ()


def normalise(name: str) -> str:
    """A plugin or distribution name as PEP 503 compares them: lower case, runs of ``-``,
    ``_`` and ``.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _names(variable: str) -> frozenset[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return frozenset(normalise(part) for part in value.split(",") if part.strip())


def _owner(manager: pluggy.PluginManager, name: str) -> str:
    """How errors name a plugin: its name, and its distribution or module."""
    if name in DEFAULT_PLUGINS:
        return f"built-in plugin {name!r}"
    distribution = _distributions.get(name)
    if distribution is not None:
        return f"plugin {name!r} ({distribution.name})"
    module = getattr(manager.get_plugin(name), "__name__", None)
    if isinstance(module, str) and module != name:
        return f"plugin {name!r} (module {module})"
    return f"plugin {name!r}"


def _check_spelling(name: str, plugin: object) -> None:
    for attribute in dir(plugin):
        if attribute.startswith(_PREFIX) and attribute not in _HOOKS:
            known = ", ".join(sorted(_HOOKS))
            raise PluginError(
                f"plugin {name!r} defines {attribute!r}, which is not a councilpmf hook; "
                f"the hooks are {known}"
            )


def _register(manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    _check_spelling(name, plugin)
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        message = " ".join(str(error).split())
        raise PluginError(f"plugin {name!r} is not valid: {message}") from None


def _check_unknown_hooks(manager: pluggy.PluginManager) -> None:
    """A function marked as a hook implementation whose name is no hook is an error."""
    for hook_name in sorted(vars(manager.hook)):
        caller = getattr(manager.hook, hook_name)
        if caller.spec is None and caller.get_hookimpls():
            owners = ", ".join(repr(impl.plugin_name) for impl in caller.get_hookimpls())
            known = ", ".join(sorted(_HOOKS))
            raise PluginError(
                f"plugin {owners} implements {hook_name!r}, which is not a councilpmf hook; "
                f"the hooks are {known}"
            )


def _entry_points() -> Iterable[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group="councilpmf"), key=lambda ep: ep.name)


def _wanted(entry_point: metadata.EntryPoint) -> bool:
    allow = _names("COUNCILPMF_LOAD_PLUGINS")
    deny = _names("COUNCILPMF_DISABLE_PLUGINS") or frozenset()
    names = {normalise(entry_point.name)}
    if entry_point.dist is not None:
        names.add(normalise(entry_point.dist.name))
    return (allow is None or bool(names & allow)) and not names & deny


@functools.cache
def get_plugin_manager() -> pluggy.PluginManager:
    """The plugin manager, built once: built-ins first, then allowed installed plugins; every
    plugin's hooks are called and checked before it is returned."""
    manager = pluggy.PluginManager("councilpmf")
    manager.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        _register(manager, importlib.import_module(module_name), module_name)
    for entry_point in _entry_points():
        if not _wanted(entry_point):
            continue
        distribution = entry_point.dist.name if entry_point.dist else entry_point.name
        try:
            plugin = entry_point.load()
        except Exception as error:  # any import failure of a third-party plugin
            warn_caller(
                f"councilpmf plugin {entry_point.name!r} ({distribution}) could not be loaded "
                f"and is skipped: {type(error).__name__}: {error}",
                PluginWarning,
            )
            continue
        if manager.has_plugin(entry_point.name) or manager.is_registered(plugin):
            warn_caller(
                f"councilpmf plugin {entry_point.name!r} ({distribution}) is skipped: a plugin "
                "with that name, or the same module, is already registered",
                PluginWarning,
            )
            continue
        _register(manager, plugin, entry_point.name)
        if entry_point.dist is not None:
            _distributions[entry_point.name] = entry_point.dist
    _check_unknown_hooks(manager)
    _provide(manager)  # every record checked now, not when a council first needs it
    return manager


def reset() -> None:
    """Forget the plugin manager, so the next call builds it anew (for tests and notebooks
    that change ``COUNCILPMF_LOAD_PLUGINS``)."""
    for cached in (get_plugin_manager, _provided, store_types, report_formats, rule_kinds):
        cached.cache_clear()
    check_types.cache_clear()
    _distributions.clear()


# -- what plugins offer, resolved in pluggy's order ---------------------------------------------


@attrs.frozen(kw_only=True)
class _Offer:
    """One thing a plugin offers: ``item`` under ``name``, from ``plugin`` (its name) with
    the hook's priority (1 tryfirst, 0 normal, -1 trylast)."""

    item: Any
    name: str
    plugin: str
    owner: str
    priority: int
    overrides: bool


@attrs.frozen(kw_only=True)
class _Kind:
    hook: str
    noun: str  # as errors say it: "format", "store scheme", ...
    check: Callable[[object], None]
    key: Callable[[Any], str]
    overrides: Callable[[Any], bool]


def _record(record_type: type) -> Callable[[object], None]:
    def check(item: object) -> None:
        if not isinstance(item, record_type):
            raise TypeError(f"returned {item!r}, not a {record_type.__name__}")

    return check


_STORES = _Kind(
    hook="councilpmf_stores",
    noun="store scheme",
    check=_record(StoreType),
    key=lambda item: item.scheme,
    overrides=lambda item: item.overrides,
)
_FORMATS = _Kind(
    hook="councilpmf_report_formats",
    noun="format",
    check=_record(ReportFormat),
    key=lambda item: item.name,
    overrides=lambda item: item.overrides,
)
_RULES = _Kind(
    hook="councilpmf_rag_rules",
    noun="rule kind",
    check=check_rule_class,
    key=lambda item: item.kind,
    overrides=lambda item: getattr(item, "overrides", False),
)
_CHECKS = _Kind(
    hook="councilpmf_checks",
    noun="check",
    check=_record(CheckType),
    key=lambda item: item.name,
    overrides=lambda item: item.overrides,
)


def _offers(manager: pluggy.PluginManager, kind: _Kind) -> list[_Offer]:
    """What every plugin returns from the hook, in pluggy's call order, each item checked."""
    offers = []
    for impl in reversed(getattr(manager.hook, kind.hook).get_hookimpls()):
        owner = _owner(manager, impl.plugin_name)
        if impl.hookwrapper or impl.wrapper:
            raise PluginError(f"{owner}: {kind.hook}: councilpmf hooks take no wrappers")
        try:
            batch = impl.function()
        except Exception as error:  # the plugin's own code, or a record it made, failed
            raise plugin_failure(owner, kind.hook, "failed", error) from error
        if batch is None:
            continue
        if not isinstance(batch, list | tuple):
            raise PluginError(f"{owner}: {kind.hook} must return a list, not {batch!r}")
        for item in batch:
            try:
                kind.check(item)
            except (TypeError, ValueError) as error:
                raise PluginError(f"{owner}: {kind.hook}: {error}") from None
            offers.append(
                _Offer(
                    item=item,
                    name=kind.key(item),
                    plugin=impl.plugin_name,
                    owner=owner,
                    priority=1 if impl.tryfirst else -1 if impl.trylast else 0,
                    overrides=kind.overrides(item),
                )
            )
    return offers


def _resolve(offers: Iterable[_Offer], kind: _Kind) -> dict[str, _Offer]:
    """The offer used for each name: the first in call order. Any later offer of the name is
    refused unless the first overrides it, and two overriding at the same priority are refused
    too (mark the one meant to win ``tryfirst``)."""
    chosen: dict[str, _Offer] = {}
    for offer in offers:
        first = chosen.get(offer.name)
        if first is None:
            chosen[offer.name] = offer
            continue
        if first.plugin == offer.plugin:
            raise PluginError(f"{first.owner}: {kind.hook}: {kind.noun} {offer.name!r} twice")
        if first.overrides and not (offer.overrides and offer.priority == first.priority):
            continue
        advice = (
            "both say they override it; mark the hook of the one meant to win "
            "@hookimpl(tryfirst=True)"
            if first.overrides
            else "disable one (COUNCILPMF_DISABLE_PLUGINS), or give the one meant to win "
            "overrides=True (see docs/plugins.md)"
        )
        raise PluginError(
            f"{kind.noun} {offer.name!r} is offered by both {first.owner} and "
            f"{offer.owner}; {advice}"
        )
    return chosen


@attrs.frozen(kw_only=True)
class _Provided:
    offers: Mapping[str, tuple[_Offer, ...]]  # by hook
    chosen: Mapping[str, Mapping[str, _Offer]]  # by hook, then by name


def _provide(manager: pluggy.PluginManager) -> _Provided:
    offers: dict[str, tuple[_Offer, ...]] = {}
    chosen: dict[str, Mapping[str, _Offer]] = {}
    for kind in (_STORES, _FORMATS, _RULES, _CHECKS):
        offers[kind.hook] = tuple(_offers(manager, kind))
        chosen[kind.hook] = _resolve(offers[kind.hook], kind)
    return _Provided(offers=offers, chosen=chosen)


@functools.cache
def _provided() -> _Provided:
    return _provide(get_plugin_manager())


# -- every call into a plugin, guarded --------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Guarded:
    """``function``, called so that any failure other than a deliberate
    :class:`CouncilPMFError` is a :class:`PluginError` naming the plugin and the hook;
    ``result`` checks (and may convert) what it returns."""

    function: Callable[..., Any]
    offer: _Offer
    hook: str
    what: str
    result: Callable[[Any], Any]

    @property
    def __wrapped__(self) -> Callable[..., Any]:
        """The plugin's own callable (as :func:`inspect.unwrap` expects)."""
        return self.function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.result(self.function(*args, **kwargs))
        except CouncilPMFError:
            raise
        except Exception as error:
            raise plugin_failure(self.offer.owner, self.hook, self.what, error) from error


def _guard(offer: _Offer, kind: _Kind, what: str, result: Callable[[Any], Any]) -> Any:
    """``offer.item`` with its callable field ``what`` guarded."""
    guarded = _Guarded(
        function=getattr(offer.item, what),
        offer=offer,
        hook=kind.hook,
        what=f"{kind.noun} {offer.name!r} failed in {what}",
        result=result,
    )
    return attrs.evolve(offer.item, **{what: guarded})


def _is_rendered(value: object) -> str | bytes:
    if not isinstance(value, str | bytes):
        raise TypeError(f"render returned {value!r}, not text (str) or bytes")
    return value


def _is_store(value: object) -> Store:
    if not isinstance(value, Store):
        raise TypeError(f"open returned {value!r}, which does not follow the Store protocol")
    return value


def _is_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"exists returned {value!r}, not True or False")
    return value


def _are_findings(value: Iterable[object]) -> tuple[Finding, ...]:
    found = tuple(value)  # a generator fails here, inside the guard, if it fails at all
    for item in found:
        if not isinstance(item, Finding):
            raise TypeError(f"run yielded {item!r}, not a Finding")
    return found  # type: ignore[return-value]  # each item was checked above


def _guarded_store(offer: _Offer) -> StoreType:
    store_type: StoreType = _guard(offer, _STORES, "open", _is_store)
    if store_type.exists is not None:
        store_type = _guard(attrs.evolve(offer, item=store_type), _STORES, "exists", _is_bool)
    return store_type


@functools.cache
def store_types() -> Mapping[str, StoreType]:
    """Every store type in use, by URL scheme; ``open`` and ``exists`` are guarded."""
    chosen = _provided().chosen[_STORES.hook]
    return {name: _guarded_store(offer) for name, offer in sorted(chosen.items())}


@functools.cache
def report_formats() -> Mapping[str, ReportFormat]:
    """Every report format in use, by name; ``render`` is guarded and must give text or
    bytes."""
    chosen = _provided().chosen[_FORMATS.hook]
    return {name: _guard(offer, _FORMATS, "render", _is_rendered) for name, offer in chosen.items()}


@functools.cache
def rule_kinds() -> Mapping[str, type[Rule]]:
    """Every rating-rule class in use, by kind. (A rule's ``rate`` is guarded where it is
    called, by :func:`councilpmf.core.rag.rate`.)"""
    chosen = _provided().chosen[_RULES.hook]
    return {name: offer.item for name, offer in chosen.items()}


def blame(error: _E) -> _E | PluginError:
    """``error``, naming the plugin that offered the rule when it is a :class:`RuleFailure`
    (the core, which calls rules, knows only their module). Any other error as it is."""
    if isinstance(error, RuleFailure):
        for offer in _provided().offers[_RULES.hook]:
            if offer.item is error.rule:
                return error.blamed_on(offer.owner)
    return error


@functools.cache
def check_types() -> tuple[CheckType, ...]:
    """Every extra check in use, in pluggy's call order; ``run`` is guarded and gives a tuple
    of findings."""
    chosen = _provided().chosen[_CHECKS.hook].values()
    return tuple(_guard(offer, _CHECKS, "run", _are_findings) for offer in chosen)


# -- listing -----------------------------------------------------------------------------------


def _version(name: str) -> str | None:
    if name in DEFAULT_PLUGINS:
        return metadata.version("councilpmf")
    distribution = _distributions.get(name)
    return distribution.version if distribution is not None else None


def plugin_list() -> tuple[PluginInfo, ...]:
    """Every registered plugin with its version, hooks and what it provides, built-ins first."""
    manager = get_plugin_manager()
    provided = _provided()
    infos = []
    for name, plugin in manager.list_name_plugin():
        if plugin is None:
            continue
        in_use: dict[str, tuple[Any, ...]] = {}
        replaced = []
        for kind in (_STORES, _FORMATS, _RULES, _CHECKS):
            chosen = provided.chosen[kind.hook]
            mine = [offer for offer in provided.offers[kind.hook] if offer.plugin == name]
            used = sorted((o for o in mine if chosen[o.name] is o), key=lambda o: o.name)
            in_use[kind.hook] = tuple(o.item for o in used)
            replaced += [
                f"{kind.noun} {o.name!r} (overridden by {chosen[o.name].owner})"
                for o in mine
                if chosen[o.name] is not o
            ]
        distribution = _distributions.get(name)
        infos.append(
            PluginInfo(
                name=name,
                version=_version(name),
                hooks=tuple(sorted(h.name for h in manager.get_hookcallers(plugin) or ())),
                builtin=name in DEFAULT_PLUGINS,
                distribution=distribution.name if distribution is not None else None,
                stores=in_use[_STORES.hook],
                formats=in_use[_FORMATS.hook],
                rules=in_use[_RULES.hook],
                checks=in_use[_CHECKS.hook],
                replaced=tuple(replaced),
            )
        )
    return tuple(sorted(infos, key=lambda info: (not info.builtin, info.name)))


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open the store at ``url`` (:func:`~councilpmf.store.default_store_url` when None)
    through the plugin that handles its scheme, handing it the installed rule kinds.

    ``sqlite:///path.db``, ``json:///dir`` and ``memory://`` are built in; plugins add more
    (``postgresql://...``). An unknown scheme raises
    :class:`~councilpmf.store.UnknownSchemeError` listing the known ones. With
    ``create=False`` (to read), a URL where the store type says no store is raises
    :class:`~councilpmf.store.NotFoundError` and nothing is created.

    >>> with open_store("memory://") as store:
    ...     store.url
    'memory://'
    >>> open_store("redis://cache")
    Traceback (most recent call last):
    ...
    councilpmf.store.UnknownSchemeError: 'redis://cache' is not a store URL this installation ...
    """
    target = url or default_store_url()
    scheme, sep, _ = target.partition("://")
    types = store_types()
    if not sep or scheme not in types:
        known = ", ".join(f"{s}://" for s in sorted(types))
        raise UnknownSchemeError(
            f"{without_password(target)!r} is not a store URL this installation knows; use {known}"
        )
    store_type = types[scheme]
    if not create and store_type.exists is not None and not store_type.exists(target):
        raise NotFoundError(
            f"there is no store at {without_password(target)}; check the URL (nothing was created "
            "there)"
        )
    return store_type.open(target, rules=rule_kinds())


def load_folder(path: str | Path) -> folder.CouncilFolder:
    """:func:`councilpmf.folder.load_folder` with every rating-rule kind installed.

    >>> load_folder("examples/mansfield").framework.organisation
    'Mansfield District Council'
    """
    return folder.load_folder(path, rules=rule_kinds())
