"""The store contract against ``--councilpmf-store-url``: collected by the pytest plugin when
the package is named on the command line (``pytest -p councilpmf.testing --pyargs
councilpmf.testing --councilpmf-store-url=URL``)."""

from __future__ import annotations

import pytest

from councilpmf.testing.store_contract import StoreContract

__all__ = ["TestStoreFromCommandLine"]


class TestStoreFromCommandLine(StoreContract):
    """The contract against ``--councilpmf-store-url``; skipped without one."""

    @pytest.fixture(autouse=True)
    def _from_command_line(self, request: pytest.FixtureRequest) -> None:
        url = request.config.getoption("councilpmf_store_url", default=None)
        if not url:
            pytest.skip("give -p councilpmf.testing --councilpmf-store-url=URL to run the contract")
        transient = bool(request.config.getoption("councilpmf_store_transient", default=False))
        transient |= str(url).startswith("memory:")
        self.persistent = self.multiprocess = not transient
