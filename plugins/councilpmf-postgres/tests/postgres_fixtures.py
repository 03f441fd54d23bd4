"""Fixtures for the councilpmf-postgres tests: a server from ``COUNCILPMF_TEST_POSTGRES``, one
database for the session, and a fresh schema (a whole new, empty store) whenever asked.

With ``COUNCILPMF_TEST_POSTGRES`` unset these tests are skipped, except under CI (``CI`` set),
where they fail: CI must really run them (``ci/postgres.sh start`` prints the URL to set).

Not a ``conftest.py``: the project's own tests (``tests/``) have one, and with
``--doctest-modules`` two ``conftest`` modules outside packages clash. Each test module imports
the fixtures it uses from here instead.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from councilpmf_postgres import encode_text

from councilpmf.core.periods import Period
from councilpmf.testing.frame_contract import SPOILABLE

ENV = "COUNCILPMF_TEST_POSTGRES"


def with_database(url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def with_schema(url: str, schema: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    query.append(("options", f"-csearch_path={schema}"))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@pytest.fixture(scope="session", name="postgres_server")
def postgres_server_fixture() -> str:
    """The URL of the test server, or a skip (a failure under CI) when there is none."""
    url = os.environ.get(ENV, "").strip()
    if not url:
        message = (
            f"{ENV} is not set: start a server with plugins/councilpmf-postgres/ci/postgres.sh "
            f"start and export {ENV} as the URL it prints"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the PostgreSQL tests)", pytrace=False)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session", name="postgres_database")
def postgres_database_fixture(postgres_server: str) -> Iterator[str]:
    """A database of its own for this test session, dropped at the end."""
    name = f"councilpmf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield with_database(postgres_server, name)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


@pytest.fixture(name="fresh_store_url")
def fresh_store_url_fixture(postgres_database: str) -> Iterator[Callable[[], str]]:
    """A callable giving the URL of a new, empty schema on each call; all are dropped after
    the test."""
    made: list[str] = []

    def fresh() -> str:
        schema = f"s_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(postgres_database, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"'.encode())
        made.append(schema)
        return with_schema(postgres_database, schema)

    yield fresh
    if made:
        with psycopg.connect(postgres_database, autocommit=True) as admin:
            for schema in made:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'.encode())


SPOILT_ID = ('"id": "HS01"', '"id": "HS01 "')
"""An indicator id of the contract's sample framework, and the same id with a space after it,
which an earlier release let through and today's records refuse."""


def spoil_postgres(url: str, revision: int, change: tuple[str, str] = SPOILT_ID) -> None:
    """Rewrite the stored document of framework revision ``revision`` of the store at ``url``
    with raw SQL, replacing ``change[0]`` with ``change[1]``."""
    with psycopg.connect(url, autocommit=True) as db:
        done = db.execute(
            "UPDATE framework SET document = replace(document, %s, %s) WHERE revision = %s",
            (*change, revision),
        )
        assert done.rowcount == 1, f"{url} has no framework revision {revision}"


_CURRENT_COLUMNS = (
    'start, "end", seq, period, revision, value, whole, missing_reason, status, note, '
    "published_status, approval"
)


_ENCODED = ("missing_reason", "note", "published_status")
"""The columns besides the indicator whose text the store keeps encoded."""


def spoil_postgres_reading(url: str, indicator: str, period: Period, field: str, text: str) -> None:
    """Write ``text`` (encoded as the store keeps text) as the column ``field`` of the current
    reading of ``indicator`` in ``period`` of the store at ``url`` with raw SQL. A new
    indicator is a new row, its revisions moved to it, the old row deleted, in one transaction:
    the revisions' foreign key allows nothing else; for a new period the revisions are set
    aside while the row's period changes."""
    assert field in SPOILABLE, field
    key = (encode_text(indicator), str(period))
    with psycopg.connect(url) as db, db.transaction():
        if field == "indicator":
            new = encode_text(text)
            done = db.execute(
                f"INSERT INTO readings_current (indicator, {_CURRENT_COLUMNS}) "
                f"SELECT %s, {_CURRENT_COLUMNS} FROM readings_current "
                "WHERE indicator = %s AND period = %s",
                (new, *key),
            )
            db.execute(
                "UPDATE reading_revisions SET indicator = %s WHERE indicator = %s AND period = %s",
                (new, *key),
            )
            db.execute("DELETE FROM readings_current WHERE indicator = %s AND period = %s", key)
        elif field == "period":  # the same row (its key is not the period): revisions set aside
            revisions = db.execute(
                "DELETE FROM reading_revisions WHERE indicator = %s AND period = %s "
                "RETURNING revision, old, new, by, at, reason",
                key,
            ).fetchall()
            done = db.execute(
                "UPDATE readings_current SET period = %s WHERE indicator = %s AND period = %s",
                (text, *key),
            )
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO reading_revisions "
                    "(indicator, period, revision, old, new, by, at, reason) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [(key[0], text, *revision) for revision in revisions],
                )
        else:
            done = db.execute(
                f"UPDATE readings_current SET {field} = %s WHERE indicator = %s AND period = %s",
                (encode_text(text) if field in _ENCODED else text, *key),
            )
        assert done.rowcount == 1, f"{url} has no reading of {indicator!r} for {period}"
