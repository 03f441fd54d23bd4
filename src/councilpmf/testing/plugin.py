"""The pytest plugin: ``-p councilpmf.testing`` adds the store contract's options and collects
the command-line run of the contract when this package is named with ``--pyargs``."""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["pytest_addoption", "pytest_collect_file"]

_COMMAND_LINE = Path(__file__).with_name("command_line.py")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--councilpmf-store-url`` and ``--councilpmf-store-transient``."""
    group = parser.getgroup("councilpmf", "councilpmf store contract")
    group.addoption(
        "--councilpmf-store-url",
        dest="councilpmf_store_url",
        default=None,
        metavar="URL",
        help=(
            "run the store contract (--pyargs councilpmf.testing) against this URL; "
            "{tmp} in it becomes a fresh temporary directory for every test and example"
        ),
    )
    group.addoption(
        "--councilpmf-store-transient",
        dest="councilpmf_store_transient",
        action="store_true",
        default=False,
        help=(
            "the store keeps nothing once closed and cannot be shared between processes "
            "(memory:// always is): skip the reopen and multi-process tests"
        ),
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Collect :mod:`councilpmf.testing.command_line`, whose name pytest would not collect by
    itself, when the walk reaches it (``--pyargs councilpmf.testing``)."""
    if file_path == _COMMAND_LINE:
        module: pytest.Module = pytest.Module.from_parent(parent, path=file_path)
        return module
    return None
