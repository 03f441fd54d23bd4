"""A stored action update holding a control character, as a store written before action updates
refused them can hold, or any other stored text holding one or a bidirectional override, as a
store written before every text refused them can hold: every store refuses it in one line naming
the store, the revision and the field, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from store_fixtures import spoil_json, spoil_sqlite

from councilpmf import open_store
from councilpmf.core.actions import ActionUpdate
from councilpmf.store import PlanRevision, UnreadableFrameworkError
from councilpmf.testing.samples import UPDATE, sample_framework

SPOILT_TEXT = (f'"text": "{UPDATE.text}"', f'"text": "\\u001b[2J{UPDATE.text}"')
"""The text of the sample framework's action update, and the same text after a terminal escape,
as written in a stored framework document."""

STORES: dict[str, tuple[str, Callable[[str, int, tuple[str, str]], None], str]] = {
    # scheme: URL, how to rewrite a stored revision, the path of the framework in its document
    "sqlite": ("sqlite:///{tmp}/c.db", spoil_sqlite, "$"),
    "json": ("json://{tmp}/store", spoil_json, "$.framework"),
}


def _saved(
    tmp_path: Path, scheme: str
) -> tuple[str, Callable[[str, int, tuple[str, str]], None], str, tuple[PlanRevision, ...]]:
    """A store of ``scheme`` holding the sample framework: its URL, how to rewrite a stored
    revision, the path of the framework in its document, and its revisions."""
    template, spoil, root = STORES[scheme]
    url = template.format(tmp=tmp_path)
    with open_store(url) as store:
        store.save_framework(sample_framework(), 0, by="Ann", reason="the plan")
        return url, spoil, root, store.plan_revisions()


@pytest.mark.parametrize("scheme", sorted(STORES))
def test_a_stored_update_with_a_control_character_is_refused_naming_it(
    tmp_path: Path, scheme: str
) -> None:
    url, spoil, root, revisions = _saved(tmp_path, scheme)
    spoil(url, 1, SPOILT_TEXT)

    field = f"{root}.delivery_plans[0].actions[0].updates[0].text"
    problem = "text must not hold control characters: character 1 is U+001B; write plain text"
    with open_store(url) as store:
        for what, use in (
            ("load_framework", store.load_framework),
            ("framework_at", lambda: store.framework_at(1)),
            (
                "record_action_update",
                lambda: store.record_action_update(
                    "D2", ActionUpdate(on="2024-12-01", text="Begun", by="Bob"), 1
                ),
            ),
        ):
            with pytest.raises(UnreadableFrameworkError) as refused:
                use()
            assert refused.value.revision == 1, what
            (line,) = refused.value.problems
            assert line.endswith(f"(framework revision 1): {field}: {problem}"), (what, line)
        assert store.plan_revisions() == revisions


SPOILT_FIELDS = {
    # the field's path in the framework: its text as stored, and the same after a hidden character
    "indicators[0].title": (
        '"title": "Homelessness cases prevented (HS01)"',
        '"title": "\\u202eHomelessness cases prevented (HS01)"',
        "title must not hold control characters: character 1 is U+202E (RIGHT-TO-LEFT "
        "OVERRIDE); write plain text",
    ),
    "indicators[0].owner": (
        '"owner": "Head of Housing"',
        '"owner": "Head of\\u0000Housing"',
        "owner must not hold control characters: character 8 is U+0000; write plain text",
    ),
    "committees[0].name": (
        '"name": "Cabinet"',
        '"name": "\\u001b[31mCabinet"',
        "name must not hold control characters: character 1 is U+001B; write plain text",
    ),
    "plan.vision": (
        '"vision": "A place where everyone thrives"',
        '"vision": "A place where everyone thrives\\u009b"',
        "vision must not hold control characters: character 31 is U+009B; write plain text",
    ),
}


@pytest.mark.parametrize("scheme", sorted(STORES))
@pytest.mark.parametrize("path", sorted(SPOILT_FIELDS))
def test_any_stored_text_with_a_control_character_is_refused_naming_its_field(
    tmp_path: Path, scheme: str, path: str
) -> None:
    url, spoil, root, revisions = _saved(tmp_path, scheme)
    stored, spoilt, problem = SPOILT_FIELDS[path]
    spoil(url, 1, (stored, spoilt))

    with open_store(url) as store:
        with pytest.raises(UnreadableFrameworkError) as refused:
            store.load_framework()
        (line,) = refused.value.problems
        assert line.endswith(f"(framework revision 1): {root}.{path}: {problem}"), line
        assert store.plan_revisions() == revisions
