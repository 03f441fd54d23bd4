"""A rating rule's bad settings are refused alike from code and from a council folder: from
code with one line naming the field (an ``InputError``, so a caller catches one error class,
and still a ``ValueError``), from a folder with the file and the field's path, once."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from councilpmf.core.errors import InputError, InputTypeError
from councilpmf.core.rag import (
    Band,
    Bands,
    Clause,
    FirstMatch,
    Quartile,
    Status,
    TargetTolerance,
    ToleranceWithTravel,
)
from councilpmf.folder import load_folder

G, A, R = Status.GREEN, Status.AMBER, Status.RED
BEST_FIRST = "must go from the best status to the worst"
ORDERED = "bands must be ordered from the highest at_least down"

# (the rule made in code, the same rule as a council writes it, the line code gets, the path
# of the field after the rule's own, the line a folder gets after that path)
CASES: list[tuple[Callable[[], object], str, str, str, str]] = [
    (
        lambda: TargetTolerance(mode="points"),
        '{ kind = "target-tolerance", mode = "points" }',
        "mode must be 'relative' or 'absolute', not 'points'",
        ".mode",
        "mode must be 'relative' or 'absolute', not 'points'",
    ),
    (
        lambda: ToleranceWithTravel(mode="points"),
        '{ kind = "tolerance-with-travel", mode = "points" }',
        "mode must be 'relative' or 'absolute', not 'points'",
        ".mode",
        "mode must be 'relative' or 'absolute', not 'points'",
    ),
    (
        lambda: FirstMatch(otherwise=Status.NO_DATA),
        '{ kind = "first-match", otherwise = "no data" }',
        "otherwise must be blue, green, amber or red, not no data",
        ".otherwise",
        "otherwise must be blue, green, amber or red, not no data",
    ),
    (
        lambda: FirstMatch(clauses=(Clause(status=Status.NOT_RATED),)),
        '{ kind = "first-match", clauses = [{ status = "not rated" }] }',
        "status must be blue, green, amber or red, not not rated",
        ".clauses[0].status",
        "status must be blue, green, amber or red, not not rated",
    ),
    (
        lambda: Bands(bands=(Band(status=G),)),
        '{ kind = "bands", bands = [{ status = "green" }] }',
        "bands must be 2 to 5 bands, not 1",
        ".bands",
        "bands must be 2 to 5 bands, not 1",
    ),
    (
        lambda: Bands(
            bands=(*(Band(status=G, at_least=100 - n) for n in range(5)), Band(status=R))
        ),
        '{ kind = "bands", bands = [{ status = "green", at_least = 100 }, '
        '{ status = "green", at_least = 99 }, { status = "green", at_least = 98 }, '
        '{ status = "green", at_least = 97 }, { status = "green", at_least = 96 }, '
        '{ status = "red" }] }',
        "bands must be 2 to 5 bands, not 6",
        ".bands",
        "bands must be 2 to 5 bands, not 6",
    ),
    (
        lambda: Bands(bands=(Band(status=G, at_least=100), Band(status=R, at_least=0))),
        '{ kind = "bands", bands = [{ status = "green", at_least = 100 }, '
        '{ status = "red", at_least = 0 }] }',
        "$.bands[1].at_least: the last band must have no at_least: it catches all lower values",
        ".bands[1].at_least",
        "the last band must have no at_least: it catches all lower values",
    ),
    (
        lambda: Bands(bands=(Band(status=G, at_least=100), Band(status=A), Band(status=R))),
        '{ kind = "bands", bands = [{ status = "green", at_least = 100 }, '
        '{ status = "amber" }, { status = "red" }] }',
        "$.bands[1].at_least: only the last band may leave out at_least",
        ".bands[1].at_least",
        "only the last band may leave out at_least",
    ),
    (
        lambda: Bands(
            bands=(Band(status=G, at_least=90), Band(status=A, at_least=100), Band(status=R))
        ),
        '{ kind = "bands", bands = [{ status = "green", at_least = 90 }, '
        '{ status = "amber", at_least = 100 }, { status = "red" }] }',
        f"$.bands[1].at_least: 100 is not below 90, the band before's; {ORDERED}",
        ".bands[1].at_least",
        f"100 is not below 90, the band before's; {ORDERED}",
    ),
    (
        lambda: Bands(
            bands=(Band(status=G, at_least=100), Band(status=A, at_least=100), Band(status=R))
        ),
        '{ kind = "bands", bands = [{ status = "green", at_least = 100 }, '
        '{ status = "amber", at_least = 100 }, { status = "red" }] }',
        f"$.bands[1].at_least: 100 is not below 100, the band before's; {ORDERED}",
        ".bands[1].at_least",
        f"100 is not below 100, the band before's; {ORDERED}",
    ),
    (
        lambda: Bands(
            bands=(Band(status=G, at_least=100), Band(status=R, at_least=90), Band(status=A))
        ),
        '{ kind = "bands", bands = [{ status = "green", at_least = 100 }, '
        '{ status = "red", at_least = 90 }, { status = "amber" }] }',
        f"$.bands[2].status: amber comes after red; bands {BEST_FIRST}",
        ".bands[2].status",
        f"amber comes after red; bands {BEST_FIRST}",
    ),
    (
        lambda: Bands(bands=(Band(status=Status.NO_DATA, at_least=100), Band(status=R))),
        '{ kind = "bands", bands = [{ status = "no data", at_least = 100 }, { status = "red" }] }',
        "status must be blue, green, amber or red, not no data",
        ".bands[0].status",
        "status must be blue, green, amber or red, not no data",
    ),
    (
        lambda: Quartile(statuses=(G, A, R)),
        '{ kind = "quartile", statuses = ["green", "amber", "red"] }',
        "statuses must be four statuses, best quartile first, not 3",
        ".statuses",
        "statuses must be four statuses, best quartile first, not 3",
    ),
    (
        lambda: Quartile(statuses=(G, R, A, R)),
        '{ kind = "quartile", statuses = ["green", "red", "amber", "red"] }',
        f"$.statuses[2]: amber comes after red; quartile statuses {BEST_FIRST}",
        ".statuses[2]",
        f"amber comes after red; quartile statuses {BEST_FIRST}",
    ),
]
IDS = [
    "target-tolerance-mode",
    "tolerance-with-travel-mode",
    "first-match-otherwise",
    "clause-status",
    "one-band",
    "six-bands",
    "last-band-with-at-least",
    "middle-band-without-at-least",
    "at-least-rising",
    "at-least-repeated",
    "bands-worse-first",
    "band-status",
    "three-quartile-statuses",
    "quartile-statuses-worse-first",
]

PLAN = """
title = "Towards 2030"
organisation = "Anytown District Council"

[[themes]]
id = "communities"
name = "Our communities"

[[themes.priorities]]
id = "C1"
statement = "Give communities a voice."
indicators = ["K1"]
"""

INDICATOR = """
[[indicators]]
id = "K1"
title = "Residents who feel they can influence decisions"
targets = [{{ period = "2024/25", value = 40 }}]
rule = {rule}
"""


def folder_problems(root: Path, files: dict[str, str]) -> tuple[str, ...]:
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_folder(root)
    return refused.value.problems


@pytest.mark.parametrize(("make", "written", "said", "path", "detail"), CASES, ids=IDS)
def test_a_rule_made_in_code_is_refused_in_one_line_naming_the_field(
    make: Callable[[], object], written: str, said: str, path: str, detail: str
) -> None:
    with pytest.raises(InputError) as refused:
        make()
    assert str(refused.value) == said
    assert refused.value.problems == (said,)
    assert isinstance(refused.value, ValueError)  # as these refusals always were


@pytest.mark.parametrize(("make", "written", "said", "path", "detail"), CASES, ids=IDS)
def test_a_rule_in_a_council_folder_is_refused_naming_the_file_and_the_fields_path(
    tmp_path: Path, make: Callable[[], object], written: str, said: str, path: str, detail: str
) -> None:
    found = folder_problems(
        tmp_path, {"plan.toml": PLAN, "indicators.toml": INDICATOR.format(rule=written)}
    )
    assert found == (f"indicators.toml: $.indicators[0].rule{path}: {detail}",)


@pytest.mark.parametrize(("make", "written", "said", "path", "detail"), CASES, ids=IDS)
def test_a_default_rule_is_refused_naming_council_toml_and_the_fields_path(
    tmp_path: Path, make: Callable[[], object], written: str, said: str, path: str, detail: str
) -> None:
    council = f"default_rule = {written}\n"  # the table [default_rule], written inline
    indicators = INDICATOR.format(rule='{ kind = "target-tolerance" }')
    found = folder_problems(
        tmp_path, {"plan.toml": PLAN, "indicators.toml": indicators, "council.toml": council}
    )
    assert found == (f"council.toml: $.default_rule{path}: {detail}",)


def test_a_mode_that_is_not_text_is_refused_as_the_wrong_kind_of_value(tmp_path: Path) -> None:
    with pytest.raises(InputTypeError) as refused:
        TargetTolerance(mode=5)  # type: ignore[arg-type]
    assert str(refused.value) == "mode must be 'relative' or 'absolute', not 5"
    assert isinstance(refused.value, TypeError)
    found = folder_problems(
        tmp_path,
        {
            "plan.toml": PLAN,
            "indicators.toml": INDICATOR.format(rule='{ kind = "target-tolerance", mode = 5 }'),
        },
    )
    assert found == ("indicators.toml: $.indicators[0].rule.mode: expected text, not 5",)
