"""The whole store contract (:mod:`councilpmf.testing`) against a real PostgreSQL server, each
test and each property-based example in a new, empty schema."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from postgres_fixtures import (  # noqa: F401  (fixtures, used by name)
    fresh_store_url_fixture,
    postgres_database_fixture,
    postgres_server_fixture,
    spoil_postgres,
    spoil_postgres_reading,
)

from councilpmf.testing import StoreContract
from councilpmf.testing.frame_contract import ReadingSpoiler


class TestPostgresStore(StoreContract):
    processes = 4

    @pytest.fixture
    def store_url(self, fresh_store_url: Callable[[], str]) -> str:
        return fresh_store_url()

    @pytest.fixture
    def store_url_factory(self, fresh_store_url: Callable[[], str]) -> Callable[[], str]:
        return fresh_store_url

    @pytest.fixture
    def spoil_framework(self) -> Callable[[str, int], None]:
        return spoil_postgres

    @pytest.fixture
    def spoil_reading(self) -> ReadingSpoiler:
        return spoil_postgres_reading
