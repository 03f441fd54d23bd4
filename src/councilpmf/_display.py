"""Jupyter display for the core records, without importing the display code until it is used.

Jupyter shows a :class:`~councilpmf.Scorecard`, :class:`~councilpmf.core.report.Report`,
:class:`~councilpmf.Indicator`, a framework, its plans and actions, a plan diff or findings through
``_repr_html_`` (and some through ``_repr_markdown_``), and a scorecard, readings, a plan diff,
findings and a delivery or service plan (its actions) convert themselves with ``to_pandas()`` and
``to_polars()``. The real methods live in :mod:`councilpmf.notebook`, which needs the bundled
report formats; importing it with the package would make ``import councilpmf`` several times
slower. So this module gives those classes small stand-ins, as soon as each class's module is
imported (however it is imported: ``councilpmf.Scorecard`` or ``from councilpmf.core.assess import
Scorecard``), and the first call of a stand-in imports :mod:`councilpmf.notebook`, which puts the
real methods in their place.

The stand-ins are attached by a finder on ``sys.meta_path`` that watches for exactly the modules
of :data:`DISPLAYED` and leaves every other import alone: it finds each as the other finders
would and has the module's own loader attach the stand-ins after running it.
"""

from __future__ import annotations

import sys

# typing, types and collections.abc are imported by type checkers only: import councilpmf stays
# as light as starting Python.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType
    from typing import Any

__all__ = ["DISPLAYED", "attach", "install"]

_SHOWN = ("_repr_html_", "_repr_markdown_")

_FRAMES = ("to_pandas", "to_polars")

DISPLAYED: dict[str, dict[str, tuple[str, ...]]] = {
    "councilpmf.core.assess": {"Scorecard": (*_SHOWN, *_FRAMES)},
    "councilpmf.core.readings": {"Readings": _FRAMES},
    "councilpmf.core.report": {"Report": _SHOWN},
    "councilpmf.core.indicators": {"Indicator": _SHOWN},
    "councilpmf.core.plan": {
        "StrategicPlan": _SHOWN,
        "DeliveryPlan": ("_repr_html_", *_FRAMES),
        "ServicePlan": ("_repr_html_", *_FRAMES),
    },
    "councilpmf.core.framework": {"Framework": ("_repr_html_",)},
    "councilpmf.core.actions": {"Action": ("_repr_html_",)},
    "councilpmf.core.diff": {"PlanDiff": ("_repr_html_", *_FRAMES)},
    "councilpmf.core.findings": {"Findings": ("_repr_html_", *_FRAMES)},
}
"""Module -> class -> the methods :mod:`councilpmf.notebook` provides for it."""


def _stand_in(name: str) -> Callable[[Any], Any]:
    def method(self: Any) -> Any:
        import councilpmf.notebook  # noqa: F401  (puts the real methods in place)

        real = getattr(type(self), name)
        if real is method:  # pragma: no cover - notebook always replaces every stand-in
            raise AttributeError(name)
        return real(self)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"Import councilpmf.notebook, which replaces this, and call its {name}."
    return method


def attach(module: ModuleType) -> None:
    """Give the classes of ``module`` their stand-ins (never replacing a real method)."""
    for class_name, names in DISPLAYED.get(module.__name__, {}).items():
        cls = getattr(module, class_name, None)
        if cls is None:
            continue
        for name in names:
            if name not in vars(cls):
                setattr(cls, name, _stand_in(name))


def _attaching(loader: Any) -> None:
    """Make ``loader`` (the module's own, made for it alone) attach the stand-ins once it has
    run the module: the loader stays the real one, for tracebacks, doctest and resources."""
    run = loader.exec_module

    def exec_module(module: ModuleType) -> None:
        run(module)
        attach(module)

    loader.exec_module = exec_module


class _Finder:
    """Finds the watched modules as the other finders would, and has their loaders attach."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> Any:
        if fullname not in DISPLAYED:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    _attaching(spec.loader)
                return spec
        return None


def install() -> None:
    """Watch for the modules of :data:`DISPLAYED` (once), and attach to any already
    imported."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    for name in DISPLAYED:
        module = sys.modules.get(name)
        if module is not None:
            attach(module)
