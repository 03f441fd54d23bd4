"""The hooks through which plugins add stores, report formats, rating rules and checks.

The built-in stores and formats are registered through these same hooks
(``councilpmf.default_plugins``). A plugin is a module with functions named after the hooks and
marked with :data:`councilpmf.hookimpl`, registered through an entry point in the ``councilpmf``
group. Each hook returns a list of records that are checked when councilpmf starts; a name
(format, store scheme, rule kind, check) is offered by one plugin only unless the one pluggy
calls first (``tryfirst``, else the one registered last) declares ``overrides``.
``councilpmf plugins`` lists who provides what; docs/plugins.md is the full reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from councilpmf.core.rule import Rule
    from councilpmf.plugin_types import CheckType, ReportFormat, StoreType

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("councilpmf")
hookimpl = pluggy.HookimplMarker("councilpmf")


@hookspec
def councilpmf_stores() -> list[StoreType]:  # type: ignore[empty-body]
    """Return the kinds of store this plugin provides.

    Example: a store for URLs ``redis://...``::

        from councilpmf import hookimpl
        from councilpmf.plugin_types import StoreType

        @hookimpl
        def councilpmf_stores():
            return [StoreType(scheme="redis", open=RedisStore.open,
                              description="Readings kept in Redis")]

    ``open(url, rules=...)`` receives the whole URL and the installed rating-rule kinds (for
    :func:`councilpmf.records.framework_from_data`) and returns an object that follows the
    :class:`councilpmf.store.Store` protocol (:class:`councilpmf.store.StoreBase` and
    :class:`councilpmf.sqlstore.SqlStore` write most of it). Run ``councilpmf.testing``'s
    contract suite against it.
    """


@hookspec
def councilpmf_report_formats() -> list[ReportFormat]:  # type: ignore[empty-body]
    """Return the report formats this plugin provides.

    Example: a format that writes a report's title and nothing else::

        @hookimpl
        def councilpmf_report_formats():
            return [ReportFormat(name="title", suffix=".txt", media_type="text/plain",
                                 render=lambda report: report.title + "\\n",
                                 description="Just the title")]

    ``render`` receives the format-free report document (a
    :class:`councilpmf.core.report.Report`), returns text or bytes, and must not recompute
    ratings. ``overrides=True`` replaces a format of the same name on purpose.
    """


@hookspec
def councilpmf_rag_rules() -> list[type[Rule]]:  # type: ignore[empty-body]
    """Return rating-rule classes, so that plans can name them by their ``kind``.

    Example::

        @attrs.frozen(kw_only=True)
        class NeverRed:
            kind: ClassVar[str] = "never-red"
            uses_target: ClassVar[bool] = True
            def rate(self, context): ...

        @hookimpl
        def councilpmf_rag_rules():
            return [NeverRed]

    A rule is a frozen attrs class with a ``kind`` and ``uses_target`` class attribute and a
    ``rate(context) -> Rating`` method; see :mod:`councilpmf.core.rag`.
    """


@hookspec
def councilpmf_checks() -> list[CheckType]:  # type: ignore[empty-body]
    """Return extra golden-thread or data-quality checks, run by ``councilpmf validate``.

    Example: every indicator must have an owner::

        def owners(framework, readings, as_of):
            for i, indicator in enumerate(framework.indicators):
                if not indicator.owner:
                    yield Finding(severity=Severity.WARNING, code="no-owner",
                                  message=f"{indicator.id} has no owner",
                                  path=f"$.indicators[{i}].owner")

        @hookimpl
        def councilpmf_checks():
            return [CheckType(name="owners", run=owners, description="Indicators have owners")]
    """
