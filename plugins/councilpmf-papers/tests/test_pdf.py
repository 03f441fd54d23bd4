"""The ``pdf`` format, read back with pikepdf and pypdf: a tagged PDF/UA-1 paper with its title
and language, headings, tables with header cells, figures with alternative text, text that can
be extracted, and council text that Typst never reads as markup."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf
import pypdf
import pytest
from councilpmf_papers import pdf
from papers_fixtures import (
    CONTROL,
    FORMULAS,
    LONG,
    MARKUP,
    REASON,
    every_report,
    example_report,
    hostile,
    mansfield_report,
    themed_report,
    with_commentary,
    with_reason,
)

from councilpmf.core.report import Report


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Text without white space, so line breaks made by the layout do not matter."""
    return re.sub(r"\s+", "", text)


def elements(node: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """Every structure element below ``node``, depth first, in order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def structure(content: bytes) -> list[tuple[str, str | None]]:
    """Every structure element's type and alternative text, in order."""
    with pikepdf.open(io.BytesIO(content)) as document:
        return [
            (str(e.S), str(e.Alt) if "/Alt" in e else None)
            for e in elements(document.Root.StructTreeRoot)
        ]


@pytest.mark.parametrize(("name", "kind"), every_report())
def test_every_kind_for_every_council_renders_a_tagged_pdf(name: str, kind: str) -> None:
    report = example_report(name, kind)
    content = pdf.render(report)
    document = pikepdf.open(io.BytesIO(content))
    assert document.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in document.Root
    assert squeezed(report.title) in squeezed(text_of(content))


def test_the_same_report_gives_the_same_bytes_dated_as_of() -> None:
    report = mansfield_report("performance")
    first = pdf.render(report)
    assert first == pdf.render(report)
    info = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20250120")
    assert info["/ModDate"].startswith("D:20250120")


def test_title_language_and_pdf_ua_are_declared() -> None:
    report = mansfield_report("exceptions")
    document = pikepdf.open(io.BytesIO(pdf.render(report)))
    assert str(document.Root.Lang) == "en-GB"
    assert document.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(document.docinfo.Title) == report.title
    with document.open_metadata() as xmp:
        assert xmp["dc:title"] == report.title
        assert xmp["pdfuaid:part"] == "1"


def test_headings_tables_and_figures_are_tagged() -> None:
    report = mansfield_report("performance")
    tags = structure(pdf.render(report))
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/Table") == 1 + 5  # the summary by theme, and the appendix by theme
    assert "/TH" in kinds and "/TD" in kinds and "/Caption" in kinds
    assert {"/H1", "/H2"} <= set(kinds) or {"/H2", "/H3"} <= set(kinds)
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert figures == [c.description for c in report.charts()]


def test_the_paper_reads_in_order_with_its_commentary() -> None:
    text = squeezed(text_of(pdf.render(mansfield_report("exceptions"))))
    order = ["1.Summary", "2.Recommendations", "3.Summarybytheme", "4.Exceptions", "AppendixA"]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    assert squeezed("Commentary and corrective action: Two assessor vacancies") in text


def test_status_symbols_are_in_the_font() -> None:
    text = text_of(pdf.render(themed_report()))
    for shown in ("✖ Red", "▲ Amber", "✔ Green", "84.3%", "£1,234,567"):
        assert shown in text


def rendered(payload: str, kind: str) -> str:
    return squeezed(text_of(pdf.render(hostile(payload, kind))))


@pytest.mark.parametrize("payload", MARKUP)
def test_markup_in_council_text_is_shown_as_written(payload: str) -> None:
    assert squeezed(payload) in rendered(payload, "performance")


def test_formulas_and_markup_in_peer_challenge_text_are_shown_as_written() -> None:
    payload = " | ".join([*FORMULAS, *MARKUP])
    assert squeezed(payload) in rendered(payload, "peer-challenge")


def test_control_characters_become_replacement_characters() -> None:
    text = rendered(CONTROL, "actions")
    assert (
        squeezed("Before\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd[31m\ufffd\ufffd\ufffdafter")
        in text
    )


def test_ten_kilobytes_of_commentary_is_all_there() -> None:
    text = squeezed(text_of(pdf.render(with_commentary(LONG, "exceptions"))))
    assert text.count("Longcommentary.") >= LONG.count("Long commentary.")


def test_a_word_longer_than_a_line_is_broken_across_lines() -> None:
    """An unbroken word would run off the page and over the cells beside it: it is broken
    wherever it must be, and all of it is there."""
    word = "x" * 400
    lines = text_of(pdf.render(with_commentary(word, "exceptions"))).splitlines()
    runs = [len(run) for line in lines for run in re.findall("x{20,}", line)]
    assert max(runs) < 120  # a landscape line of the appendix holds about 150 characters
    assert sum(runs) >= 400 * 10  # ten exceptions, in the paper and the appendix


def test_a_missing_value_says_why_in_full() -> None:
    text = squeezed(text_of(pdf.render(with_reason(REASON, "performance"))))
    assert text.count(squeezed(f"no data: {REASON}")) == 1  # the appendix


def test_a_report_with_nothing_in_it_still_renders() -> None:
    empty = Report(
        kind="performance",
        title="Empty",
        council="Anytown Council",
        committee=None,
        period="2024/25",
        as_of=mansfield_report("performance").as_of,
    )
    assert "Nothing is red, amber or overdue." in text_of(pdf.render(empty))


def fonts_of(content: bytes) -> set[str]:
    """The name of every font a page of the PDF draws with (less the subset's tag)."""
    with pikepdf.open(io.BytesIO(content)) as document:
        return {
            str(font.BaseFont).split("+")[-1]
            for page in document.pages
            for font in page.Resources.Font.values()
        }


EMOJI = "Bins emptied 👍🏽 on time 🎉, flag 🇬🇧 and ❤️ and a family 👨‍👩‍👧"


def test_emoji_are_named_in_words_not_drawn_as_boxes() -> None:
    """DejaVu Sans has no emoji: Typst drew each as an empty box from its last-resort font (and
        its text, copied, became another emoji). Each is written as its name in brackets; a heart,
    which the font has, is drawn."""
    content = pdf.render(with_commentary(EMOJI, "exceptions"))
    assert fonts_of(content) == {"DejaVuSans", "DejaVuSans-Bold"}
    text = squeezed(text_of(content))
    shown = (
        "Bins emptied [thumbs up sign] on time [party popper], flag [flag GB] and "
        "❤️ and a family [man][woman][girl]"
    )
    assert squeezed(shown) in text
