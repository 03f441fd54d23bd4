"""The ``councilpmf`` command.

``demo`` · ``validate SOURCE`` · ``load FOLDER --store URL`` · ``record FILE.csv --store URL --by
NAME`` · ``update-action REF --by NAME --text TEXT`` · ``report SOURCE --period P`` · ``audit
SOURCE [--suggest-rule]`` · ``due SOURCE`` · ``submit``, ``approve`` and ``return STORE --period
P`` · ``history STORE`` · ``diff OLD NEW`` · ``plugins``. A SOURCE is a council folder (a
directory with ``plan.toml``) or a store URL (anything with ``://``).

Exit codes: 0 when all went well; 1 when a check found errors or an operation was refused (bad
input, a stale write, a store that said no); 2 for a usage error (an unknown command, option,
report format, committee or store scheme, a committee's name that more than one committee
answers to, a malformed date) and for a broken or failing plugin.
Everything a user can get wrong is reported as ``error: ...`` on standard error, never as a
traceback (``--debug`` shows one): the library's errors are mapped to exit codes in one place,
:func:`exit_code`, and reported in one place, :class:`CouncilGroup`. The command does not repeat
the library's checks (store schemes, committees): it lets the library's error speak.

This module is outside the pure core, so it may read the clock: ``--as-of`` defaults to today.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shlex
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click
from click.decorators import FC
from tabulate import tabulate

import councilpmf
from councilpmf import records
from councilpmf.core._validate import text_problem
from councilpmf.core.actions import ActionUpdate, StatusVocabulary, percent_text
from councilpmf.core.approval import ApprovalPolicy, Move, approved_only, blank, same_person
from councilpmf.core.assess import Readings
from councilpmf.core.checks import run_checks
from councilpmf.core.convert import InputError
from councilpmf.core.diff import diff_frameworks
from councilpmf.core.errors import (
    AmbiguousNameError,
    CouncilPMFError,
    PluginError,
    UnknownNameError,
)
from councilpmf.core.findings import Finding, Severity
from councilpmf.core.framework import Framework
from councilpmf.core.indicators import Approval, ComparatorGroup, Reading, ReadingRevision
from councilpmf.core.names import name_key
from councilpmf.core.periods import Period, PeriodError, format_date, parse_period
from councilpmf.core.report import REPORT_KINDS, audit_report, build_report, returns_report
from councilpmf.escape import readable
from councilpmf.folder import CouncilFolder, read_reading_rows
from councilpmf.plugin_types import ReportFormat
from councilpmf.plugins import (
    PluginInfo,
    PluginWarning,
    blame,
    check_types,
    get_plugin_manager,
    load_folder,
    open_store,
    plugin_list,
    report_formats,
    rule_kinds,
)
from councilpmf.store import (
    NotFoundError,
    PlanRevision,
    ReadingKey,
    RecordSummary,
    Store,
    StoreError,
    UnreadableFrameworkError,
    approved_revisions,
    default_store_url,
    without_password,
)

__all__ = [
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "PROGRESS_THRESHOLD",
    "CouncilGroup",
    "Refused",
    "exit_code",
    "main",
]

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

# Progress is shown on standard error only for more readings than this; smaller runs print
# nothing extra.
PROGRESS_THRESHOLD = 20_000
# Rows naming unknown indicators listed before "... and N more".
_LISTED_ROWS = 20

DEMO_STORE_FILE = "councilpmf-demo.db"
DEMO_HTML_FILE = "councilpmf-demo.html"
DEMO_PERIOD = "2024/25 Q3"
DEMO_AS_OF = dt.date(2025, 1, 20)
DEMO_COMMITTEE = "cabinet"

_STORE_HELP = (
    "Store URL (sqlite:///file.db, json:///folder, memory://, or a plugin's scheme); "
    "default: $COUNCILPMF_STORE, else sqlite:///councilpmf.db."
)

T = TypeVar("T")


class Refused(CouncilPMFError):
    """The command refuses to go on: ``lines`` (problems, as they are) and then ``message``
    are printed on standard error, and the exit code is 1."""

    def __init__(self, message: str, lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.lines = tuple(lines)


def exit_code(error: BaseException) -> int:
    """The exit code for an error that stopped a command, decided here and nowhere else: 2 for
    a broken or failing plugin and for a name that is not there (a committee, a store
    scheme) or that more than one committee answers to; 1 for everything else the library or
    the system refused.

    >>> exit_code(PluginError("plugin 'x': ...")), exit_code(InputError(("a.csv: row 2: ...",)))
    (2, 1)
    """
    usage = PluginError | UnknownNameError | AmbiguousNameError
    return EXIT_USAGE if isinstance(error, usage) else EXIT_REFUSED


def _explain(error: CouncilPMFError | OSError) -> tuple[tuple[str, ...], str]:
    """The lines to print before the ``error:`` line, and the message of that line."""
    if isinstance(error, Refused):
        return error.lines, error.message
    if isinstance(error, UnreadableFrameworkError):
        return _unreadable(error, _REPAIR)
    if isinstance(error, InputError):
        return error.problems, (
            f"{_count(len(error.problems), 'problem')} in the input; nothing was done"
        )
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return (), f"{error.filename}: {reason}" if error.filename else reason
    return (), str(error)


_REPAIR = (
    "to repair the store, load a corrected council folder into it: councilpmf load FOLDER "
    "--store {url}"
)
"""What to do about a current framework revision that does not read."""


def _unreadable(error: UnreadableFrameworkError, advice: str) -> tuple[tuple[str, ...], str]:
    """The lines and ``error:`` message for a framework revision that does not read: its one
    problem and ``advice`` on one line, or its problems listed and then a line saying so with
    ``advice`` (``{url}`` in it becomes the store's URL, quoted for the shell; the error
    keeps it without a password).

    >>> _unreadable(UnreadableFrameworkError(("c.db (framework revision 2): $.id: ...",),
    ...     url="sqlite:///c.db", revision=2), _REPAIR)[1]
    'c.db (framework revision 2): $.id: ...; to repair the store, load a corrected council folder into it: councilpmf load FOLDER --store sqlite:///c.db'
    """  # noqa: E501
    url = shlex.quote(error.url) if error.url else "URL"
    advice = advice.format(url=url)
    if len(error.problems) == 1:
        return (), f"{error.problems[0]}; {advice}"
    which = "a framework revision"
    if error.revision is not None:
        which = f"framework revision {error.revision}"
    return error.problems, (
        f"{which} of {url} does not read ({_count(len(error.problems), 'problem')}, listed "
        f"above); {advice}"
    )


class CouncilGroup(click.Group):
    """The command group: it builds the plugin manager first (a broken plugin stops every
    command), and turns the library's errors into ``error: ...`` and :func:`exit_code`."""

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings():
            _show_plugin_warnings_plainly()
            try:
                return super().invoke(ctx)
            except BrokenPipeError:
                _quiet_stdout()
                ctx.exit(EXIT_REFUSED)
            except (CouncilPMFError, OSError) as error:
                if ctx.meta.get(_DEBUG):
                    traceback.print_exception(error, file=sys.stderr)
                lines, message = _explain(blame(error))
                for line in lines:
                    click.echo(line, err=True)
                click.echo(f"error: {message}", err=True)
                ctx.exit(exit_code(error))


def _quiet_stdout() -> None:
    """The reader of standard output went away (``councilpmf report ... | head``): stop
    quietly, and point standard output at nothing so that Python's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file descriptor (under a test runner)
        pass


def _show_plugin_warnings_plainly() -> None:
    """Show a :class:`PluginWarning` as ``warning: ...``; other warnings as Python does.
    Called inside ``warnings.catch_warnings()``, which restores the original afterwards."""
    original = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        if issubclass(category, PluginWarning):
            click.echo(f"warning: {message}", err=True)
        else:
            original(message, category, filename, lineno, file, line)

    warnings.showwarning = show


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Read an option's date, written ``YYYY-MM-DD``; a malformed one is a usage error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-01-20"
        ) from None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- sources: a council folder or a store ------------------------------------------------------


@attrs.frozen(kw_only=True)
class Source:
    """A framework, its readings and comparator values, from a council folder or a store."""

    name: str
    framework: Framework
    readings: tuple[Reading, ...]
    comparators: tuple[ComparatorGroup, ...] = ()
    folder: CouncilFolder | None = None
    revisions: tuple[ReadingRevision, ...] = ()
    approved: tuple[Reading, ...] = ()

    def indexed(self) -> Readings:
        """The readings indexed for assessment, with the comparator values."""
        return Readings.of(self.readings, self.comparators)


def _is_url(text: str) -> bool:
    return "://" in text


def _load_folder(path: str | Path) -> CouncilFolder:
    try:
        return load_folder(path)
    except InputError as error:
        root = Path(path)
        if not (root / "plan.toml").is_file():
            raise Refused("; ".join(error.problems)) from None
        raise Refused(
            f"the council folder {path} has {_count(len(error.problems), 'problem')} "
            "(listed above) and cannot be loaded",
            error.problems,
        ) from None


def _read_source(
    source: str, param_hint: str, revisions: bool = False, approved: bool = False
) -> Source:
    """Read a council folder or a store; with ``revisions``, a store's revised readings too
    (for the check on final values changed without a reason); with ``approved``, the figure
    as last approved of each of a store's readings not approved now (a folder keeps no
    history)."""
    if not _is_url(source):
        if not Path(source).exists():
            raise click.BadParameter(
                f"{source!r} is neither a folder nor a store URL (such as sqlite:///councilpmf.db)",
                param_hint=param_hint,
            )
        return _folder_source(_load_folder(source), source)
    with open_store(source, create=False) as store:
        framework, _ = store.load_framework()
        readings = store.readings()
        comparators = _stored_comparators(store, source)
        history: tuple[ReadingRevision, ...] = ()
        if revisions:
            histories = store.histories()
            history = tuple(
                revision
                for reading in readings
                for revision in histories.get(reading.key, ())
                if revision.old is not None
            )
        last = approved_revisions(store, readings) if approved else ()
    return Source(
        name=source,
        framework=framework,
        readings=readings,
        comparators=comparators,
        revisions=history,
        approved=last,
    )


def _stored_comparators(store: Store, url: str) -> tuple[ComparatorGroup, ...]:
    """The store's comparator values, or, when they do not read, a refusal that says how to
    replace them."""
    try:
        return store.comparators()
    except StoreError as error:
        raise Refused(
            f"{error}; to repair the store, load a council folder with a comparators/ folder "
            f"into it: councilpmf load FOLDER --store {shlex.quote(without_password(url))}"
        ) from None


def _folder_source(folder: CouncilFolder, name: str) -> Source:
    return Source(
        name=name,
        framework=folder.framework,
        readings=folder.readings,
        comparators=folder.comparators,
        folder=folder,
    )


def _checks(source: Source, as_of: dt.date) -> tuple[Finding, ...]:
    """Every finding (golden thread, data quality, plugins' checks), with paths into a
    folder's files, and the places their messages name named by their files, where the source
    is a folder."""
    found = run_checks(
        source.framework,
        source.readings,
        as_of,
        source.revisions,
        extra=[check.run for check in check_types()],
        comparators=source.comparators,
    )
    folder = source.folder
    if folder is None:
        return found
    return tuple(folder.located(f) for f in found)


def _summary(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings_ = sum(f.severity is Severity.WARNING for f in findings)
    notes = sum(f.severity is Severity.INFO for f in findings)
    return f"{_count(errors, 'error')}, {_count(warnings_, 'warning')}, {_count(notes, 'note')}"


def _progress(items: Sequence[T], label: str) -> Iterator[T]:
    """Yield ``items``, with a progress bar on standard error when there are many."""
    if len(items) <= PROGRESS_THRESHOLD:
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


@attrs.frozen(kw_only=True)
class Saved:
    """What :func:`_save` did: the framework's new revision, the readings recorded, what
    became of the comparator values (in words; empty when neither folder nor store has any)
    and, when the revision it replaced does not read, why not (that revision is kept as it
    was)."""

    revision: int
    summary: RecordSummary
    comparators: str = ""
    replaced: UnreadableFrameworkError | None = None

    def notes(self) -> tuple[str, ...]:
        """What to tell the council beyond the new revision: that the one replaced did not
        read, and is kept as it was."""
        if self.replaced is None:
            return ()
        problems = self.replaced.problems
        more = f" and {_count(len(problems) - 1, 'more problem')}" if len(problems) > 1 else ""
        return (
            f"The revision it replaces does not read ({problems[0]}{more}); it is kept as it "
            f"was saved, and commands read revision {self.revision} from now on.",
        )


def _save(store: Store, folder: CouncilFolder, by: str, reason: str) -> Saved:
    """Save a folder's framework as the store's next revision, its readings and its
    comparator values (:func:`_comparators_to_save`) in one transaction
    (:meth:`~councilpmf.store.Store.save_council`): all of it, or, when anything refuses or
    fails, nothing. The current framework is read for its revision alone, which the save
    expects, so that a save by someone else meanwhile is refused; a current revision that
    does not read gives its number in its error, and is saved over all the same."""
    replaced = None
    try:
        _, current = store.load_framework()
    except NotFoundError:
        current = 0
    except UnreadableFrameworkError as error:
        replaced = error
        current = error.revision or max((r.revision for r in store.plan_revisions()), default=0)
    held = _held_comparators(store, folder)  # before anything is saved: it may refuse
    groups, comparators = _comparators_to_save(folder, held)
    readings = folder.readings
    label = f"Recording {len(readings):,} readings (one transaction)"
    saved = store.save_council(
        folder.framework,
        current,
        _progress(readings, label),
        by=by,
        reason=reason,
        comparators=groups,
    )
    return Saved(
        revision=saved.revision,
        summary=saved.readings,
        comparators=comparators,
        replaced=replaced,
    )


def _held_comparators(store: Store, folder: CouncilFolder) -> tuple[ComparatorGroup, ...] | str:
    """The store's comparator values, or, when they do not read (a damaged store), what is
    wrong with them, for the folder's to replace; refused, before anything is saved, when the
    folder has none to replace them with."""
    try:
        return store.comparators()
    except StoreError as error:
        if folder.has_comparators:
            return str(error)
        raise Refused(
            f"the store's comparator values do not read ({error}); load a council folder with "
            "a comparators/ folder to replace them (an empty one clears them); nothing was saved"
        ) from None


def _values(groups: Sequence[ComparatorGroup]) -> str:
    count = sum(len(group.values) for group in groups)
    return f"{_count(count, 'value')} in {_count(len(groups), 'group')}"


def _comparators_to_save(
    folder: CouncilFolder, held: tuple[ComparatorGroup, ...] | str
) -> tuple[tuple[ComparatorGroup, ...] | None, str]:
    """The comparator values to save in place of the store's (``held``, or what is wrong with
    them when they do not read: :func:`_held_comparators`), or None to leave them as they
    are, and what that does, in words ("" when there are none either side): the folder's,
    when it has a ``comparators/`` folder (an empty one clears them) and they differ from the
    store's; None when it has none, or when they are the same."""
    given = folder.comparators
    if isinstance(held, str):
        return given, f"{_values(given)} saved in place of the store's, which did not read ({held})"
    if not folder.has_comparators:
        if not held:
            return None, ""
        return None, f"the folder has no comparators/ folder, so the store's {_values(held)} stay"
    if given == held:
        return None, f"{_values(given)}, the same as the store's" if given else ""
    if not given:
        emptied = _values(held)
        return (
            given,
            f"the folder's comparators/ folder holds none, so the store's {emptied} are cleared",
        )
    replaced = f", in place of the store's {_values(held)}" if held else ""
    return given, f"{_values(given)} saved{replaced}"


class FormatName(click.ParamType):  # type: ignore[type-arg]
    """A report format's name, checked against the formats installed now; the command is
    given the :class:`ReportFormat`."""

    name = "format"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> ReportFormat:
        if isinstance(value, ReportFormat):
            return value
        formats = report_formats()
        if value not in formats:
            self.fail(
                f"{value!r} is not a report format; the formats are {', '.join(sorted(formats))}",
                param,
                ctx,
            )
        return formats[value]


class FormatOption(click.Option):
    """``--format``, whose help lists the formats installed when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = (
            f"A report format: {', '.join(sorted(report_formats()))} "
            "(councilpmf plugins says which plugin gives each)."
        )
        return super().get_help_record(ctx)


_format_option = click.option(
    "--format",
    "chosen",
    cls=FormatOption,
    type=FormatName(),
    default="text",
    show_default=True,
)


def _output_option(what: str) -> Callable[[FC], FC]:
    """``-o FILE``: where ``what`` goes instead of standard output."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True),
        default=None,
        help=f"Write {what} to this file instead of standard output (a FILE without a suffix "
        "takes the format's; - is standard output, bytes included).",
    )


def _as_of_option(what: str) -> Callable[[FC], FC]:
    """``--as-of DATE``, which ``what`` says the meaning of."""
    return click.option(
        "--as-of", metavar="YYYY-MM-DD", callback=_date, help=f"{what}; default: today."
    )


def _write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _output_path(output: str, chosen: ReportFormat) -> Path:
    """``-o FILE``; a FILE without a suffix takes the format's (``-o paper`` with xlsx writes
    ``paper.xlsx``)."""
    path = Path(output)
    return path if path.suffix else path.with_name(path.name + chosen.suffix)


def _emit(rendered: str | bytes, chosen: ReportFormat, output: str | None, what: str) -> None:
    """Write a rendered report: to standard output when ``output`` is None (text only) or
    ``-``, else to the file (taking the format's suffix when it has none), saying where."""
    if output == "-" or (output is None and isinstance(rendered, str)):
        _write_stdout(rendered)
    elif output is None:
        raise click.UsageError(
            f"the {chosen.name} format gives bytes, not text; write it to a file with -o FILE "
            "(or to standard output with -o -)"
        )
    else:
        path = _output_path(output, chosen)
        _write(path, rendered)
        click.echo(f"Wrote {what} to {path}", err=True)


def _write_stdout(content: str | bytes) -> None:
    """Text as text, with a final newline; bytes exactly as they are."""
    click.echo(content, nl=isinstance(content, str) and not content.endswith("\n"))


def _demo_folder() -> Path:
    here = Path(councilpmf.__file__).resolve().parents[2] / "examples" / "mansfield"
    for candidate in (here, Path("examples") / "mansfield"):
        if (candidate / "plan.toml").is_file():
            return candidate
    raise Refused(
        "the demo needs the Mansfield example (examples/mansfield), which comes with the "
        "councilpmf source checkout, not with an installed package: install councilpmf from a "
        "checkout (pip install -e .) or run the demo from the checkout's top folder"
    )


# -- the commands ------------------------------------------------------------------------------


_DEBUG = "councilpmf.debug"


@click.group(cls=CouncilGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(councilpmf.__version__, prog_name="councilpmf")
@click.option(
    "--debug",
    is_flag=True,
    help="Show the Python traceback of an error as well (for reporting a bug in councilpmf "
    "or a plugin).",
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Plan and manage performance the way UK councils do.

    A SOURCE is a council folder (a directory with plan.toml) or a store URL such as
    sqlite:///councilpmf.db, json:///folder or memory://.

    Exit codes: 0 ok; 1 errors found or an operation refused; 2 usage error, or a broken or
    failing plugin.
    """
    ctx.meta[_DEBUG] = debug
    get_plugin_manager()  # a broken plugin stops every command before it starts


@main.command()
@click.option(
    "--store",
    "store_url",
    default=None,
    help=f"Store URL to load the example into; default: a new sqlite:///{DEMO_STORE_FILE} here, "
    "replaced if it exists. A store you name is not emptied: the example is loaded into it.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEMO_HTML_FILE,
    show_default=True,
    help="Where to write the report as HTML.",
)
def demo(store_url: str | None, output: Path) -> None:
    """Load the Mansfield example into a store, write Cabinet's 2024/25 Q3 report as HTML and
    print a short summary: the ratings, the exceptions, where the files are and the command
    that prints the whole report."""
    folder = _load_folder(_demo_folder())
    if store_url is None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(DEMO_STORE_FILE + suffix).unlink(missing_ok=True)
        store_url = f"sqlite:///{DEMO_STORE_FILE}"
    with open_store(store_url) as store:
        saved = _save(store, folder, by="councilpmf demo", reason="the demo")
        framework, _ = store.load_framework()
        readings = Readings.of(store.readings(), store.comparators())
    period = parse_period(DEMO_PERIOD, framework.year_start_month)
    report, exceptions = (
        build_report(kind, framework, readings, period, DEMO_AS_OF, committee=DEMO_COMMITTEE)
        for kind in ("performance", "exceptions")
    )
    _write(output, report_formats()["html"].render(report))
    command = (
        f"councilpmf report {shlex.quote(without_password(store_url))} "
        f"--period {shlex.quote(DEMO_PERIOD)} "
        f"--committee {DEMO_COMMITTEE} --as-of {DEMO_AS_OF.isoformat()}"
    )
    for line in (
        f"{report.title}, for {report.council}, as of {format_date(report.as_of)}",
        report.summary,
        exceptions.summary,
        "",
        f"The example is in the store {without_password(store_url)}",
        f"The report, as a web page: {output}",
        f"The whole report here: {command}",
        *saved.notes(),
    ):
        click.echo(line)


@main.command()
@click.argument("source")
@_as_of_option("Check as on this date")
@click.pass_context
def validate(ctx: click.Context, source: str, as_of: dt.date | None) -> None:
    """Check a council folder or a store: the golden thread and the readings.

    Prints one finding per line (severity, code, where, what to do) and a summary; exits 1
    when there is an error.
    """
    data = _read_source(source, "'SOURCE'", revisions=True)
    findings = _checks(data, as_of or dt.date.today())
    for finding in findings:
        click.echo(str(finding))
    click.echo(_summary(findings))
    if any(f.severity is Severity.ERROR for f in findings):
        ctx.exit(EXIT_REFUSED)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--store", "store_url", default=None, help=_STORE_HELP)
@click.option(
    "--by", default="councilpmf load", show_default=True, help="Who the readings are recorded by."
)
def load(folder: Path, store_url: str | None, by: str) -> None:
    """Validate a council folder and load it into a store.

    Errors leave the store untouched: the framework, the readings and the comparator values
    are saved in one transaction, all or nothing. The framework is saved as a new revision;
    readings that differ from the store's become new revisions, the same ones are left alone.
    """
    council = _load_folder(folder)
    findings = _checks(_folder_source(council, str(folder)), dt.date.today())
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise Refused(
            f"{_count(len(errors), 'error')} in {folder} (listed above); nothing was loaded. "
            f"Run councilpmf validate {folder} to see every finding.",
            [str(f) for f in errors],
        )
    url = store_url or default_store_url()
    with open_store(url) as store:
        saved = _save(store, council, by=by, reason=f"loaded from {folder}")
    click.echo(
        f"Saved the framework of {council.framework.organisation} to {without_password(url)} "
        "as revision "
        f"{saved.revision}."
    )
    for note in saved.notes():
        click.echo(note)
    click.echo(f"Readings: {saved.summary}.")
    if saved.comparators:
        click.echo(f"Comparators: {saved.comparators}.")
    if findings:
        click.echo(f"Findings: {_summary(findings)}; run councilpmf validate {folder} to see them.")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--store", "store_url", default=None, help=_STORE_HELP)
@click.option("--by", required=True, help="Who is recording the readings.")
@click.option("--reason", default="", help="Why, kept with every new revision.")
def record(file: Path, store_url: str | None, by: str, reason: str) -> None:
    """Record the readings in a CSV file
    (indicator,period,value,status,missing_reason,note, and optionally published_status and
    approval).

    The file is recorded whole or not at all: a malformed row, or a row naming an indicator
    the stored framework does not have, refuses the file and nothing is recorded. A row that
    gives no approval is approved, unless the council approves its figures ("required = true"
    under [approval] in council.toml): then it is a draft, and a row may not say approved.
    """
    _check_person(by, "--by")
    _check_person(reason, "--reason", empty=True)
    url = store_url or default_store_url()
    # Only a store that holds a framework can take readings, so record never creates one.
    with open_store(url, create=False) as store:
        framework, _ = store.load_framework()
        required = framework.approval.required
        try:
            rows = read_reading_rows(
                file,
                framework.year_start_month,
                approval=Approval.DRAFT if required else Approval.APPROVED,
            )
        except InputError as error:
            raise Refused(
                f"{_count(len(error.problems), 'problem')} in {file} (listed above); "
                "nothing was recorded",
                error.problems,
            ) from None
        readings = tuple(reading for _, reading in rows)
        known = {indicator.id for indicator in framework.indicators}
        label = f"Checking {len(readings):,} readings"
        unknown = [
            f"{where}: indicator: {reading.indicator!r} is not one of the indicators of the "
            "stored framework"
            for where, reading in _progress(rows, label)
            if reading.indicator not in known
        ]
        if unknown:
            shown = unknown[:_LISTED_ROWS]
            if len(unknown) > _LISTED_ROWS:
                shown.append(f"... and {len(unknown) - _LISTED_ROWS} more rows")
            raise Refused(
                f"{_count(len(unknown), 'row')} of {file} "
                f"{'names an indicator' if len(unknown) == 1 else 'name indicators'} that "
                f"{without_password(url)} does not have (listed above); nothing was recorded. "
                "Correct the ids, or "
                "add the indicators to the framework and load it again.",
                shown,
            )
        approved = [where for where, reading in rows if reading.approval is Approval.APPROVED]
        if required and approved:
            raise Refused(
                f"{_count(len(approved), 'row')} of {file} "
                f"{'says' if len(approved) == 1 else 'say'} approved, but the council approves "
                "its figures ([approval] required = true in council.toml); nothing was "
                "recorded. Record drafts, submit them, and approve them with councilpmf approve.",
                [f"{where}: approval: 'approved'" for where in approved[:_LISTED_ROWS]],
            )
        label = f"Recording {len(readings):,} readings (one transaction)"
        summary = store.record(_progress(readings, label), by=by, reason=reason)
    click.echo(str(summary))


def _percent(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """Read ``--percent``: a number from 0 to 100; anything else is a usage error."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number") from None
    if not 0 <= number <= 100:  # not a number (nan) is refused here too
        raise click.BadParameter(f"{value!r} is not a percent from 0 to 100")
    return number


def _status_word(vocabulary: StatusVocabulary, text: str) -> str:
    """The council's own spelling of the status word ``text`` (matched whatever its case and
    spacing), or a usage error listing the council's words."""
    spellings = {name_key(w.word): w.word for w in reversed(vocabulary.words)}
    word = spellings.get(name_key(text))
    if word is None:
        words = ", ".join(dict.fromkeys(spellings[name_key(w.word)] for w in vocabulary.words))
        raise click.BadParameter(
            f"{readable(text)!r} is not one of the council's status words: {words} (add a word "
            "to [action_statuses] in council.toml)",
            param_hint="'--status'",
        )
    return word


def _action_titled(framework: Framework, ref: str, plan: str | None) -> str:
    """The title of the one action whose ref is ``ref`` (in the plan ``plan`` names, if
    given), once the store took an update of it."""
    named = None if plan is None else framework.action_plan_named(plan)
    within = "" if named is None else f"{named[0]}."
    return next(
        action.title
        for path, action in framework.actions_at()
        if action.ref == ref and path.startswith(within)
    )


def _update_words(update: ActionUpdate) -> str:
    """What an update changed, in words: ``On target, 40% complete, due 30 Jun 2025``.

    >>> _update_words(ActionUpdate(on=dt.date(2025, 1, 2), text="Delay", status="On target",
    ...     percent_complete=40, due=dt.date(2025, 6, 30)))
    'On target, 40% complete, due date revised to 30 Jun 2025'
    >>> _update_words(ActionUpdate(on=dt.date(2025, 1, 2), text="Site visit held"))
    "a note only: 'Site visit held'"
    """
    parts = [readable(update.status)] if update.status else []
    if update.percent_complete is not None:
        parts.append(f"{percent_text(update.percent_complete, as_recorded=True)} complete")
    if update.due is not None:
        parts.append(f"due date revised to {format_date(update.due)}")
    return ", ".join(parts) or f"a note only: {readable(update.text)!r}"


@main.command("update-action")
@click.argument("ref")
@click.option("--store", "store_url", default=None, help=_STORE_HELP)
@click.option("--by", required=True, help="Who is recording the update.")
@click.option(
    "--on",
    "on",
    callback=_date,
    default=None,
    help="The day of the update, YYYY-MM-DD; default: today.",
)
@click.option("--text", required=True, help="The update itself: progress, and why.")
@click.option("--status", default=None, help="The action's status word from now on.")
@click.option("--percent", callback=_percent, default=None, help="Percent complete, from 0 to 100.")
@click.option(
    "--due",
    callback=_date,
    default=None,
    help="A revised due date, YYYY-MM-DD, in force from the update's day on.",
)
@click.option(
    "--reason",
    default="",
    help="Why the framework changed, kept with its new revision; default: 'an update to "
    "action REF'.",
)
@click.option(
    "--plan",
    default=None,
    help="The plan whose action REF is (its id or name, or a peer challenge's id or title), "
    "where two plans number an action REF.",
)
def update_action(
    ref: str,
    store_url: str | None,
    by: str,
    on: dt.date | None,
    text: str,
    status: str | None,
    percent: float | None,
    due: dt.date | None,
    reason: str,
    plan: str | None,
) -> None:
    """Record a dated progress update of the action REF (a delivery-plan, service-plan or
    peer-challenge action): a note, and optionally its status word, percent complete and a
    revised due date. Where two plans number an action REF, --plan names the one.

    The update is saved as a new framework revision, expecting the store's current one: if
    someone else saved first, nothing changes and the command says so.
    """
    _check_person(by, "--by")
    _check_person(text, "--text")
    _check_person(ref, "REF")
    _check_person(reason, "--reason", empty=True)
    if plan is not None:
        _check_person(plan, "--plan")
    url = store_url or default_store_url()
    with open_store(url, create=False) as store:
        framework, revision = store.load_framework()
        word = None if status is None else _status_word(framework.vocabulary, status)
        update = ActionUpdate(
            on=on or dt.date.today(),
            text=text,
            by=by,
            status=word,
            percent_complete=percent,
            due=due,
        )
        try:
            saved = store.record_action_update(ref, update, revision, reason=reason, plan=plan)
        except NotFoundError as error:  # the framework was read: no such plan, or action
            unknown_plan = plan is not None and framework.action_plan_named(plan) is None
            raise click.BadParameter(
                str(error), param_hint="'--plan'" if unknown_plan else "'REF'"
            ) from None
        except AmbiguousNameError as error:  # --plan names more than one plan
            raise click.BadParameter(str(error), param_hint="'--plan'") from None
        except InputError as error:  # a revised due date before the action's start
            raise Refused(f"{'; '.join(error.problems)}; nothing was recorded") from None
    click.echo(
        f"Recorded an update of action {readable(ref)} "
        f"{readable(_action_titled(framework, ref, plan))!r}"
        f" as framework revision {saved}: {_update_words(update)}"
    )


@main.command()
@click.argument("source")
@click.option("--period", required=True, help='The period, as councils write it: "2024/25 Q3".')
@click.option("--committee", default=None, help="The committee's id or name (committees.toml).")
@click.option(
    "--kind",
    type=click.Choice(REPORT_KINDS),
    default="performance",
    show_default=True,
    help="What the report covers.",
)
@_format_option
@_as_of_option("Report as on this date")
@_output_option("the report")
@click.option(
    "--approved-only",
    "only_approved",
    is_flag=True,
    help="Show approved figures only: one corrected since shows as last approved; any other "
    "as 'awaiting approval'.",
)
def report(
    source: str,
    period: str,
    committee: str | None,
    kind: str,
    chosen: ReportFormat,
    as_of: dt.date | None,
    output: str | None,
    only_approved: bool,
) -> None:
    """Build a report for a period from a council folder or a store."""
    data = _read_source(source, "'SOURCE'", approved=only_approved)
    if only_approved:
        data = attrs.evolve(data, readings=approved_only(data.readings, data.approved))
    framework = data.framework
    when = _period_option(period, framework.year_start_month)
    document = build_report(
        kind,
        framework,
        data.indexed(),
        when,
        as_of or dt.date.today(),
        committee=committee,
        located=None if data.folder is None else data.folder.located,
    )
    _emit(chosen.render(document), chosen, output, f"the {kind} report")


@main.command()
@click.argument("source")
@click.option(
    "--period",
    default=None,
    help='Only the readings of periods within this one ("2024/25"); default: every period.',
)
@click.option("--committee", default=None, help="The committee's id or name (committees.toml).")
@click.option(
    "--suggest-rule",
    is_flag=True,
    help="Also give, for each installed kind of rule, the parameters that explain the most "
    "published statuses.",
)
@_format_option
@_as_of_option("Date the report")
@_output_option("the report")
def audit(
    source: str,
    period: str | None,
    committee: str | None,
    suggest_rule: bool,
    chosen: ReportFormat,
    as_of: dt.date | None,
    output: str | None,
) -> None:
    """Compare the statuses a council published with the statuses its own rule gives.

    Lists each published status the rule contradicts and each in words the council has not
    defined, with the count that agree for every indicator. With --suggest-rule, the
    parameters of each kind of rule that explain the most published statuses, best first.
    """
    data = _read_source(source, "'SOURCE'")
    framework = data.framework
    within = None if period is None else _period_option(period, framework.year_start_month)
    document = audit_report(
        framework,
        data.indexed(),
        within,
        as_of or dt.date.today(),
        committee,
        suggest=rule_kinds() if suggest_rule else None,
    )
    _emit(chosen.render(document), chosen, output, "the audit")


@main.command()
@click.argument("source")
@_as_of_option("Returns as on this date")
@_format_option
@_output_option("the list")
def due(source: str, as_of: dt.date | None, chosen: ReportFormat, output: str | None) -> None:
    """List the data returns due and overdue, by supplier: every period that has ended with
    no figure recorded, or only a draft, with its due date and the days it is overdue."""
    data = _read_source(source, "'SOURCE'")
    document = returns_report(data.framework, data.readings, as_of or dt.date.today())
    _emit(chosen.render(document), chosen, output, "the returns")


def _period_option(text: str, start_month: int = 4) -> Period:
    """The ``--period`` typed, or a usage error naming the option: it is fixed in the command."""
    try:
        return parse_period(text, start_month)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="'--period'") from None


# -- approval ----------------------------------------------------------------------------------


def _check_person(text: str, option: str, empty: bool = False) -> None:
    """Refuse a name or reason that is empty (unless ``empty``) or that a record's text field
    would refuse (a control character, a bidirectional override), in the record's words."""
    if not empty and blank(text):
        raise click.BadParameter("must not be empty", param_hint=f"'{option}'")
    if problem := text_problem(text):
        raise click.BadParameter(problem, param_hint=f"'{option}'")


def _store_url(store: str) -> str:
    if not _is_url(store):
        raise click.BadParameter(
            f"{store!r} is not a store URL (such as sqlite:///councilpmf.db); approval is kept "
            "in a store",
            param_hint="'STORE'",
        )
    return store


def _chosen_keys(
    store: Store,
    step: Move,
    period: Period,
    indicators: tuple[str, ...],
    every: bool,
    by: str,
    policy: ApprovalPolicy,
) -> tuple[list[ReadingKey], dict[ReadingKey, int], list[str]]:
    """The readings a step is made on: the ``--indicator`` ones, or with ``--all`` every one of
    the period in the step's starting state (less, for approval, those ``by`` submitted, unless
    the council allows it), with the revisions seen, and what was skipped."""
    if every == bool(indicators):
        raise click.UsageError("name the figures with --indicator (one or more), or give --all")
    if indicators:
        return [(i, period) for i in indicators], {}, []
    keys: list[ReadingKey] = []
    seen: dict[ReadingKey, int] = {}
    skipped: list[str] = []
    for key, history in store.histories(periods=[period]).items():
        last = history[-1]  # the current reading, as one read of every history gives it
        if last.new.approval is not step.source:
            continue
        if step is Move.APPROVE and not policy.self_approval and same_person(last.by, by):
            skipped.append(f"{last.new.indicator} {period}")
            continue
        keys.append(key)
        seen[key] = last.revision
    return keys, seen, skipped


def _approval_step(
    step: Move,
    store_url: str,
    indicators: tuple[str, ...],
    period: str,
    every: bool,
    by: str,
    reason: str,
) -> None:
    _check_person(by, "--by")
    _check_person(reason, "--reason", empty=step is not Move.RETURN)
    for indicator in indicators:
        _check_person(indicator, "--indicator")
    with open_store(_store_url(store_url), create=False) as store:
        framework, _ = store.load_framework()
        when = _period_option(period, framework.year_start_month)
        unknown = [i for i in indicators if not framework.has_indicator(i)]
        if unknown:
            raise click.BadParameter(
                f"{', '.join(repr(readable(i)) for i in unknown)}: not an indicator of the "
                "stored framework",
                param_hint="'--indicator'",
            )
        policy = framework.approval
        keys, seen, skipped = _chosen_keys(store, step, when, indicators, every, by, policy)
        if step is Move.SUBMIT:
            done = store.submit(keys, by=by, reason=reason, expected=seen)
        elif step is Move.APPROVE:
            done = store.approve(
                keys, by=by, reason=reason, expected=seen, self_approval=policy.self_approval
            )
        else:
            done = store.send_back(keys, by=by, reason=reason, expected=seen)
    click.echo(f"{step.done.capitalize()} {_count(done, 'figure')} for {when}.")
    if skipped:
        click.echo(
            f"Left {_count(len(skipped), 'figure')} you submitted yourself for someone else to "
            f"approve: {', '.join(skipped)}."
        )


def _approval_command(step: Move, help_text: str) -> click.Command:
    @click.argument("store")
    @click.option(
        "--indicator",
        "indicators",
        multiple=True,
        help="An indicator id; give it again for more.",
    )
    @click.option("--period", required=True, help='The period, as councils write it: "2024/25 Q3".')
    @click.option(
        "--all",
        "every",
        is_flag=True,
        help=f"Every figure of the period that can be {step.done} (instead of --indicator).",
    )
    @click.option("--by", required=True, help="Who is doing it.")
    @click.option(
        "--reason",
        default="",
        required=step is Move.RETURN,
        help="Why, kept with every new revision"
        + (" (required: what to correct)." if step is Move.RETURN else "."),
    )
    def command(
        store: str,
        indicators: tuple[str, ...],
        period: str,
        every: bool,
        by: str,
        reason: str,
    ) -> None:
        _approval_step(step, store, indicators, period, every, by, reason)

    command.__doc__ = help_text
    return main.command(step.word)(command)


_approval_command(
    Move.SUBMIT,
    """Submit draft figures for approval.

    Each becomes a new revision, kept with who submitted it, when and why. A figure that is not
    a draft refuses the whole step; nothing changes.
    """,
)
_approval_command(
    Move.APPROVE,
    """Approve submitted figures, so that report --approved-only shows them.

    Whoever submitted a figure may not approve it unless council.toml allows it ([approval]
    self_approval = true); with --all such figures are left for someone else.
    """,
)
_approval_command(
    Move.RETURN,
    """Return submitted figures to their supplier as drafts, saying what to correct.

    The supplier records the corrected figure and submits it again.
    """,
)


@main.command()
@click.argument("store")
@click.option("--plan", is_flag=True, help="The framework's revisions: who saved each and why.")
@click.option("--indicator", default=None, help="An indicator id: the revisions of its figure.")
@click.option("--period", default=None, help='With --indicator, the period: "2024/25 Q3".')
@click.option(
    "--revision",
    type=click.IntRange(min=1),
    default=None,
    help="With --plan, the framework of this revision, as JSON.",
)
def history(
    store: str, plan: bool, indicator: str | None, period: str | None, revision: int | None
) -> None:
    """Show what changed in a store, who changed it, when and why: the framework's revisions
    (--plan, or one of them with --revision), or a figure's (--indicator and --period)."""
    if plan == (indicator is not None):
        raise click.UsageError("give --plan, or --indicator and --period")
    if indicator is not None and period is None:
        raise click.UsageError("--indicator needs --period")
    if revision is not None and not plan:
        raise click.UsageError("--revision goes with --plan")
    with open_store(_store_url(store), create=False) as opened:
        if plan:
            if revision is not None:
                data = records.framework_data(_framework_at(opened, revision))
                click.echo(json.dumps(data, indent=2, ensure_ascii=False))
                return
            revisions = opened.plan_revisions()
            saved = [
                (r.revision, r.saved_at, readable(r.by), readable(r.reason) or _damaged_note(r))
                for r in revisions
            ]
            click.echo(tabulate(saved, headers=("revision", "saved at", "by", "why")))
            for damaged in (r for r in revisions if r.damaged):
                click.echo(
                    f"warning: the file of framework revision {damaged.revision} does not "
                    f"read: {readable(damaged.damaged)}; the store keeps it as it is: restore "
                    "it from a backup",
                    err=True,
                )
            return
        assert indicator is not None and period is not None
        try:
            framework, _ = opened.load_framework()
        except UnreadableFrameworkError as error:
            when = _figure_period(opened, indicator, period, error)
            # the council's year start is in the framework that does not read: say the period's
            named = records.explicit_period(when)
            shown: Callable[[float], str] = str
        else:
            when = _period_option(period, framework.year_start_month)
            named = when.written_for(framework.year_start_month)
            if not framework.has_indicator(indicator):
                raise click.BadParameter(
                    f"{readable(indicator)!r}: not an indicator of the stored framework",
                    param_hint="'--indicator'",
                )
            shown = framework.indicator(indicator).format_value
        rows = [
            (
                h.revision,
                h.at,
                readable(h.by),
                h.new.approval.value,
                readable(shown(h.new.value))
                if h.new.value is not None
                else readable(f"missing: {h.new.missing_reason}"),
                readable(h.reason),
            )
            for h in opened.history(indicator, when)
        ]
    if not rows:
        raise Refused(
            f"no figure of {readable(indicator)} for {named} is recorded in "
            f"{without_password(store)}"
        )
    click.echo(tabulate(rows, headers=("revision", "at", "by", "approval", "value", "why")))


def _damaged_note(revision: PlanRevision) -> str:
    """What ``history --plan`` writes under "why" for a revision whose saved copy is damaged."""
    return "(damaged: see the warning below)" if revision.damaged else ""


def _figure_period(
    store: Store, indicator: str, text: str, error: UnreadableFrameworkError
) -> Period:
    """The period ``text`` names among the figures of ``indicator`` the store holds, for
    ``history --indicator`` when the store's framework does not read (``error``): its year
    start is found among the figure's own periods, not the framework's. A warning says so, and
    that values are shown as stored; with no such figure, ``error`` stops the command."""
    written = set()
    for start_month in range(1, 13):
        with contextlib.suppress(PeriodError):
            written.add(parse_period(text, start_month))
    if not written:
        _period_option(text)  # not a period whatever the year start: the usage error
    held = [r.period for r in store.readings(indicators=[indicator]) if r.period in written]
    if not held:
        raise error
    lines, message = _unreadable(
        error, "values are shown as stored, without the framework's units; " + _REPAIR
    )
    for line in (*lines, f"warning: {message}"):
        click.echo(line, err=True)
    return held[0]


def _framework_at(store: Store, revision: int) -> Framework:
    """The framework of ``revision``; a revision that does not read is refused, with what to
    do when it is the current one, or that it is kept as it was when a later one is."""
    try:
        return store.framework_at(revision)
    except UnreadableFrameworkError as error:
        latest = max(saved.revision for saved in store.plan_revisions())
        if revision == latest:
            raise
        lines, message = _unreadable(
            error,
            f"the store keeps it as it was saved; commands read the current revision, {latest}",
        )
        raise Refused(message, lines) from None


@main.command()
@click.argument("old")
@click.argument("new")
def diff(old: str, new: str) -> None:
    """Show how a plan and its indicators changed between two versions (folders or stores)."""
    before = _read_source(old, "'OLD'").framework
    after = _read_source(new, "'NEW'").framework
    click.echo(str(diff_frameworks(before, after)))


def _provides(info: PluginInfo) -> dict[str, list[dict[str, Any]]]:
    """What a plugin provides that is in use, as JSON data."""
    return {
        "formats": [
            {
                "name": f.name,
                "suffix": f.suffix,
                "media_type": f.media_type,
                "description": f.description,
            }
            for f in info.formats
        ],
        "stores": [{"scheme": s.scheme, "description": s.description} for s in info.stores],
        "rule_kinds": [
            {"kind": r.kind, "class": f"{r.__module__}.{r.__qualname__}"} for r in info.rules
        ],
        "checks": [{"name": c.name, "description": c.description} for c in info.checks],
    }


def _provides_text(info: PluginInfo) -> str:
    parts = [
        f"{label}: {', '.join(names)}"
        for label, names in (
            ("formats", [f.name for f in info.formats]),
            ("stores", [f"{s.scheme}://" for s in info.stores]),
            ("rule kinds", [r.kind for r in info.rules]),
            ("checks", [c.name for c in info.checks]),
        )
        if names
    ]
    parts += [f"replaced: {what}" for what in info.replaced]
    return "; ".join(parts)


@main.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def plugins_command(as_json: bool) -> None:
    """List the plugins, built-ins included: versions, hooks and what each provides (formats
    with their suffix and media type, store schemes, rule kinds, checks)."""
    infos = plugin_list()
    if as_json:
        listed = [
            {
                "name": info.name,
                "version": info.version,
                "builtin": info.builtin,
                "distribution": info.distribution,
                "hooks": list(info.hooks),
                "provides": _provides(info),
                "replaced": list(info.replaced),
            }
            for info in infos
        ]
        click.echo(json.dumps(listed, indent=2))
        return
    rows = [
        (
            info.name,
            info.version or "",
            "yes" if info.builtin else "no",
            ", ".join(info.hooks),
            _provides_text(info),
        )
        for info in infos
    ]
    click.echo(tabulate(rows, headers=("name", "version", "built-in", "hooks", "provides")))
    formats = [
        (f.name, f.suffix, f.media_type, info.name, f.description)
        for info in infos
        for f in info.formats
    ]
    click.echo()
    click.echo(
        tabulate(
            sorted(formats),
            headers=("format", "suffix", "media type", "plugin", "description"),
        )
    )


@main.command("benchmark")
@click.argument("values", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--metrics",
    "metrics_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The metrics, written as indicators.toml is ([[indicators]] with id, title, unit, "
    "polarity, decimals); a council's own indicators.toml works.",
)
@click.option(
    "--groups",
    "groups_file",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Comparator groups (area_code,group,member_code), such as CIPFA nearest neighbours; "
    "default: every area in VALUES is one group.",
)
@click.option(
    "--period", default=None, help='Only this period, as councils write it: "2024/25 Q3".'
)
@click.option("--area", default=None, help="Only this area (its ONS code): one council's view.")
@click.option(
    "--format",
    "format_name",
    default="table",
    show_default=True,
    help="table: the benchmark table as CSV, one row per area, group, metric and period; or a "
    "report format (text, markdown, html, csv, json, or a plugin's) for --period or, without "
    "it, each metric's latest period.",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help="Write to this file instead of standard output (- is standard output; a report "
    "FILE without a suffix takes the format's).",
)
def benchmark_command(
    values: Path,
    metrics_file: Path,
    groups_file: Path | None,
    period: str | None,
    area: str | None,
    format_name: str,
    output: str | None,
) -> None:
    """Rank every area among its comparators on each metric, from LG Inform-shaped values
    (area_code,area_name,metric,period,value).

    Rank 1 is the best by the metric's polarity; ties share a rank (1224); quartile 1 is the
    best quarter; short and long term travel compare each area with itself a period and a year
    before. See docs/benchmarking.md.
    """
    from councilpmf.core.benchmark import BenchmarkError, latest_period

    chosen = None if format_name == "table" else FormatName().convert(format_name, None, None)
    to_file = output is not None and output != "-"
    try:
        from councilpmf import benchmarking
        from councilpmf.benchmarking.report import benchmark_report
    except ModuleNotFoundError as error:
        if error.name not in ("polars", "pyarrow"):
            raise
        raise Refused(
            "benchmarking needs polars, which is not installed: pip install 'councilpmf[frames]'"
        ) from None
    try:
        metrics = benchmarking.read_metrics(metrics_file)
        data = benchmarking.read_values(values, metrics)
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always", benchmarking.NoValuesNote)
            groups = (
                None
                if groups_file is None
                else benchmarking.read_groups(groups_file, data.areas(), values.name)
            )
    except BenchmarkError as error:
        raise Refused(str(error)) from None
    for note in notes:
        if isinstance(note.message, benchmarking.NoValuesNote):
            click.echo(f"note: {note.message}", err=True)
        else:
            warnings.showwarning(
                note.message, note.category, note.filename, note.lineno, note.file, note.line
            )
    if area is not None and area not in data.areas():
        raise click.BadParameter(f"{area!r} is not an area in {values.name}", param_hint="'--area'")
    with_groups = list(dict.fromkeys(g.area_code for g in groups or ()))
    if area is not None and groups_file is not None and area not in with_groups:
        # only a member of others' groups: it has no standing of its own to show
        named = ", ".join(with_groups[:5]) + (", ..." if len(with_groups) > 5 else "")
        raise click.BadParameter(
            f"{area!r} has no group in {groups_file.name} (it gives groups for {named})",
            param_hint="'--area'",
        )
    # what was typed is wrong, as is a period the values lack: both are fixed in the command
    when = None if period is None else _period_option(period)
    if when is not None and when not in data.periods:
        raise click.BadParameter(f"{values.name} has no values for {when}", param_hint="'--period'")
    if chosen is None:
        table = benchmarking.benchmark_frame(data, metrics, groups, period=when, area=area)
        destination = Path(output) if to_file and output is not None else sys.stdout.buffer
        benchmarking.write_table(table, destination, metrics)
        if to_file:
            click.echo(f"Wrote the benchmark table to {output}", err=True)
        return
    # without --period, each metric's latest: an annual metric beside quarterly ones is shown
    coverage = data.coverage()  # one pass over the values, for the latest periods and captions
    latest = {metric: latest_period(counts) for metric, counts in coverage.items()}
    shown = when or latest
    # and with groups, each group's own latest, from its members' values alone
    in_groups = None if when is not None or groups is None else data.group_latest(groups, area)
    if area is not None:
        # every metric of the values in the council's view, those it has no line for too (of
        # a period asked for, those with lines for it: an annual metric has none for a quarter)
        data = data.filled_for(
            area,
            {
                m: when or p
                for m, p in latest.items()
                if when is None or any(q == when for q, _ in coverage[m])
            },
        )
        for name in dict.fromkeys(g for a, g, _ in in_groups or () if a == area):
            own = {m: p for (a, g, m), (p, _) in (in_groups or {}).items() if g == name}
            data = data.filled_for(area, own)
    kept: Period | dict[str, Period] | dict[str, set[Period]] | None = shown
    if area is not None:
        kept = None  # the council's view tells how medians moved: the period before too
    elif in_groups is not None:  # each metric's periods: the file's latest and each group's own
        kept = {m: {p} for m, p in latest.items()}
        for (_, _, m), (p, _) in in_groups.items():
            kept.setdefault(m, set()).add(p)
    # only one council's view says how its groups' medians moved: its rows alone need them
    frame = benchmarking.benchmark_frame(
        data,
        metrics,
        groups,
        period=kept,
        area=area,
        median_moves=False if area is None else (area,),
    )
    document = benchmark_report(
        benchmarking.to_rows(frame, data.periods),
        metrics,
        shown,
        area=area,
        coverage=coverage,
        group_latest=in_groups,
    )
    _emit(chosen.render(document), chosen, output, "the benchmark report")
