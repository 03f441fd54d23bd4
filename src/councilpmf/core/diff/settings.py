"""The changes to what a council sets once for its whole framework."""

from __future__ import annotations

from councilpmf.core.actions import StatusVocabulary
from councilpmf.core.audit import describe_rule
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.words import Field, compared, field_changes, in_list
from councilpmf.core.framework import Framework
from councilpmf.core.published import PublishedVocabulary
from councilpmf.core.risks import CategoryAppetite, RiskLevel
from councilpmf.core.rule import Rule


def council_changes(old: Framework, new: Framework) -> list[PlanChange]:
    """What a council sets once for its whole framework (council.toml, the risk matrix): a
    change to any of it changes how every part is rated or read."""

    def rule(value: Rule) -> str:
        return f"'{describe_rule(value)}'"

    def actions(value: StatusVocabulary) -> str:
        return in_list([f"'{w.word}' ({w.meaning.value})" for w in value.words])

    def published(value: PublishedVocabulary) -> str:
        return in_list([f"'{w.word}' ({w.status.value})" for w in value.words])

    def levels(value: tuple[RiskLevel, ...]) -> str:
        return in_list([f"'{level.name}' from {level.lowest}" for level in value])

    def appetites(value: tuple[CategoryAppetite, ...]) -> str:
        return in_list([f"'{a.category}' up to {a.appetite}" for a in value])

    was_matrix, now_matrix = old.risks.matrix, new.risks.matrix
    return [
        *field_changes(
            (
                *compared(old, new, ("default_rule", rule), "year_start_month", "area_code"),
                Field("vocabulary", old.vocabulary, new.vocabulary, actions, "action status words"),
                Field(
                    "published_statuses",
                    old.published_statuses,
                    new.published_statuses,
                    published,
                    "published status words",
                ),
            ),
            "Council",
            "$",
            ChangeKind.COUNCIL_CHANGED,
        ),
        *field_changes(
            (
                Field("required", old.approval.required, new.approval.required),
                Field("self_approval", old.approval.self_approval, new.approval.self_approval),
            ),
            "Council approval",
            "$.approval",
            ChangeKind.COUNCIL_CHANGED,
        ),
        *field_changes(
            compared(was_matrix, now_matrix, "likelihoods", "impacts", ("levels", levels)),
            "Risk matrix",
            "$.risks.matrix",
            ChangeKind.COUNCIL_CHANGED,
        ),
        *field_changes(
            (Field("appetites", old.risks.appetites, new.risks.appetites, appetites),),
            "Risk register",
            "$.risks",
            ChangeKind.COUNCIL_CHANGED,
        ),
    ]
