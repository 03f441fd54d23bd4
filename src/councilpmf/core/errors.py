"""The base of every error councilpmf raises on purpose.

A caller that wants to tell the library's deliberate refusals (bad input, a conflict, a broken
plugin) from a bug catches :class:`CouncilPMFError`:

>>> from councilpmf.core.errors import CouncilPMFError
>>> try:
...     raise CouncilPMFError("indicators.toml: $.indicators[0].id: must not be empty")
... except CouncilPMFError as error:
...     print(error)
indicators.toml: $.indicators[0].id: must not be empty

The errors keep the built-in base they always had (an :class:`UnknownNameError` is still a
``ValueError``), so code written before the common base still catches them.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousNameError",
    "CouncilPMFError",
    "InputError",
    "InputTypeError",
    "PluginError",
    "RuleFailure",
    "UnknownNameError",
    "failure_cause",
    "plugin_failure",
]


class CouncilPMFError(Exception):
    """An error the library raised on purpose; its message says what is wrong in words."""


class UnknownNameError(CouncilPMFError, ValueError):
    """A caller asked for something by a name that is not there (a committee, a store scheme);
    the message lists the names that are."""


class AmbiguousNameError(CouncilPMFError, ValueError):
    """A caller named something by a name that more than one thing answers to (one plan's id
    that is another plan's title); the message lists them, each with a name that is its
    alone where it has one."""

    @classmethod
    def naming(
        cls, text: str, kind: str, found: Sequence[tuple[str, str | None]]
    ) -> AmbiguousNameError:
        """The error for ``text``, which each of ``found`` answers to: a description of it
        (``the committee 'Cabinet' at $.committees[0]``) and the text that names it alone, or
        None where none does. ``kind`` is what they are (``committee``, ``plan``).

        >>> AmbiguousNameError.naming("x", "plan", [("the plan 'x'", "x1"), ("the plan 'X'", None)])
        AmbiguousNameError("'x' names 2 plans: the plan 'x' (name it 'x1') and the plan 'X' (nothing names it alone: give it an id that is no other plan's id or name)")
        """  # noqa: E501
        described = [
            f"{what} (name it {alone!r})"
            if alone is not None
            else f"{what} (nothing names it alone: give it an id that is no other {kind}'s id "
            "or name)"
            for what, alone in found
        ]
        listing = f"{', '.join(described[:-1])} and {described[-1]}"
        return cls(f"{text!r} names {len(found)} {kind}s: {listing}")


class InputError(CouncilPMFError, ValueError):
    """Input that cannot become a record. ``problems`` are lines of the form
    ``source: $.path: what is wrong`` (or ``field: what is wrong`` for a record made in code);
    the message is all of them, one per line."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class InputTypeError(InputError, TypeError):
    """An :class:`InputError` for a value of the wrong kind altogether (text where a number
    belongs); it is also a ``TypeError``, as such refusals always were."""


class PluginError(CouncilPMFError):
    """A plugin is broken in a way that must be fixed (or the plugin disabled) before
    councilpmf can use it; the message names the plugin."""


_RULES_HOOK = "councilpmf_rag_rules"


class RuleFailure(PluginError):
    """A rating rule failed in ``rate``, or gave something other than a rating. The core knows
    the rule's class, not the plugin that offered it, so the message names the class's module;
    the plugin layer, which knows, names the plugin instead (:meth:`blamed_on`).

    >>> class Broken: ...
    >>> failure = RuleFailure(Broken, "rule kind 'broken' (Broken) failed in rate: KeyError")
    >>> str(failure)
    "rule module 'councilpmf.core.errors': councilpmf_rag_rules: rule kind 'broken' (Broken) failed in rate: KeyError"
    >>> failure.blamed_on("plugin 'broken' (councilpmf-broken)")
    PluginError("plugin 'broken' (councilpmf-broken): councilpmf_rag_rules: rule kind 'broken' (Broken) failed in rate: KeyError")
    """  # noqa: E501

    def __init__(self, rule: type, detail: str) -> None:
        super().__init__(f"rule module {rule.__module__!r}: {_RULES_HOOK}: {detail}")
        self.rule = rule
        self.detail = detail

    def blamed_on(self, owner: str) -> PluginError:
        """The same failure, naming ``owner`` (the plugin that offered the rule)."""
        return PluginError(f"{owner}: {_RULES_HOOK}: {self.detail}")


def failure_cause(error: BaseException) -> str:
    """An exception in one line: its type and the first line of its message.

    >>> failure_cause(KeyError("HS1")), failure_cause(ZeroDivisionError())
    ("KeyError: 'HS1'", 'ZeroDivisionError')
    """
    detail = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def plugin_failure(owner: str, hook: str, what: str, error: BaseException) -> PluginError:
    """The one-line error for a plugin whose code failed: who, through which hook, doing what.

    >>> plugin_failure("plugin 'owners' (councilpmf-owners)", "councilpmf_report_formats",
    ...                "format 'owners' failed in render", KeyError("HS1"))
    PluginError("plugin 'owners' (councilpmf-owners): councilpmf_report_formats: format 'owners' failed in render: KeyError: 'HS1'")
    """  # noqa: E501
    return PluginError(f"{owner}: {hook}: {what}: {failure_cause(error)}")
