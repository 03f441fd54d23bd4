"""Print a council's scorecard for a period: ratings, travel, roll-ups, exceptions and actions.

    python examples/scorecard.py examples/mansfield "2024/25 Q3" --as-of 2025-01-20

Every status is written as a word and a symbol, never colour alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from tabulate import tabulate

import councilpmf as pmf


def scorecard_text(card: pmf.Scorecard) -> str:
    """The scorecard as plain text tables."""
    lines = [f"{card.organisation}: performance scorecard for {card.period}"]
    lines.append(f"As of {card.as_of.isoformat()}")
    rows = [
        [
            r.indicator,
            r.title,
            str(r.period),
            r.value_text,
            r.target_text,
            f"{r.rating.status.symbol} {r.rating.label}",
            f"{r.short_term.direction.symbol} {r.short_term.direction.word}",
            f"{r.long_term.direction.symbol} {r.long_term.direction.word}",
        ]
        for r in card.indicators
    ]
    headers = ["Id", "Indicator", "Period", "Value", "Target", "Rating", "Short term", "Long term"]
    lines += ["", tabulate(rows, headers=headers)]
    statuses = [s for s in pmf.Status]
    theme_rows = [
        [t.name, *(t.count(s) for s in statuses), len(t.actions), t.actions_overdue]
        for t in card.themes
    ]
    theme_headers = ["Theme", *(f"{s.symbol} {s.word}" for s in statuses), "Actions", "Overdue"]
    lines += ["", "Summary by theme", tabulate(theme_rows, headers=theme_headers)]
    lines += ["", "Exceptions"]
    lines += [f"  {e.rating.status.symbol} {e.explanation}" for e in card.exception_list()]
    overdue = [a for a in card.actions if a.overdue]
    lines += ["", f"Overdue actions ({len(overdue)} of {len(card.actions)})"]
    lines += [f"  {a.ref} {a.title}: {a.explanation}" for a in overdue]
    if card.findings:
        lines += ["", "Data findings"] + [f"  {f}" for f in card.findings]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Load a council folder and print its scorecard."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a council folder, such as examples/mansfield")
    parser.add_argument("period", help='the period, such as "2024/25 Q3"')
    parser.add_argument("--as-of", default=None, help="the day to assess as of (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    try:
        council = pmf.load_folder(args.folder)
        period = pmf.parse_period(args.period, council.framework.year_start_month)
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else period.end
    except (pmf.InputError, pmf.PeriodError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(scorecard_text(pmf.assess(council.framework, council.readings, period, as_of)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
