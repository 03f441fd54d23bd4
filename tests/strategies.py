"""The strategies of :mod:`councilpmf._strategies`, for tests: ``from strategies import ...``."""

from councilpmf._strategies import *  # noqa: F403
from councilpmf._strategies import RECORDS, S, tuples_of  # noqa: F401
