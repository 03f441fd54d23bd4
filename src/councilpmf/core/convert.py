"""Turn plain data (as read from TOML, JSON or CSV) into the core's records and back.

One private cattrs converter, never the global one. Unknown keys are refused, ``True`` is not a
number, text is not a list, and every error names the source and the path of the field:

>>> from councilpmf.core.indicators import Indicator
>>> try:
...     structure({"id": "HS01", "title": "Homes", "decimals": True}, Indicator,
...         source="indicators.toml", path="$.indicators[0]")
... except InputError as error:
...     print(error)
indicators.toml: $.indicators[0].decimals: expected a whole number, not True
>>> kpi = structure({"id": "HS01", "title": "Homes", "unit": "percentage"}, Indicator)
>>> unstructure(kpi)["unit"]
'percentage'

Periods are written as councils write them ("2024/25 Q3"), dates in ISO form, enumerations by
their values, and rating rules as a table with a ``kind``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from councilpmf.core._coerce import member
from councilpmf.core._validate import is_number
from councilpmf.core.actions import Meaning, StatusVocabulary, StatusWord
from councilpmf.core.errors import InputError
from councilpmf.core.periods import Period, PeriodError, parse_period
from councilpmf.core.published import PublishedVocabulary, PublishedWord, fold_word
from councilpmf.core.rag import BUILTIN_RULES, Status
from councilpmf.core.risks import ActionInPlan, MitigatingAction
from councilpmf.core.rule import Rule

__all__ = ["InputError", "converter", "placed", "structure", "unstructure"]

T = TypeVar("T")

_DONE = dt.date | bool | None
"""The type of a field saying when something was done (a milestone, a publication)."""


def _expected(kind: str, value: object) -> TypeError:
    return TypeError(f"expected {kind}, not {value!r}")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _expected("text", value)
    return value


def _structure_float(value: object, _: type) -> float:
    if not is_number(value):
        raise _expected("a number", value)
    assert isinstance(value, int | float)
    return float(value)


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _expected("a whole number", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _expected("true or false", value)
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _expected("a date without a time", value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date written 2024-03-31, not {value!r}") from None
    raise _expected("a date", value)


def _structure_done(value: object, _: type) -> dt.date | bool | None:
    """When something was done: a date, true when the day was not recorded, false or nothing
    when it was not done."""
    if value is None or value is False:
        return None
    if value is True:
        return True
    try:
        return _structure_date(value, dt.date)
    except (TypeError, ValueError):
        raise ValueError(
            f"expected a date written 2024-03-31, or true when the day was not recorded, "
            f"not {value!r}"
        ) from None


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    """A member of ``kind`` from its spelling as a record takes it (its value or its name, in
    any case, spaces around it ignored: ``"Quarterly"`` in a file as in code)."""
    allowed = ", ".join(repr(known.value) for known in kind)

    def structure_enum(value: object, _: type) -> enum.Enum:
        found = member(kind, value) if isinstance(value, str) else value
        if isinstance(found, kind):
            return found
        raise ValueError(f"expected one of {allowed}, not {value!r}")

    return structure_enum


def _is_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple


class _Converter:
    """The converter with the hooks that need to know the year start and the rule kinds."""

    def __init__(self, year_start_month: int, rules: Mapping[str, type[Rule]]) -> None:
        self.year_start_month = year_start_month
        self.rules = dict(rules)
        conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
        conv.register_structure_hook_factory(attrs.has, self._record_hook)
        conv.register_structure_hook(str, _structure_str)
        conv.register_structure_hook(float, _structure_float)
        conv.register_structure_hook(int, _structure_int)
        conv.register_structure_hook(bool, _structure_bool)
        conv.register_structure_hook(dt.date, _structure_date)
        conv.register_unstructure_hook(dt.date, dt.date.isoformat)
        conv.register_structure_hook_func(lambda t: t == _DONE, _structure_done)
        conv.register_structure_hook_func(
            lambda t: isinstance(t, type) and issubclass(t, Period), self._structure_period
        )
        conv.register_unstructure_hook_func(
            lambda t: isinstance(t, type) and issubclass(t, Period), self._unstructure_period
        )
        conv.register_structure_hook_factory(
            lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
        )
        conv.register_structure_hook_factory(_is_tuple, self._tuple_hook)
        conv.register_structure_hook(Rule, self._structure_rule)
        conv.register_unstructure_hook(Rule, self._unstructure_rule)
        conv.register_structure_hook(StatusVocabulary, self._structure_vocabulary)
        conv.register_unstructure_hook(StatusVocabulary, _unstructure_vocabulary)
        conv.register_structure_hook(PublishedVocabulary, _structure_published)
        conv.register_structure_hook_func(
            lambda t: t == MitigatingAction, self._structure_mitigating_action
        )
        conv.register_unstructure_hook_func(
            lambda t: t == MitigatingAction, self._unstructure_mitigating_action
        )
        conv.register_unstructure_hook(PublishedVocabulary, _unstructure_published)
        self.cattrs = conv

    def _structure_period(self, value: object, _: type) -> Period:
        if isinstance(value, Period):
            return value
        if not isinstance(value, str):
            raise _expected('a period such as "2024/25 Q3"', value)
        try:
            return parse_period(value, self.year_start_month)
        except PeriodError as error:
            raise ValueError(str(error)) from None

    def _structure_mitigating_action(self, value: object, _: type) -> MitigatingAction:
        """An action a risk names: its ref, or a table naming its plan and its ref."""
        if isinstance(value, str | ActionInPlan):
            return value
        if not isinstance(value, Mapping):
            raise _expected(
                'an action ref such as "1.1", or a table such as {plan = "dp24", ref = "1.1"}',
                value,
            )
        named: ActionInPlan = self.cattrs.structure(value, ActionInPlan)
        return named

    def _unstructure_mitigating_action(self, value: MitigatingAction) -> object:
        return value if isinstance(value, str) else self.cattrs.unstructure(value, ActionInPlan)

    def _unstructure_period(self, period: Period) -> str:
        # str() leaves out a year start of April or January, so name it when this converter's
        # years start in another month, or "2024" (a calendar year) would not read back.
        text = str(period)
        start = getattr(period, "start_month", self.year_start_month)
        if start != self.year_start_month and start in (1, 4):
            text += " (from Jan)" if start == 1 else " (from Apr)"
        return text

    def _record_hook(self, kind: type[Any]) -> Callable[[object, type], Any]:
        """cattrs's own hook for a record, behind a check that it is given a table (cattrs
        would fail in Python's words: "'int' object has no attribute 'keys'")."""
        base = make_dict_structure_fn(kind, self.cattrs)

        def structure_record(value: object, _: type) -> Any:
            if not isinstance(value, Mapping):
                raise _expected("a table", value)
            return base(value, kind)

        return structure_record

    def _tuple_hook(self, kind: Any) -> Callable[[object, type], tuple[Any, ...]]:
        args = get_args(kind)
        item = args[0] if args else Any
        base = self.cattrs.get_structure_hook(list[item])  # type: ignore[valid-type]

        def structure_tuple(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _expected("a list", value)
            return tuple(base(value, list[item]))  # type: ignore[valid-type]

        return structure_tuple

    def _structure_rule(self, value: object, _: type) -> Rule:
        if isinstance(value, Rule):
            return value
        if not isinstance(value, Mapping):
            raise _expected("a table with a kind", value)
        kind = value.get("kind")
        known = ", ".join(repr(k) for k in sorted(self.rules))
        if kind not in self.rules:
            raise ValueError(f"unknown rule kind {kind!r}; known kinds: {known}")
        fields = {k: v for k, v in value.items() if k != "kind"}
        rule: Rule = self.cattrs.structure(fields, self.rules[kind])
        return rule

    def _unstructure_rule(self, rule: Rule) -> dict[str, Any]:
        fields = self.cattrs.unstructure(rule, unstructure_as=type(rule))
        return {"kind": rule.kind, **fields}

    def _structure_vocabulary(self, value: object, _: type) -> StatusVocabulary:
        if not isinstance(value, Mapping):
            raise _expected('a table of status words, such as "On target" = "in progress"', value)
        words: list[StatusWord] = []
        errors: list[Exception] = []
        for word, meaning in value.items():
            try:
                words.append(StatusWord(word=word, meaning=self.cattrs.structure(meaning, Meaning)))
            except (TypeError, ValueError) as error:
                # Name the word in the path ($.vocabulary['Parked']), not a field the file lacks.
                error.add_note(IterableValidationNote(f"status word {word!r}", word, StatusWord))
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid status words", errors, StatusVocabulary)
        return StatusVocabulary(words=tuple(words))


def _unstructure_vocabulary(vocabulary: StatusVocabulary) -> dict[str, str]:
    return {w.word: w.meaning.value for w in vocabulary.words}


_STATUS_NAMES = {fold_word(status.value): status for status in Status}


def _structure_published(value: object, _: type) -> PublishedVocabulary:
    if not isinstance(value, Mapping):
        raise _expected('a table of published status words, such as "On target" = "green"', value)
    words: list[PublishedWord] = []
    errors: list[Exception] = []
    allowed = ", ".join(repr(status.value) for status in Status)
    for word, status in value.items():
        try:
            if not isinstance(status, str):
                raise _expected(f"one of {allowed}", status)
            meaning = _STATUS_NAMES.get(fold_word(status))
            if meaning is None:
                raise ValueError(f"{status!r} is not a status; use one of {allowed}")
            words.append(PublishedWord(word=word, status=meaning))
        except (TypeError, ValueError) as error:
            error.add_note(IterableValidationNote(f"status word {word!r}", word, PublishedWord))
            errors.append(error)
    if errors:
        raise IterableValidationError("invalid published status words", errors, PublishedVocabulary)
    return PublishedVocabulary(words=tuple(words))


def _unstructure_published(vocabulary: PublishedVocabulary) -> dict[str, str]:
    return {w.word: w.status.value for w in vocabulary.words}


@functools.cache
def converter(
    year_start_month: int = 4, rules: tuple[tuple[str, type[Rule]], ...] | None = None
) -> cattrs.Converter:
    """The converter for a year start and a set of rule kinds (the built-ins by default)."""
    kinds = dict(BUILTIN_RULES) if rules is None else dict(rules)
    return _Converter(year_start_month, kinds).cattrs


def _message(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ForbiddenExtraKeysError):
        extra = ", ".join(repr(k) for k in sorted(error.extra_fields))
        return f"unknown field{'s' if len(error.extra_fields) > 1 else ''} {extra}"
    if isinstance(error, TypeError | ValueError) and error.args:
        return str(error.args[0])
    return str(error) or type(error).__name__


def _problems(error: BaseException, source: str, path: str) -> tuple[str, ...]:
    # transform_error writes "<message> @ <path>"; either may hold " @ " (a status word is part
    # of the path), so it is given a message's number, which cannot, and looks the message up.
    messages: list[str] = []

    def number(exception: BaseException, _type: type | None) -> str:
        messages.append(_message(exception))
        return str(len(messages) - 1)

    problems = []
    for line in cattrs.transform_error(error, path=path, format_exception=number):
        index, _, where = line.partition(" @ ")
        message = messages[int(index)]
        problems.append(f"{source}: {placed(where, message)}")
    return tuple(problems)


# A record's validators name their field ("status must not be empty", "levels must start at
# 1, not 3") but cattrs places their errors at the record, so the field is added to the path.
_FIELD_MESSAGE = re.compile(r"^(?P<field>[a-z_][a-z0-9_]*) must ")


def _field_path(path: str, message: str) -> str:
    found = _FIELD_MESSAGE.match(message)
    return path if found is None else f"{path}.{found.group('field')}"


# A record that checks its own parts (two themes with one id) names the part by its path from
# the record: ``$.themes[2].id: ...``, which is placed under the record's own path.
_PART_MESSAGE = re.compile(r"^\$(?P<part>(?:\.[a-z_]+|\[[0-9]+\])+): (?P<message>.*)$", re.DOTALL)


def placed(path: str, message: str) -> str:
    """``path: message``, with the field or part the message names added to the path.

    >>> placed("$[0]", "indicator must not be empty")
    '$[0].indicator: indicator must not be empty'
    >>> placed("$", "$.themes[2].id: used twice")
    '$.themes[2].id: used twice'
    """
    part = _PART_MESSAGE.match(message)
    if part is not None:
        return f"{path}{part.group('part')}: {part.group('message')}"
    return f"{_field_path(path, message)}: {message}"


def structure(
    data: Any,
    kind: type[T],
    *,
    source: str = "input",
    path: str = "$",
    year_start_month: int = 4,
    rules: Mapping[str, type[Rule]] | None = None,
) -> T:
    """Build a record of ``kind`` from plain data, or raise :class:`InputError` naming
    ``source`` and the path of every field that is wrong."""
    conv = converter(year_start_month, None if rules is None else tuple(sorted(rules.items())))
    try:
        result: T = conv.structure(data, kind)
    except (ClassValidationError, IterableValidationError) as error:
        raise InputError(_problems(error, source, path)) from None
    except (TypeError, ValueError, KeyError) as error:
        message = _message(error)
        raise InputError((f"{source}: {placed(path, message)}",)) from None
    return result


def unstructure(record: Any, *, year_start_month: int = 4) -> Any:
    """Plain data (JSON and TOML compatible) for a record; :func:`structure` with the same
    ``year_start_month`` reverses it."""
    return converter(year_start_month).unstructure(record)
