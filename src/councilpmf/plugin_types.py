"""The typed records plugin hooks return.

Every hook returns a list of these frozen records, never bare dicts, so a plugin that forgets a
field fails when it is registered, not when a council first uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs
from attrs import validators as v

from councilpmf.core.findings import Finding

if TYPE_CHECKING:
    import datetime as dt

    from councilpmf.core.assess import Readings
    from councilpmf.core.framework import Framework
    from councilpmf.store import Store

__all__ = ["CheckType", "ReportFormat", "StoreType"]


def _scheme(_instance: object, _attribute: object, value: str) -> None:
    if not value or not value.replace("-", "").replace("+", "").isalnum() or not value.islower():
        raise ValueError(f"a store scheme is lower-case letters and digits, not {value!r}")


def _callable(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise TypeError(f"{attribute.name} must be callable, not {value!r}")


@attrs.frozen(kw_only=True)
class StoreType:
    """A kind of store: ``open(url)`` returns a :class:`~councilpmf.store.Store` for URLs that
    start with ``scheme://``."""

    scheme: str = attrs.field(validator=_scheme)
    open: Callable[[str], Store] = attrs.field(validator=_callable)
    description: str = attrs.field(validator=v.instance_of(str))


@attrs.frozen(kw_only=True)
class ReportFormat:
    """A report format: ``render(report)`` turns the format-free report document into text or
    bytes, written to a file with ``suffix`` and served as ``media_type``."""

    name: str = attrs.field(validator=v.instance_of(str))
    suffix: str = attrs.field(validator=v.instance_of(str))
    media_type: str = attrs.field(validator=v.instance_of(str))
    render: Callable[[Any], str | bytes] = attrs.field(validator=_callable)
    description: str = attrs.field(validator=v.instance_of(str))


@attrs.frozen(kw_only=True)
class CheckType:
    """An extra golden-thread or data-quality check: ``run(framework, readings, as_of)``
    yields findings, run by ``councilpmf validate`` beside the built-in checks."""

    name: str = attrs.field(validator=v.instance_of(str))
    run: Callable[[Framework, Readings, dt.date], Iterable[Finding]] = attrs.field(
        validator=_callable
    )
    description: str = attrs.field(validator=v.instance_of(str))
