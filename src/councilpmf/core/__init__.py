"""The pure domain core of councilpmf.

Nothing in this package reads files, databases, the network, the environment, the clock or a
source of randomness: plain values go in and plain values come out. "Today" is always an
argument (``as_of``). A contract in ``pyproject.toml`` (import-linter), run by the tests, keeps
it so.
"""
