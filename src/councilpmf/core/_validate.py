"""Validators shared by the core's records, written so that their messages name the field."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs
from attrs import validators as v

from councilpmf.core.errors import InputError, InputTypeError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_T = TypeVar("_T")
_Record = TypeVar("_Record", bound=attrs.AttrsInstance)


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


def trusted_builder(kind: type[_Record], /, *names: str) -> Callable[..., _Record]:
    """:func:`trusted` for a record built very often: a function taking the fields of ``kind``
    positionally, in the order ``names`` gives them, without the dictionary of keywords
    (which costs a third of the time of building a small record).

    ``names`` must be every field of ``kind``, each once: checked here, once, so that no
    record it builds can lack one. The function is written out a field at a line, as attrs
    writes ``__init__``.

    >>> @attrs.frozen
    ... class Pair:
    ...     low: int = attrs.field(validator=v.instance_of(int))
    ...     high: int = attrs.field(validator=v.instance_of(int))
    >>> pair = trusted_builder(Pair, "high", "low")
    >>> pair(2, 1) == Pair(low=1, high=2)
    True
    >>> trusted_builder(Pair, "low")
    Traceback (most recent call last):
    ...
    TypeError: Pair has the fields ('low', 'high'), each given once; not ('low',)
    """
    fields = tuple(field.name for field in attrs.fields(kind))
    if sorted(names) != sorted(fields):
        raise TypeError(f"{kind.__name__} has the fields {fields}, each given once; not {names}")
    # The names that are not a field's start with two underscores, which no field name can
    # (in a class body Python writes such a name as _Class__name).
    sets = "".join(f"\n    __set(__record, {name!r}, {name})" for name in names)
    source = (
        f"def build({', '.join(names)}):\n    __record = __new(__kind){sets}\n    return __record"
    )
    scope: dict[str, Any] = {"__new": _new, "__set": _set, "__kind": kind}
    exec(compile(source, f"<trusted_builder {kind.__qualname__}>", "exec"), scope)
    build: Callable[..., _Record] = scope["build"]
    return build


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


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters: C0 (tab, line feed and carriage return apart), delete and C1. A
terminal acts on them and a page does not show them, so text holding one shows differently
from what it is."""

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""The bidirectional embeddings, overrides and isolates, which make text show in another order
than it is written."""

LINE = "\t\n\r"
"""Tab, line feed and carriage return: text in several lines (a note, a description) holds
them; an id, written on one line, never does."""

SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 surrogate pair: in a Python string it is always alone (a whole pair is one
character), as text decoded with ``errors="surrogateescape"`` or a JSON ``\\ud800`` escape
leaves it, and UTF-8 cannot encode it."""

# What a record refuses in text, as one class each, so that text is searched once for the first
# such character: half a surrogate pair in all text; CONTROL and BIDI in the text a council
# gives; LINE too in an id.
_SHOWN_OTHERWISE = f"{CONTROL.pattern[1:-1]}{BIDI.pattern[1:-1]}"
_SURROGATE = SURROGATE.pattern[1:-1]
HIDDEN = re.compile(f"[{_SHOWN_OTHERWISE}{_SURROGATE}]")
""":data:`CONTROL`, :data:`BIDI` and :data:`SURROGATE` as one class: what :func:`text_problem`
refuses in text of several lines, and what every report replaces
(:func:`councilpmf.escape.readable`), found in one search of the text."""
_HIDDEN_IN_ONE_LINE = re.compile(f"[{_SHOWN_OTHERWISE}{_SURROGATE}{LINE}]")

REFUSED = f"[{_SHOWN_OTHERWISE}]"
r"""The characters :func:`text_problem` refuses in text that is valid Unicode, as the source of
a regular expression of one character class, which Python's :mod:`re` and polars (Rust's
``regex``) both read: for text searched in bulk, a column at a time (polars
``str.contains``), so that only text found holding one is put into words by
:func:`text_problem`. Text held as UTF-8 (a polars column, a database's text) cannot hold half a
surrogate pair, the one thing :func:`text_problem` also refuses that is not here.

>>> all(bool(re.search(REFUSED, c)) == bool(text_problem(c)) for c in map(chr, range(0xD800)))
True
"""

_LINE_WORDS = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}


def text_problem(value: str, one_line: bool = False) -> str:
    r"""Why ``value`` cannot be text in a record, in words that follow the field's name, or
    ``""``: it holds half a surrogate pair (:func:`unicode_problem`), a :data:`CONTROL`
    character or a :data:`BIDI` one (it shows differently from what it is: a terminal acts on
    it, a spreadsheet or a word processor shows it in another order), or, with ``one_line``
    (an id), a tab or a line break. The first such character is named.

    >>> text_problem("Begun\tin March\n"), text_problem("Begun\tin March\n", one_line=True)
    ('', 'must be one line: character 6 is a tab')
    >>> text_problem("Begun\x1b[2J")
    'must not hold control characters: character 6 is U+001B; write plain text'
    >>> text_problem("exe.\u202etxt")
    'must not hold control characters: character 5 is U+202E (RIGHT-TO-LEFT OVERRIDE); write plain text'
    """  # noqa: E501
    return _first_refused(value, _HIDDEN_IN_ONE_LINE if one_line else HIDDEN)


def unicode_problem(value: str) -> str:
    r"""Why ``value`` is not valid Unicode text (it holds half a surrogate pair, which cannot
    be written as UTF-8), in words that follow the field's name, or ``""``.

    >>> unicode_problem("Caf\udce9"), unicode_problem("Begun\x1b[2J")
    ("must be valid Unicode text: character 4 is half a surrogate pair ('\\udce9')", '')
    """
    return _first_refused(value, SURROGATE)


def _first_refused(value: str, refused: re.Pattern[str]) -> str:
    if value.isprintable():  # the quick answer for most text: nothing refused is printable
        return ""
    found = refused.search(value)
    if found is None:
        return ""
    char, place = found.group(), found.start() + 1
    if SURROGATE.match(char):
        return f"must be valid Unicode text: character {place} is half a surrogate pair ({char!r})"
    if char in LINE:
        return f"must be one line: character {place} is {_LINE_WORDS[char]}"
    name = unicodedata.name(char, "")
    named = f" ({name})" if name else ""
    return (
        f"must not hold control characters: character {place} is U+{ord(char):04X}{named}; "
        "write plain text"
    )


def refuse_text(name: str, value: str, problem: Callable[[str], str] = text_problem) -> None:
    r"""Refuse ``value`` in one line naming ``name`` when ``problem`` (:func:`text_problem`,
    or :func:`unicode_problem` for a report's text) finds something wrong with it, in the
    words of :data:`text`: for text checked outside a field of its own (a table's cells).

    >>> refuse_text("cells[1]", "Caf\udce9", unicode_problem)
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: cells[1] must be valid Unicode text: character 4 is half a surrogate pair ('\udce9')
    """  # noqa: E501
    if found := problem(value):
        raise InputError((f"{name} {found}",))


_is_str = of_type(str)


def _text_checked_by(problem: Callable[[str], str]) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, str):
            refuse_text(attribute.name, value, problem)
        else:
            _is_str(instance, attribute, value)  # refuses it, in the words of every type check

    return check


text: Validator = _text_checked_by(text_problem)
r"""Text (:func:`text_problem`), refused in one line naming the field: every text field of the
core's records that a council gives shares it, so that no store can keep what another would
refuse, and no report is handed text that shows other than it is. Text may run to several
lines (tab, line feed and carriage return are taken: a note, a description, a title written
over two lines), but holds no other control character, no bidirectional override or isolate
and no half of a surrogate pair. An id (:data:`identifier`) is one line.

>>> @attrs.frozen
... class Note:
...     text: str = attrs.field(validator=text)
>>> Note(text="Begun\tin March\n").text
'Begun\tin March\n'
>>> Note(text="Begun\x1b[2J")
Traceback (most recent call last):
...
councilpmf.core.errors.InputError: text must not hold control characters: character 6 is U+001B; write plain text
"""  # noqa: E501

unicode_text: Validator = _text_checked_by(unicode_problem)
"""Text that is valid Unicode (:func:`unicode_problem`), control characters and all: for the
report document, which every format writes through its escaping
(:func:`councilpmf.escape.readable`), whoever built it."""


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


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InputTypeError((f"{attribute.name} must be text, not {value!r}",))
    if not value.strip():
        raise InputError((f"{attribute.name} must not be empty",))
    refuse_text(attribute.name, value)


required: Validator = _non_empty


def _identifier(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    r"""Text that is :data:`required` and on one line (no tab or line break in it), and neither
    starts nor ends with a space: files and formulas strip what is around an id, so such an id
    could never be found, and a CSV row or a formula is one line.

    >>> @attrs.frozen
    ... class Row:
    ...     id: str = attrs.field(validator=identifier)
    >>> Row(id="HS01 ")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: id must not start or end with a space: 'HS01 '
    >>> Row(id="HS\t01")
    Traceback (most recent call last):
    ...
    councilpmf.core.errors.InputError: id must be one line: character 3 is a tab
    """
    if not isinstance(value, str):
        raise InputTypeError((f"{attribute.name} must be text, not {value!r}",))
    problem = id_problem(value)
    if problem is not None:
        raise InputError((f"{attribute.name} {problem}",))


def id_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an id (:data:`identifier`), in words, or None: the one
    rule, for readers that check ids without building a record (a readings frame).

    >>> id_problem("HS01 "), id_problem(" "), id_problem("HS01")
    ("must not start or end with a space: 'HS01 '", 'must not be empty', None)
    >>> id_problem("HS\x1b01")
    'must not hold control characters: character 3 is U+001B; write plain text'
    """
    if not value.strip():
        return "must not be empty"
    if problem := text_problem(value):  # what any text is refused for comes first
        return problem
    if value != value.strip():
        return f"must not start or end with a space: {value!r}"
    return text_problem(value, one_line=True) or None


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
