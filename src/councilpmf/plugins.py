"""The plugin manager: the built-ins, installed plugins, allow and deny lists, and listings.

Built-in stores, formats and rules register through the same hooks as a council's own plugin.
Installed plugins are found through entry points in the ``councilpmf`` group.

``COUNCILPMF_LOAD_PLUGINS``, when set, is a comma-separated allow-list of plugin names (entry
point or distribution names); set it to an empty string to load no installed plugin at all.
``COUNCILPMF_DISABLE_PLUGINS`` is a comma-separated deny-list. A plugin that fails to import
gives a :class:`PluginWarning` naming it while the others still load; a function named like a
hook that is not one (``councilpmf_store``) is a :class:`PluginError`.

>>> {"json", "memory", "sqlite"} <= set(store_types())
True
>>> "target-tolerance" in rule_kinds()
True
"""

from __future__ import annotations

import functools
import importlib
import os
import warnings
from collections.abc import Iterable, Mapping
from importlib import metadata
from typing import Any

import attrs
import pluggy

from councilpmf import hookspecs
from councilpmf.core.rule import Rule
from councilpmf.plugin_types import CheckType, ReportFormat, StoreType

__all__ = [
    "DEFAULT_PLUGINS",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "check_types",
    "get_plugin_manager",
    "plugin_list",
    "report_formats",
    "reset",
    "rule_kinds",
    "store_types",
]

DEFAULT_PLUGINS = (
    "councilpmf.default_plugins.rules",
    "councilpmf.default_plugins.memory_store",
    "councilpmf.default_plugins.json_store",
    "councilpmf.default_plugins.sqlite_store",
    "councilpmf.default_plugins.formats",
)

_PREFIX = "councilpmf_"
# The distribution version of each installed plugin, by entry point name.
_versions: dict[str, str] = {}
_HOOKS = frozenset(name for name in dir(hookspecs) if name.startswith(_PREFIX))


class PluginError(Exception):
    """A plugin is broken in a way that must be fixed before councilpmf can use it."""


class PluginWarning(UserWarning):
    """A plugin could not be loaded; councilpmf carries on without it."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """One registered plugin: its name, the distribution version, and the hooks it implements."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool


def _names(variable: str) -> frozenset[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return frozenset(part.strip() for part in value.split(",") if part.strip())


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
        raise PluginError(f"plugin {name!r} is not valid: {error}") from None


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


@functools.cache
def get_plugin_manager() -> pluggy.PluginManager:
    """The plugin manager, built once: built-ins first, then allowed installed plugins."""
    manager = pluggy.PluginManager("councilpmf")
    manager.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        _register(manager, importlib.import_module(module_name), module_name)
    allow = _names("COUNCILPMF_LOAD_PLUGINS")
    deny = _names("COUNCILPMF_DISABLE_PLUGINS") or frozenset()
    for entry_point in _entry_points():
        distribution = entry_point.dist.name if entry_point.dist else entry_point.name
        names = {entry_point.name, distribution}
        if (allow is not None and not names & allow) or names & deny:
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:  # any import failure of a third-party plugin
            warnings.warn(
                f"councilpmf plugin {entry_point.name!r} ({distribution}) could not be loaded "
                f"and is skipped: {type(error).__name__}: {error}",
                PluginWarning,
                stacklevel=2,
            )
            continue
        if manager.has_plugin(entry_point.name) or manager.is_registered(plugin):
            warnings.warn(
                f"councilpmf plugin {entry_point.name!r} ({distribution}) is skipped: a plugin "
                "with that name, or the same module, is already registered",
                PluginWarning,
                stacklevel=2,
            )
            continue
        _register(manager, plugin, entry_point.name)
        if entry_point.dist is not None:
            _versions[entry_point.name] = entry_point.dist.version
    _check_unknown_hooks(manager)
    return manager


def reset() -> None:
    """Forget the plugin manager, so the next call builds it anew (for tests and notebooks
    that change ``COUNCILPMF_LOAD_PLUGINS``)."""
    get_plugin_manager.cache_clear()
    _versions.clear()
    store_types.cache_clear()
    report_formats.cache_clear()
    rule_kinds.cache_clear()


def _collect(hook_name: str, kind: type) -> list[Any]:
    """Every item each plugin returns from a hook, built-ins first, each checked to be a
    ``kind``; a plugin that returns anything else is named in the error."""
    items = []
    caller = getattr(get_plugin_manager().hook, hook_name)
    for impl in caller.get_hookimpls():  # in registration order: built-ins first
        batch = impl.function()
        if batch is None:
            continue
        if not isinstance(batch, list | tuple):
            raise PluginError(
                f"plugin {impl.plugin_name!r}: {hook_name} must return a list, not {batch!r}"
            )
        for item in batch:
            if not isinstance(item, kind):
                raise PluginError(
                    f"plugin {impl.plugin_name!r}: {hook_name} returned {item!r}, "
                    f"not a {kind.__name__}"
                )
            items.append(item)
    return items


def _first_wins(items: Iterable[Any], key: str, hook: str) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    for item in items:
        name = getattr(item, key)
        if name in chosen:
            warnings.warn(
                f"{hook}: {key} {name!r} is provided twice; the first one registered is used",
                PluginWarning,
                stacklevel=3,
            )
            continue
        chosen[name] = item
    return chosen


@functools.cache
def store_types() -> Mapping[str, StoreType]:
    """Every store type, by URL scheme."""
    return _first_wins(_collect("councilpmf_stores", StoreType), "scheme", "stores")


@functools.cache
def report_formats() -> Mapping[str, ReportFormat]:
    """Every report format, by name."""
    items = _collect("councilpmf_report_formats", ReportFormat)
    return _first_wins(items, "name", "report formats")


@functools.cache
def rule_kinds() -> Mapping[str, type[Rule]]:
    """Every rating-rule class, by kind."""
    classes = _collect("councilpmf_rag_rules", type)
    for rule in classes:
        if not isinstance(getattr(rule, "kind", None), str) or not callable(
            getattr(rule, "rate", None)
        ):
            raise PluginError(f"councilpmf_rag_rules returned {rule!r}, which is not a rule")
    return _first_wins(classes, "kind", "rag rules")


def check_types() -> tuple[CheckType, ...]:
    """Every extra check from plugins, in registration order."""
    return tuple(_collect("councilpmf_checks", CheckType))


def _package_version() -> str:
    from councilpmf import __version__

    return __version__


def plugin_list() -> tuple[PluginInfo, ...]:
    """Every registered plugin with its version and hooks, built-ins first."""
    manager = get_plugin_manager()
    infos = []
    for name, plugin in manager.list_name_plugin():
        if plugin is None:
            continue
        hooks = tuple(sorted(h.name for h in manager.get_hookcallers(plugin) or ()))
        builtin = name in DEFAULT_PLUGINS
        version = _package_version() if builtin else _versions.get(name)
        infos.append(PluginInfo(name=name, version=version, hooks=hooks, builtin=builtin))
    return tuple(sorted(infos, key=lambda info: (not info.builtin, info.name)))
