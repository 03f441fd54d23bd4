"""The contract kit: the tests every councilpmf plugin passes, shipped for plugin authors.

Three contracts, each a test class to subclass in a test module:

- :class:`StoreContract` (:mod:`~councilpmf.testing.store_contract`): a store keeps the
  promises of :class:`councilpmf.store.Store`;
- :class:`FormatContract` (:mod:`~councilpmf.testing.format_contract`): a report format
  renders every kind of report, deterministically, with hostile council text kept inert;
- :class:`RuleContract` (:mod:`~councilpmf.testing.rule_contract`): a rating rule round-trips
  through the converter and rates the way councils expect at the boundaries.

Every check says what it compared, with what was expected and what came instead
(:mod:`~councilpmf.testing.expect`), so a contract reads well in any test suite, with or
without ``-p councilpmf.testing``. The other modules hold the records the contracts write
(:mod:`~councilpmf.testing.samples`), the store contract's stateful model
(:mod:`~councilpmf.testing.store_model`), its multi-process worker
(:mod:`~councilpmf.testing.processes`), its checks of a store's answers
(:mod:`~councilpmf.testing.store_checks`) and the pytest plugin
(:mod:`~councilpmf.testing.plugin`).

The package imports ``pytest`` and ``hypothesis``: it is a test helper, and they are test
dependencies (``pip install 'councilpmf[test]'``), not needs of the library itself.

**A store.** Subclass :class:`StoreContract` and give the URL of a fresh, empty store for each
test::

    import pytest
    from councilpmf.testing import StoreContract

    class TestRedisStore(StoreContract):
        @pytest.fixture
        def store_url(self, tmp_path):
            return f"redis://127.0.0.1:6379/{tmp_path.name}"

Stores are opened with :func:`councilpmf.store.open_store`, so the plugin must be installed (or
registered) for its scheme. Fixtures a subclass may override:

``store_url``
    The URL of a fresh, empty store for one test. A ``{tmp}`` in it is replaced by the test's
    own temporary directory: ``"sqlite:///{tmp}/c.db"`` is as good as building it from
    ``tmp_path``.
``store_url_factory``
    A callable giving the URL of another fresh, empty store on each call; the property-based
    and stateful tests open one per example. The default makes one from ``store_url``: a
    ``{tmp}``, the test's ``tmp_path`` or its ``tmp_path.name`` in the URL is replaced by a new
    temporary directory (or its name); a transient store (``persistent = False``) reuses the
    URL, because every open of it is empty. Override it when none of that applies.
``open_store``
    A callable ``url -> Store``; the default is :func:`councilpmf.store.open_store`. Override
    it (as a yield fixture) when the store needs setup or teardown around the test. The
    multi-process test opens the store in child processes with this callable when it can be
    pickled (a module-level function), else with :func:`councilpmf.store.open_store`.

Class attributes: ``persistent = False`` for a store that forgets everything when closed, like
``memory://`` (skips the reopen tests); ``multiprocess = False`` for one that several processes
cannot share (skips the multi-process test); ``max_examples``, ``stateful_examples`` and
``stateful_steps`` bound the property-based tests for a slow store.

**A store from the command line.** Without writing a test module, run the store contract
against any URL::

    python -m pytest -p councilpmf.testing --pyargs councilpmf.testing \\
        --councilpmf-store-url='sqlite:///{tmp}/c.db'

``-p councilpmf.testing`` adds the options and collects
:mod:`councilpmf.testing.command_line`, whose :class:`TestStoreFromCommandLine` runs the
contract. Each test, and each example of a property-based test, gets a new temporary directory
for ``{tmp}``, so every one starts from an empty store; a URL without ``{tmp}`` must name a
store that is empty for every test (a server database that is wiped between tests, say).
``memory://`` URLs, and any URL given with ``--councilpmf-store-transient``, skip the reopen and
multi-process tests. Add ``-k`` to run some tests only, as usual.
"""

import pytest

# Rewrite the contracts' asserts as pytest rewrites a test module's, before they are imported;
# their checks carry their own messages too, so nothing depends on it.
pytest.register_assert_rewrite(
    "councilpmf.testing.expect",
    "councilpmf.testing.store_checks",
    "councilpmf.testing.store_contract",
    "councilpmf.testing.store_model",
    "councilpmf.testing.format_contract",
    "councilpmf.testing.rule_contract",
)

from councilpmf.testing.format_contract import FormatContract  # noqa: E402
from councilpmf.testing.plugin import pytest_addoption as pytest_addoption  # noqa: E402
from councilpmf.testing.plugin import pytest_collect_file as pytest_collect_file  # noqa: E402
from councilpmf.testing.rule_contract import RuleContract  # noqa: E402
from councilpmf.testing.samples import HOSTILE_IDS, sample_framework  # noqa: E402
from councilpmf.testing.store_contract import TMP, StoreContract  # noqa: E402

# The pytest hooks, found here by ``-p councilpmf.testing``, are left out, so that a star import
# into a test module does not add them there.
__all__ = [
    "HOSTILE_IDS",
    "TMP",
    "FormatContract",
    "RuleContract",
    "StoreContract",
    "sample_framework",
]
