"""The peer challenges' changes: a challenge's dates and team, its recommendations (matched by
number) and the actions that answer each (matched by ref, then by the most alike titles)."""

from __future__ import annotations

from councilpmf.core.diff.actions import one_action_changes
from councilpmf.core.diff.changes import ChangeKind, PlanChange
from councilpmf.core.diff.matching import by_position, matched, pair, paired_by_key
from councilpmf.core.diff.words import compared, field_changes, on_date
from councilpmf.core.framework import Framework
from councilpmf.core.peer_challenge import PeerChallenge, Recommendation


def _recommendation_changes(old: PeerChallenge, new: PeerChallenge, path: str) -> list[PlanChange]:
    def changed(was: Recommendation, now: Recommendation, where: str) -> list[PlanChange]:
        of = f"recommendation {now.number} of '{new.title}'"
        subject = f"Recommendation {now.number} of '{new.title}'"
        return [
            *field_changes(
                compared(was, now, "text", "response", "peer_points", "also_answered_by"),
                subject,
                where,
                ChangeKind.RECOMMENDATION_CHANGED,
            ),
            *matched(
                was.actions,
                now.actions,
                pair(was.actions, now.actions, lambda a: a.ref, lambda a: a.title),
                by_position(f"{where}.actions"),
                lambda a: (
                    ChangeKind.ACTION_ADDED,
                    f"Action {a.ref} '{a.title}' added to {of}",
                ),
                lambda before, action, at: one_action_changes(
                    before, action, at, f"Action {action.ref} of {of}"
                ),
                lambda a: (
                    ChangeKind.ACTION_REMOVED,
                    f"Action {a.ref} '{a.title}' removed from {of}",
                ),
            ),
        ]

    return matched(
        old.recommendations,
        new.recommendations,
        paired_by_key(old.recommendations, new.recommendations, lambda r: r.number),
        by_position(f"{path}.recommendations"),
        lambda r: (
            ChangeKind.RECOMMENDATION_ADDED,
            f"Recommendation {r.number} '{r.text}' added to '{new.title}'",
        ),
        changed,
        lambda r: (
            ChangeKind.RECOMMENDATION_REMOVED,
            f"Recommendation {r.number} '{r.text}' removed from '{old.title}'",
        ),
    )


def _key(challenge: PeerChallenge) -> object:
    """What matches a challenge to itself in another version: its id, or its title when it has
    no id (a title is never taken for an id)."""
    return ("title", challenge.title) if challenge.id is None else challenge.id


def peer_challenge_changes(old: Framework, new: Framework) -> list[PlanChange]:
    """Peer challenges matched by id, or by title where neither has an id, then the rest by
    the most alike titles: a challenge given an id under its old title is matched by it."""

    def changed(was: PeerChallenge, now: PeerChallenge, path: str) -> list[PlanChange]:
        return [
            *field_changes(
                compared(
                    was,
                    now,
                    "id",
                    "title",
                    "organisation",
                    ("visited", on_date),
                    "team",
                    ("report_published", on_date),
                    ("action_plan_published", on_date),
                    ("progress_review", on_date),
                    ("progress_review_published", on_date),
                ),
                f"Peer challenge '{now.title}'",
                path,
                ChangeKind.PEER_CHALLENGE_CHANGED,
            ),
            *_recommendation_changes(was, now, path),
        ]

    return matched(
        old.peer_challenges,
        new.peer_challenges,
        pair(old.peer_challenges, new.peer_challenges, _key, lambda c: c.title),
        by_position("$.peer_challenges"),
        lambda c: (ChangeKind.PEER_CHALLENGE_ADDED, f"Peer challenge '{c.title}' added"),
        changed,
        lambda c: (ChangeKind.PEER_CHALLENGE_REMOVED, f"Peer challenge '{c.title}' removed"),
    )
