"""A store URL is shown without its password, wherever the library names a store: in every
message, command output and plugin, whether the password is before the host or in the query."""

from __future__ import annotations

import pickle
import urllib.parse

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from councilpmf import cli
from councilpmf.plugins import open_store
from councilpmf.store import UnknownSchemeError, UnreadableFrameworkError, without_password


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # a user and a password, with and without a port
        ("postgresql://ann:s3cret@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://ann:s3cret@db:5433/pmf", "postgresql://ann@db:5433/pmf"),
        ("postgres://ann:s3cret@[::1]:5433/pmf", "postgres://ann@[::1]:5433/pmf"),
        # a password and no user
        ("postgresql://:s3cret@db/pmf", "postgresql://db/pmf"),
        # a user and no password, or neither: as written
        ("postgresql://ann@db:5433/pmf", "postgresql://ann@db:5433/pmf"),
        ("postgresql://ann:@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://db/pmf", "postgresql://db/pmf"),
        (
            "postgresql:///pmf?host=/var/run/postgresql",
            "postgresql:///pmf?host=/var/run/postgresql",
        ),
        # a password in the query, alone, among others, in any case, percent-encoded
        ("postgresql://db/pmf?password=s3cret", "postgresql://db/pmf"),
        (
            "postgresql://ann@db/pmf?sslmode=require&password=s3cret&application_name=pmf",
            "postgresql://ann@db/pmf?sslmode=require&application_name=pmf",
        ),
        ("postgresql://db/pmf?PASSWORD=s3cret&user=ann", "postgresql://db/pmf?user=ann"),
        ("postgresql://db/pmf?pass%77ord=s3cret", "postgresql://db/pmf"),
        ("postgresql://db/pmf?sslpassword=s3cret#top", "postgresql://db/pmf#top"),
        ("postgresql://db?password=s3cret", "postgresql://db"),
        ("postgresql://?password=s3cret", "postgresql://"),
        # a service file names the server (docs/deploying.md)
        ("postgresql:///?service=pmf&password=s3cret", "postgresql:///?service=pmf"),
        ("postgresql://ann:s3cret@db?sslmode=require", "postgresql://ann@db?sslmode=require"),
        # both at once
        ("postgresql://ann:one@db/pmf?password=two", "postgresql://ann@db/pmf"),
        # odd characters in the password: percent-encoded, or written as they are
        ("postgresql://ann:p%40ss%2Fw%3Ard@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://ann:p@ss@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://ann:a:b?c#d@db/pmf", "postgresql://ann@db/pmf"),
        # a raw "/" cannot be told from a path: all up to the last "@" is the user's part
        ("postgresql://ann:se/cret@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://ann:12/34@db:5433/pmf", "postgresql://ann@db:5433/pmf"),
        ("postgresql://ann:a@b/c@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://ann:/x?y=z@db?sslmode=require", "postgresql://ann@db?sslmode=require"),
        ("postgresql://team/a:s3cret@db/pmf", "postgresql://team/a@db/pmf"),
        ("postgresql://ann:päss wörd@db/pmf", "postgresql://ann@db/pmf"),
        ("postgresql://ann%40council:s3cret@db/pmf", "postgresql://ann%40council@db/pmf"),
        # an "@" in the query (a user named as some hosted servers name them) is no password
        # holding "/": a URL libpq reads is shown whole, port and database included
        ("postgresql://db:5432/pmf?user=ann@srv", "postgresql://db:5432/pmf?user=ann@srv"),
        ("postgresql://[::1]:5432/pmf?user=ann@srv", "postgresql://[::1]:5432/pmf?user=ann@srv"),
        (
            "postgresql://[2001:db8::1]:5432/pmf?user=ann@srv&password=s3cret",
            "postgresql://[2001:db8::1]:5432/pmf?user=ann@srv",
        ),
        (
            "postgresql://ann:s3cret@db:5432/pmf?user=ann@srv",
            "postgresql://ann@db:5432/pmf?user=ann@srv",
        ),
        (
            "postgresql://db:5432/pmf?user=ann@srv&host=/var/run/postgresql",
            "postgresql://db:5432/pmf?user=ann@srv&host=/var/run/postgresql",
        ),
        ("postgresql://db/pmf?user=ann@srv&password=s3cret", "postgresql://db/pmf?user=ann@srv"),
        # an "@" in a password in the query, with a "/" after it or not
        ("postgresql://db:5432/pmf?password=p@ssword", "postgresql://db:5432/pmf"),
        (
            "postgresql://db:5432/pmf?password=p@ss/word&sslmode=require",
            "postgresql://db:5432/pmf?sslmode=require",
        ),
        # an "@" in the user, written as it is
        ("postgresql://ann@srv:s3cret@db:5432/pmf", "postgresql://ann@srv@db:5432/pmf"),
        ("postgresql://ann@srv@db:5432/pmf", "postgresql://ann@srv@db:5432/pmf"),
        ("postgresql://ann@srv:s3cret@[::1]:5432/pmf", "postgresql://ann@srv@[::1]:5432/pmf"),
        # an IPv6 host, with a zone
        ("postgresql://ann:s3cret@[fe80::1%25eth0]/pmf", "postgresql://ann@[fe80::1%25eth0]/pmf"),
        # stores that have no password are left as they are
        ("sqlite:///councilpmf.db", "sqlite:///councilpmf.db"),
        ("sqlite:///data/a:b@c.db", "sqlite:///data/a:b@c.db"),
        ("json:///srv/pmf", "json:///srv/pmf"),
        ("memory://", "memory://"),
        ("councilpmf.db", "councilpmf.db"),
    ],
)
def test_a_password_is_left_out_and_the_rest_kept_as_written(url: str, shown: str) -> None:
    assert without_password(url) == shown
    assert without_password(shown) == shown  # nothing more to leave out


# what a password may hold: anything, a raw "/" included
SECRETS = st.text(st.characters(exclude_categories=("Cs",)), max_size=12).map(
    lambda text: "SECRET" + text
)


@given(
    secret=SECRETS,
    user=st.sampled_from(["", "ann", "ann%40council"]),
    port=st.sampled_from(["", ":5432"]),
    query=st.sampled_from(["", "?sslmode=require", "?password=SECRET2&sslmode=require"]),
    quoted=st.booleans(),
)
def test_no_password_is_ever_shown(
    secret: str, user: str, port: str, query: str, quoted: bool
) -> None:
    written = urllib.parse.quote(secret, safe="") if quoted else secret
    url = f"postgresql://{user}:{written}@db.example{port}/pmf{query}"
    shown = without_password(url)
    assert "SECRET" not in shown
    assert shown.startswith(f"postgresql://{user}{'@' if user else ''}db.example{port}/pmf")
    query_secret = urllib.parse.quote(secret, safe="")
    assert "SECRET" not in without_password(f"postgresql://db/pmf?password={query_secret}")


@given(
    password=st.text(min_size=4, max_size=20),
    scheme=st.sampled_from(["postgresql", "postgres", "redis"]),
    host=st.sampled_from(["db", "db.example:5433", "[::1]:5432"]),
    database=st.sampled_from(["pmf", "council_2025"]),
)
def test_no_part_of_any_password_is_shown_and_the_host_and_database_are_kept(
    password: str, scheme: str, host: str, database: str
) -> None:
    """Whatever a password holds (``@``, ``/``, ``?``, ``#``, ``:``, written as it is), it is
    not shown, and the host and database are."""
    kept = f"{scheme}://ann@{host}/{database}"
    assume(password not in kept)  # a password that is part of the URL's other parts is shown
    shown = without_password(f"{scheme}://ann:{password}@{host}/{database}")
    assert password not in shown
    assert shown == kept


# what a password in the query may hold written as it is: anything but "&" and "#", which end it
QUERY_PASSWORDS = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="&#"), min_size=4, max_size=20
)


@given(
    password=QUERY_PASSWORDS,
    host=st.sampled_from(["db", "db:5432", "[::1]:5432", "[2001:db8::1]", "db.example:5433"]),
    user=st.sampled_from(["ann@srv", "ann@council.example", "ann", "a@b@c"]),
    database=st.sampled_from(["pmf", ""]),
    after=st.sampled_from(["", "&sslmode=require", "&host=/var/run/postgresql"]),
)
def test_a_user_in_the_query_is_shown_as_given_and_the_password_beside_it_never(
    password: str, host: str, user: str, database: str, after: str
) -> None:
    """A user given in the query, "@" and all, with the password after it: every part but the
    password is shown as written (host, port, database, user, other parameters)."""
    kept = f"postgresql://{host}/{database}?user={user}{after}"
    assume(password not in kept)
    shown = without_password(
        f"postgresql://{host}/{database}?user={user}&password={password}{after}"
    )
    assert password not in shown
    assert shown == kept


def test_an_unknown_scheme_is_refused_without_the_password() -> None:
    with pytest.raises(UnknownSchemeError) as refused:
        open_store("redis://ann:s3cret@cache/0?password=s3cret")
    assert "s3cret" not in str(refused.value)
    assert str(refused.value).startswith("'redis://ann@cache/0' is not a store URL")


def test_the_command_line_never_prints_the_password() -> None:
    result = CliRunner().invoke(
        cli.main, ["report", "redis://ann:s3cret@cache/0", "--period", "2024/25 Q1"]
    )
    assert result.exit_code != 0
    assert "s3cret" not in result.output
    assert "redis://ann@cache/0" in result.output


def test_an_unreadable_framework_keeps_its_store_url_without_the_password() -> None:
    error = UnreadableFrameworkError(
        ("db/pmf (framework revision 2): $.id: ...",),
        url="postgresql://ann:s3cret@db/pmf?password=s3cret",
        revision=2,
    )
    again = pickle.loads(pickle.dumps(error))
    assert error.url == again.url == "postgresql://ann@db/pmf"
