"""Running the ``councilpmf`` command in a test, in-process, as a user runs it: one way for every
test of the command line (``from cli_run import run``; conftest.py puts tests/ on the path)."""

from __future__ import annotations

import os

from click.testing import CliRunner, Result

from councilpmf import cli

WIDE = {"COLUMNS": "250"}
"""A terminal wide enough that the text format writes no cell over two lines."""


def run(*args: str | os.PathLike[str], wide: bool = False) -> Result:
    """Run ``councilpmf ARGS`` in-process (exceptions are caught, not re-raised), in a terminal
    of the width the environment says or, with ``wide``, of 250 columns."""
    runner = CliRunner(env=WIDE if wide else None)
    return runner.invoke(cli.main, [os.fspath(a) for a in args], prog_name="councilpmf")


def assert_clean(result: Result) -> None:
    """No traceback: the command exited through click, not through an uncaught exception."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}\n{result.output}"
    )


def run_cleanly(*args: str | os.PathLike[str], wide: bool = False) -> Result:
    """:func:`run`, failing the test if the command ends in a traceback, whatever its exit
    code: nothing a user can get wrong may end in one."""
    result = run(*args, wide=wide)
    assert_clean(result)
    return result


def run_wide(*args: str | os.PathLike[str]) -> Result:
    """:func:`run_cleanly` in a terminal 250 columns wide, for tests that read the text
    format's tables a row to a line."""
    return run_cleanly(*args, wide=True)
