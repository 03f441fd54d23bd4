"""The built-in rating rules, offered through the ``councilpmf_rag_rules`` hook."""

from __future__ import annotations

from councilpmf.core.rag import BUILTIN_RULES
from councilpmf.core.rule import Rule
from councilpmf.hookspecs import hookimpl


@hookimpl
def councilpmf_rag_rules() -> list[type[Rule]]:
    """Target with tolerance, ratio to target, first match, bands, tolerance with travel and
    quartile."""
    return list(BUILTIN_RULES.values())
