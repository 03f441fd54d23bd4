"""The contract kit: the tests every councilpmf plugin passes, shipped for plugin authors.

Three contracts, each a test class to subclass in a test module:

- :class:`StoreContract` (:mod:`~councilpmf.testing.store_contract`): a store keeps the
  promises of :class:`councilpmf.store.Store`;
- :class:`FormatContract` (:mod:`~councilpmf.testing.format_contract`): a report format
  renders every kind of report, deterministically, with hostile council text kept inert;
- :class:`RuleContract` (:mod:`~councilpmf.testing.rule_contract`): a rating rule round-trips
  through the converter and rates the way councils expect at the boundaries.

Every check says what it compared, with what was expected and what came instead
(:mod:`~councilpmf.testing.expect`), so a failure reads well in any test suite, with or
without pytest's assertion rewriting and ``-p councilpmf.testing``: the contracts use no bare
``assert``. The other modules hold the records the contracts write
(:mod:`~councilpmf.testing.samples`), the store contract's stateful model
(:mod:`~councilpmf.testing.store_model`), its multi-process worker
(:mod:`~councilpmf.testing.processes`), its tests of approval, of repairing a framework
revision that no longer reads, of comparator values, of saving a whole council in one
transaction, of histories read in bulk, of who makes each change and of stored text that a
reading refuses (:mod:`~councilpmf.testing.approval_contract`,
:mod:`~councilpmf.testing.repair_contract`, :mod:`~councilpmf.testing.comparator_contract`,
:mod:`~councilpmf.testing.council_contract`, :mod:`~councilpmf.testing.history_contract`,
:mod:`~councilpmf.testing.author_contract`, :mod:`~councilpmf.testing.frame_contract`),
its checks of a store's answers
(:mod:`~councilpmf.testing.store_checks`) and the pytest plugin
(:mod:`~councilpmf.testing.plugin`).

The package imports ``pytest`` and ``hypothesis``: it is a test helper, and they are test
dependencies (``pip install 'councilpmf[test]'``), not needs of the library itself.

Each contract module says how to use it; :class:`StoreContract`, for example::

    import pytest
    from councilpmf.testing import StoreContract

    class TestRedisStore(StoreContract):
        @pytest.fixture
        def store_url(self, tmp_path):
            return f"redis://127.0.0.1:6379/{tmp_path.name}"

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

from councilpmf.testing.format_contract import FormatContract
from councilpmf.testing.plugin import pytest_addoption as pytest_addoption
from councilpmf.testing.plugin import pytest_collect_file as pytest_collect_file
from councilpmf.testing.rule_contract import RuleContract
from councilpmf.testing.samples import HOSTILE_IDS, sample_framework
from councilpmf.testing.store_contract import TMP, StoreContract

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
