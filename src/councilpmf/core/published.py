"""The words councils publish a rating in ("Green", "On target", "Off target"), and what each
means: a :class:`~councilpmf.core.rag.Status`.

A council's published performance tables say each indicator's status in the council's own
words. :data:`DEFAULT_PUBLISHED_WORDS` knows the common ones; a council adds its own in
``council.toml`` (``[published_statuses]``). Matching ignores case and spacing.

>>> DEFAULT_PUBLISHED_WORDS.status_of("  on   TARGET ")
<Status.GREEN: 'green'>
>>> DEFAULT_PUBLISHED_WORDS.status_of("Grey")
<Status.NOT_RATED: 'not rated'>
>>> DEFAULT_PUBLISHED_WORDS.status_of("Purple") is None
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs
from attrs import validators as v

from councilpmf.core._validate import of_type, required
from councilpmf.core.rag import Status

__all__ = [
    "DEFAULT_PUBLISHED_WORDS",
    "PublishedVocabulary",
    "PublishedWord",
    "fold_word",
    "same_status",
]


def fold_word(word: str) -> str:
    """A word as it is matched: spacing collapsed, case folded.

    >>> fold_word("  Within   Tolerance ")
    'within tolerance'
    """
    return " ".join(word.split()).casefold()


def same_status(published: Status, computed: Status) -> bool:
    """Whether a published status agrees with a computed one: the same status, or both
    without a rating (a council's "Grey" or "Not rated" for a value the rule does not rate,
    or has no data for).

    >>> same_status(Status.GREEN, Status.GREEN), same_status(Status.GREEN, Status.BLUE)
    (True, False)
    >>> same_status(Status.NOT_RATED, Status.NO_DATA)
    True
    """
    return published is computed or (published.rank is None and computed.rank is None)


@attrs.frozen(kw_only=True)
class PublishedWord:
    """One word a council publishes a status in, and the status it means."""

    word: str = attrs.field(validator=required)
    status: Status = attrs.field(validator=of_type(Status))


@attrs.frozen(kw_only=True)
class PublishedVocabulary:
    """A council's words for published statuses. Matching ignores case and spacing."""

    words: tuple[PublishedWord, ...] = attrs.field(
        validator=v.deep_iterable(of_type(PublishedWord), of_type(tuple))
    )

    def status_of(self, word: str) -> Status | None:
        """The status ``word`` means, or None for a word the council has not defined."""
        return self._index.get(fold_word(word))

    @functools.cached_property
    def _index(self) -> Mapping[str, Status]:
        return {fold_word(w.word): w.status for w in self.words}

    def extended(self, words: tuple[PublishedWord, ...]) -> PublishedVocabulary:
        """This vocabulary with more words; a repeated word takes its new meaning.

        >>> ours = DEFAULT_PUBLISHED_WORDS.extended(
        ...     (PublishedWord(word="Off target", status=Status.AMBER),))
        >>> ours.status_of("off target"), DEFAULT_PUBLISHED_WORDS.status_of("off target")
        (<Status.AMBER: 'amber'>, <Status.RED: 'red'>)
        """
        ours = {fold_word(w.word) for w in words}
        kept = tuple(w for w in self.words if fold_word(w.word) not in ours)
        return PublishedVocabulary(words=kept + words)

    def known(self) -> str:
        """The words, for a message: ``Green, Amber, ...``."""
        return ", ".join(w.word for w in self.words)


DEFAULT_PUBLISHED_WORDS = PublishedVocabulary(
    words=tuple(
        PublishedWord(word=word, status=status)
        for word, status in (
            ("Blue", Status.BLUE),
            ("Green", Status.GREEN),
            ("Amber", Status.AMBER),
            ("Red", Status.RED),
            ("Grey", Status.NOT_RATED),
            ("Gray", Status.NOT_RATED),
            ("Exceeded", Status.BLUE),
            ("On target", Status.GREEN),
            ("Within tolerance", Status.AMBER),
            ("Off target", Status.RED),
            ("Not rated", Status.NOT_RATED),
            ("Data only", Status.NOT_RATED),
            ("No data", Status.NO_DATA),
        )
    )
)
"""The published status words every council may use without defining them."""
