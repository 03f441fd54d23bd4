"""Stores read frameworks back with the rating-rule kinds they are handed: ``open_store`` hands
them the installed ones, a store opened directly knows the built-in ones only."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import attrs
import pytest

from councilpmf import open_store, plugins
from councilpmf.core.framework import Framework
from councilpmf.core.plan import StrategicPlan
from councilpmf.core.rag import BUILTIN_RULES, Rating, RatingContext, Status
from councilpmf.default_plugins.json_store import JsonStore
from councilpmf.default_plugins.sqlite_store import SqliteStore
from councilpmf.store import StoreBase, StoreError


@attrs.frozen(kw_only=True)
class AlwaysAmber:
    kind: ClassVar[str] = "always-amber"
    uses_target: ClassVar[bool] = False

    def rate(self, context: RatingContext) -> Rating:
        return Rating(status=Status.AMBER, explanation="Amber, whatever the value")


FRAMEWORK = Framework(
    plan=StrategicPlan(title="Plan", organisation="Anytown Council"), default_rule=AlwaysAmber()
)
WITH_PLUGIN = {**BUILTIN_RULES, AlwaysAmber.kind: AlwaysAmber}


@pytest.fixture(params=["sqlite", "json"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/pmf.db" if request.param == "sqlite" else f"json://{tmp_path}/s"


def _opener(url: str) -> type[SqliteStore] | type[JsonStore]:
    return SqliteStore if url.startswith("sqlite") else JsonStore


def test_open_store_hands_the_installed_rule_kinds(url: str) -> None:
    with open_store(url) as store:
        assert isinstance(store, StoreBase)
        assert store.rules == plugins.rule_kinds()


def test_a_framework_with_a_plugin_rule_reads_back_with_that_kind(url: str) -> None:
    with _opener(url)(url, rules=WITH_PLUGIN) as store:
        store.save_framework(FRAMEWORK, 0, by="analyst")
        assert store.load_framework() == (FRAMEWORK, 1)


def test_opened_without_that_kind_the_framework_is_refused_naming_it(url: str) -> None:
    with _opener(url)(url, rules=WITH_PLUGIN) as store:
        store.save_framework(FRAMEWORK, 0, by="analyst")
    with _opener(url)(url) as store:
        assert store.rules is BUILTIN_RULES
        with pytest.raises(StoreError, match=r"default_rule.*'always-amber'"):
            store.load_framework()
