"""The typed records plugin hooks return, and the checks a rule class must pass.

Every hook returns a list of these frozen records, never bare dicts. Each record checks every
field when it is made, so a plugin with a mistake fails when councilpmf starts, with a message
naming the plugin, not when a council first uses it:

>>> ReportFormat(name="headlines", suffix="txt", media_type="text/plain",
...              render=str, description="One line per indicator")
Traceback (most recent call last):
...
councilpmf.core.errors.InputError: suffix: a file suffix starts with its dot ('.txt'), not 'txt'

Two plugins may not offer the same format name, store scheme, rule kind or check name, unless
one of them sets ``overrides=True`` (for a rule class, ``overrides: ClassVar[bool] = True``):
then that one replaces the other on purpose. See docs/plugins.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs
from attrs import validators as v

from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.findings import Finding

if TYPE_CHECKING:
    import datetime as dt

    from councilpmf.core.assess import Readings
    from councilpmf.core.framework import Framework
    from councilpmf.core.report import Report
    from councilpmf.core.rule import Rule
    from councilpmf.store import Store

__all__ = [
    "MEDIA_TOP_LEVEL_TYPES",
    "CheckType",
    "ReportFormat",
    "StoreOpener",
    "StoreType",
    "check_rule_class",
]

# A format name, rule kind or check name: lower-case words joined by hyphens or underscores.
_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
# A URL scheme (RFC 3986), lower case.
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
_SUFFIX = re.compile(r"\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")
# The media types registered with IANA (RFC 6838): type/subtype, then optional parameters.
MEDIA_TOP_LEVEL_TYPES = frozenset(
    {
        "application",
        "audio",
        "font",
        "haptics",
        "image",
        "message",
        "model",
        "multipart",
        "text",
        "video",
    }
)
_RESTRICTED_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_MEDIA_TYPE = re.compile(
    rf"(?P<type>{_RESTRICTED_NAME})/{_RESTRICTED_NAME}"
    rf"(?:\s*;\s*{_RESTRICTED_NAME}=(?:[A-Za-z0-9!#$&^_.+-]+|\"[^\"]*\"))*"
)


def _name(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InputError(
            (
                f"{attribute.name}: lower-case letters and digits, words joined by '-' or '_' "
                f"(such as 'headlines' or 'never-red'), not {value!r}",
            )
        )


def _scheme(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _SCHEME.fullmatch(value):
        raise InputError(
            (
                f"{attribute.name}: a store scheme is lower-case letters, digits, '+', '-' "
                f"and '.', starting with a letter (the part of the URL before ://), "
                f"not {value!r}",
            )
        )


def _suffix(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _SUFFIX.fullmatch(value):
        hint = f" ('.{value}')" if isinstance(value, str) and _SUFFIX.fullmatch(f".{value}") else ""
        raise InputError(
            (f"{attribute.name}: a file suffix starts with its dot{hint}, not {value!r}",)
        )


def _media_type(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    match = _MEDIA_TYPE.fullmatch(value) if isinstance(value, str) else None
    if match is None or match.group("type").lower() not in MEDIA_TOP_LEVEL_TYPES:
        raise InputError(
            (
                f"{attribute.name}: a media type is type/subtype with a registered type "
                f"({', '.join(sorted(MEDIA_TOP_LEVEL_TYPES))}), such as 'text/plain', "
                f"not {value!r}",
            )
        )


def _description(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or "\n" in value:
        raise InputError((f"{attribute.name}: one line of words for people, not {value!r}",))


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InputTypeError((f"{attribute.name}: must be True or False, not {value!r}",))


def _callable(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise InputTypeError((f"{attribute.name}: must be callable, not {value!r}",))


class StoreOpener(Protocol):
    """How a store is opened: ``open(url, rules=...)``, given the whole URL and the rating-rule
    kinds installed, by kind, to read frameworks back with (see
    :func:`councilpmf.records.framework_from_data`). A store class whose ``__init__`` takes
    ``(url, rules=None)``, as :class:`~councilpmf.store.StoreBase` does, is one."""

    def __call__(self, url: str, *, rules: Mapping[str, type[Rule]]) -> Store: ...


@attrs.frozen(kw_only=True)
class StoreType:
    """A kind of store: ``open(url, rules=...)`` returns a :class:`~councilpmf.store.Store`
    for URLs that start with ``scheme://`` (see :class:`StoreOpener`).

    ``exists(url)``, when given, says whether a store is already there: commands that only
    read (``report``, ``diff``, ``validate``) refuse a URL where none is rather than open, and
    so create, one. Leave it ``None`` for a store that opening never creates.

    >>> from councilpmf.default_plugins.memory_store import MemoryStore
    >>> StoreType(scheme="Redis", open=MemoryStore, description="Readings kept in Redis")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: scheme: a store scheme is lower-case letters, digits, '+', '-' and '.', starting with a letter (the part of the URL before ://), not 'Redis'
    """  # noqa: E501

    scheme: str = attrs.field(validator=_scheme)
    open: StoreOpener = attrs.field(validator=_callable)
    description: str = attrs.field(validator=_description)
    exists: Callable[[str], bool] | None = attrs.field(
        default=None, validator=v.optional(_callable)
    )
    overrides: bool = attrs.field(default=False, validator=_flag)


@attrs.frozen(kw_only=True)
class ReportFormat:
    """A report format: ``render(report)`` turns the format-free report document into text or
    bytes, written to a file with ``suffix`` (with its dot) and served as ``media_type``.

    >>> ReportFormat(name="title", suffix=".txt", media_type="text/plain",
    ...              render=lambda report: report.title, description="Just the title").suffix
    '.txt'
    """

    name: str = attrs.field(validator=_name)
    suffix: str = attrs.field(validator=_suffix)
    media_type: str = attrs.field(validator=_media_type)
    render: Callable[[Report], str | bytes] = attrs.field(validator=_callable)
    description: str = attrs.field(validator=_description)
    overrides: bool = attrs.field(default=False, validator=_flag)


@attrs.frozen(kw_only=True)
class CheckType:
    """An extra golden-thread or data-quality check: ``run(framework, readings, as_of)``
    yields findings, run by ``councilpmf validate`` beside the built-in checks."""

    name: str = attrs.field(validator=_name)
    run: Callable[[Framework, Readings, dt.date], Iterable[Finding]] = attrs.field(
        validator=_callable
    )
    description: str = attrs.field(validator=_description)
    overrides: bool = attrs.field(default=False, validator=_flag)


def check_rule_class(rule: object) -> None:
    """Raise :class:`~councilpmf.core.errors.InputTypeError` (a ``TypeError``) or
    :class:`~councilpmf.core.errors.InputError` (a ``ValueError``) saying what ``rule`` lacks to
    be a rating rule: a frozen attrs class with a ``kind`` (a name), a ``uses_target`` bool, a
    ``rate`` method and, if it has one, an ``overrides`` bool.

    >>> class Loose:
    ...     kind = "loose"
    >>> check_rule_class(Loose)
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputTypeError: Loose is not an attrs class; a rating rule is a frozen attrs class (@attrs.frozen(kw_only=True))
    """  # noqa: E501
    if not isinstance(rule, type):
        raise InputTypeError((f"{rule!r} is not a class; a rating rule is a frozen attrs class",))
    name = rule.__qualname__
    if not attrs.has(rule):
        raise InputTypeError(
            (
                f"{name} is not an attrs class; a rating rule is a frozen attrs class "
                "(@attrs.frozen(kw_only=True))",
            )
        )
    if not attrs.inspect(rule).is_frozen:
        raise InputTypeError((f"{name} is not frozen; use @attrs.frozen(kw_only=True)",))
    kind = getattr(rule, "kind", None)
    if not isinstance(kind, str) or not _NAME.fullmatch(kind):
        raise InputError(
            (f"{name}.kind must be a name such as 'never-red' (a ClassVar[str]), not {kind!r}",)
        )
    for flag in ("uses_target", "overrides"):
        value = getattr(rule, flag, False if flag == "overrides" else None)
        if not isinstance(value, bool):
            raise InputTypeError(
                (f"{name}.{flag} must be True or False (a ClassVar[bool]), not {value!r}",)
            )
    if not callable(getattr(rule, "rate", None)):
        raise InputTypeError((f"{name} has no rate(context) method",))
