"""Validators shared by the core's records, written so that their messages name the field."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs
from attrs import validators as v

from councilpmf.core.errors import InputError, InputTypeError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_T = TypeVar("_T")


def trusted(kind: type[_T], /, **fields: object) -> _T:
    """A frozen record of ``kind`` holding values the library worked out itself from records
    that were validated when they were made, built without running the validators again.

    Every field must be given: there are no defaults here. Records from outside the library
    (a file, a plugin, a user) are always built the ordinary way, so they are always checked.

    >>> @attrs.frozen
    ... class Pair:
    ...     low: int = attrs.field(validator=v.instance_of(int))
    ...     high: int = attrs.field(validator=v.instance_of(int))
    >>> trusted(Pair, low=1, high=2) == Pair(low=1, high=2)
    True
    """
    record = _new(kind)
    for name, value in fields.items():
        _set(record, name, value)
    return record


_new, _set = object.__new__, object.__setattr__  # looked up once: trusted runs very often


def of_type(*kinds: type) -> Validator:
    """attrs' ``instance_of``, refusing with a one-line :class:`InputTypeError` that names the
    field instead of a ``TypeError`` holding the whole attribute.

    >>> @attrs.frozen
    ... class Note:
    ...     text: str = attrs.field(validator=of_type(str))
    >>> Note(text=5)
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputTypeError: text must be text, not 5
    """
    wanted = " or ".join(_KIND_WORDS.get(kind, kind.__name__) for kind in kinds)

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kinds):
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise InputTypeError((f"{attribute.name} must be {wanted}, not {shown}",))

    return check


_KIND_WORDS: dict[type, str] = {
    str: "text",
    int: "a whole number",
    bool: "True or False",
    tuple: "a tuple",
    float: "a number",
}


def unreadable(value: str) -> str:
    r"""Why ``value`` is not valid Unicode text (it holds half a surrogate pair), or ``""``.

    >>> unreadable("Café"), unreadable("Caf\udce9")
    ('', "character 4 is half a surrogate pair ('\\udce9')")
    """
    if value.isascii():  # the quick answer for most text
        return ""
    try:
        value.encode("utf-8")  # three times as quick as a regular expression
    except UnicodeEncodeError as error:
        return f"character {error.start + 1} is half a surrogate pair ({value[error.start]!r})"
    return ""


_is_str = of_type(str)


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    r"""Text that is valid Unicode, refused in one line naming the field.

    >>> @attrs.frozen
    ... class Note:
    ...     text: str = attrs.field(validator=text)
    >>> Note(text="Caf\udce9")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: text must be valid Unicode text: character 4 is half a surrogate pair ('\udce9')
    """  # noqa: E501
    if isinstance(value, str):
        refuse_unreadable(attribute.name, value)
    else:
        _is_str(instance, attribute, value)  # refuses it, in the words of every type check


def refuse_unreadable(name: str, value: str) -> None:
    r"""Refuse ``value`` in one line naming ``name`` when it is not valid Unicode text
    (:func:`unreadable`), in the words of :data:`text`: for text checked outside a field of
    its own (a table's cells).

    >>> refuse_unreadable("cells[1]", "Caf\udce9")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: cells[1] must be valid Unicode text: character 4 is half a surrogate pair ('\udce9')
    """  # noqa: E501
    if not value.isascii() and (problem := unreadable(value)):  # ASCII text: no call
        raise InputError((f"{name} must be valid Unicode text: {problem}",))


text: Validator = _text
"""Text, and valid Unicode (:func:`unreadable`): every text field of the core's records shares
it, so that no store can keep what another would refuse."""


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters: C0 (tab, line feed and carriage return apart), delete and C1. A
terminal acts on them and a page does not show them, so text holding one shows differently
from what it is."""

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The bidirectional embeddings, overrides and isolates, which make text show in another order
than it is written."""


def _text_without_controls(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    r""":data:`text` that holds no :data:`CONTROL` character, refused in one line naming the
    field and the first such character. Tab, line feed and carriage return are text.

    >>> @attrs.frozen
    ... class Note:
    ...     text: str = attrs.field(validator=text_without_controls)
    >>> Note(text="Begun\tin March\n").text
    'Begun\tin March\n'
    >>> Note(text="Begun\x1b[2J")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: text must not hold control characters: character 6 is U+001B; write plain text
    """  # noqa: E501
    _text(instance, attribute, value)  # refuses anything but text
    found = CONTROL.search(value) if isinstance(value, str) else None
    if found is not None:
        raise InputError(
            (
                f"{attribute.name} must not hold control characters: character "
                f"{found.start() + 1} is U+{ord(found.group()):04X}; write plain text",
            )
        )


text_without_controls: Validator = _text_without_controls
""":data:`text` without control characters, for text a person gives on the day (an action
update, who made it), which the command line refuses them in too."""


def is_number(value: object) -> bool:
    """True for an int or float that is finite; ``True`` and ``False`` are not numbers, nor is
    a whole number too large for a float.

    >>> is_number(3), is_number(2.5), is_number(True), is_number(float("nan"))
    (True, True, False, False)
    >>> is_number(10**400)
    False
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # a whole number too large for a float
        return False


def _non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InputTypeError((f"{attribute.name} must be text, not {value!r}",))
    if not value.strip():
        raise InputError((f"{attribute.name} must not be empty",))
    if not value.isascii():
        _text(instance, attribute, value)


required: Validator = _non_empty


def _identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    r"""Text that is :data:`required` and neither starts nor ends with a space, tab or line
    break: files and formulas strip what is around an id, so such an id could never be found.

    >>> @attrs.frozen
    ... class Row:
    ...     id: str = attrs.field(validator=identifier)
    >>> Row(id="HS01 ")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: id must not start or end with a space: 'HS01 '
    """
    _non_empty(instance, attribute, value)
    problem = id_problem(value) if isinstance(value, str) else None
    if problem is not None:
        raise InputError((f"{attribute.name} {problem}",))


def id_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an id (:data:`identifier`), in words, or None: the one
    rule, for readers that check ids without building a record (a readings frame).

    >>> id_problem("HS01 "), id_problem(" "), id_problem("HS01")
    ("must not start or end with a space: 'HS01 '", 'must not be empty', None)
    """
    if not value.strip():
        return "must not be empty"
    if value != value.strip():
        return f"must not start or end with a space: {value!r}"
    return None


identifier: Validator = _identifier
"""An id another record or a formula refers to (:func:`_identifier`)."""
identifiers: Validator = v.deep_iterable(identifier, of_type(tuple))
"""A tuple of ids of other records (:data:`identifier` each)."""
strings: Validator = v.deep_iterable(text, of_type(tuple))


def tuple_of(kind: type | tuple[type, ...]) -> Validator:
    """A tuple whose every item is an instance of ``kind``."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return v.deep_iterable(of_type(*kinds), of_type(tuple))


def number_in(low: float | None = None, high: float | None = None) -> Validator:
    """A finite number (never a bool) from ``low`` to ``high`` inclusive."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not is_number(value):
            raise InputTypeError((f"{attribute.name} must be a number, not {value!r}",))
        assert isinstance(value, int | float)
        if low is not None and value < low:
            raise InputError((f"{attribute.name} must be at least {low:g}, not {value!r}",))
        if high is not None and value > high:
            raise InputError((f"{attribute.name} must be at most {high:g}, not {value!r}",))

    return check


def optional(validator: Validator) -> Validator:
    """``validator``, or None."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def whole_in(low: int | None = None, high: int | None = None) -> Validator:
    """A whole number (never a bool) from ``low`` to ``high`` inclusive."""
    in_range = number_in(low, high)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputTypeError((f"{attribute.name} must be a whole number, not {value!r}",))
        in_range(instance, attribute, value)

    return check


number = number_in()


def refuse_repeats(
    noun: str,
    keyed: Iterable[tuple[str, Any]],
    key: str = "id",
    seen_as: Callable[[Any], object] | None = None,
) -> None:
    """Refuse a collection in which two items have the same ``key``: one line naming the
    second item's field by its path (which names the collection), the repeated value, and
    where it was first. ``seen_as`` gives the form in which two values are the same (a name
    as a reader sees it); the line then says how the first was written when it differs.

    >>> refuse_repeats("theme", [("$.themes[0]", "T"), ("$.themes[1]", "T")])
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: $.themes[1].id: 'T' is already the id of the theme at $.themes[0]; give each theme its own id
    """  # noqa: E501
    first: dict[object, tuple[str, object]] = {}
    for path, value in keyed:
        held, written = first.setdefault(
            value if seen_as is None else seen_as(value), (path, value)
        )
        if held != path:
            shown = "" if written == value else f" (as {written!r})"
            raise InputError(
                (
                    f"{path}.{key}: {value!r} is already the {key} of the {noun} at {held}"
                    f"{shown}; give each {noun} its own {key}",
                )
            )
