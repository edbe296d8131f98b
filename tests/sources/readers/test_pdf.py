"""Reading PDFs as a person would check them: every corpus document, made as a PDF with running headers, page
numbers, footnotes, hyphenation and one or two columns, comes back paragraph for paragraph."""

import io
import random
import re
from functools import cache

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.docmaker import accuracy, expected_paragraphs, load_specs, read_paragraphs, squash
from tests.docmaker.broken import locked_pdf, scanned_pdf
from tests.docmaker.pdf import make_pdf
from tracker.sources.document import Limits, ReadError
from tracker.sources.readers.pdf import read_pdf

CORPUS = load_specs()

LONG = (
    "The committee's independent assessment of the government's implementation programme found that the "
    "recommendations made in the previous parliamentary session had been only partially implemented, and that "
    "departmental accountability arrangements remained underdeveloped despite well-known warnings."
)
# A small report of our own with every hard part: long words that hyphenate, a nested list that runs over a page
# break, a table, a quote and two footnotes.
REPORT = {
    "metadata": {"title": "Delivering better public services", "author": "Public Accounts Committee"},
    "blocks": [
        {"kind": "heading", "level": 1, "text": "Delivering better public services"},
        {"kind": "text", "text": LONG},
        {"kind": "heading", "level": 2, "text": "1. Background"},
        {"kind": "text", "text": f"{LONG} {LONG}"},
        {"kind": "text", "text": "The review team made the following recommendations to the Department:"},
        {"kind": "item", "level": 1, "marker": "1.", "text": f"Publish a monitoring framework. {LONG}"},
        {"kind": "item", "level": 1, "marker": "2.", "text": f"Report annually to Parliament. {LONG}"},
        {"kind": "item", "level": 2, "marker": "(a)", "text": "publish the methodology used for the assessment;"},
        {"kind": "item", "level": 2, "marker": "(b)", "text": "report on progress against each commitment."},
        {"kind": "item", "level": 1, "marker": "3.", "text": f"Consult local authorities. {LONG}"},
        {"kind": "heading", "level": 2, "text": "2. Findings"},
        {"kind": "quote", "text": "Accountability must be designed into every programme from the outset."},
        {"kind": "row", "cells": ["Measure", "2019", "2020"]},
        {"kind": "row", "cells": ["Recommendations implemented", "41%", "47%"]},
        {"kind": "text", "text": LONG},
        {"kind": "note", "marker": "1", "text": "Committee of Public Accounts, Eighth Report, HC 405.", "after": 3},
        {"kind": "note", "marker": "2", "text": "National Audit Office, Departmental overview 2020-21.", "after": 14},
    ],
}
LIST_MARKERS = ["1.", "2.", "(a)", "(b)", "3."]


def spec_of(slug):
    return REPORT if slug == "report" else CORPUS[slug]


@cache
def made(slug, columns=1):
    return make_pdf(spec_of(slug), columns=columns)


@cache
def read(slug, columns=1):
    return read_pdf(made(slug, columns))


DOCUMENTS = [(slug, columns) for slug in ["report", *sorted(CORPUS)] for columns in (1, 2)]
WITH_NOTES = [
    (slug, columns) for slug, columns in DOCUMENTS if any(b["kind"] == "note" for b in spec_of(slug)["blocks"])
]


@pytest.mark.parametrize(("slug", "columns"), DOCUMENTS)
def test_each_document_reads_back_paragraph_for_paragraph(slug, columns):
    expected = expected_paragraphs(spec_of(slug))
    assert accuracy(expected, read_paragraphs(read(slug, columns))) >= 0.95


@pytest.mark.parametrize(("slug", "columns"), DOCUMENTS)
def test_no_running_header_footer_or_page_number_is_read_as_text(slug, columns):
    spec = spec_of(slug)
    header = squash(spec["metadata"].get("title") or spec["metadata"].get("publisher"))
    texts = [squash(block.text) for block in read(slug, columns).blocks]
    expected = [text for _, text in expected_paragraphs(spec)]
    # The header repeats the title, which the document may also have as its first heading: no more than that.
    assert texts.count(header) <= expected.count(header)
    assert not [text for text in texts if re.fullmatch(r"(Page )?\d+", text) and text not in expected]
    assert not [text for text in texts if re.search(r"\bPage \d+\b", text)]


@pytest.mark.parametrize(("slug", "columns"), WITH_NOTES)
def test_footnotes_come_back_as_notes_and_leave_the_text(slug, columns):
    spec = spec_of(slug)
    blocks = read(slug, columns).blocks
    notes = [(block["marker"], squash(block["text"])) for block in spec["blocks"] if block["kind"] == "note"]
    assert sorted((block.marker, squash(block.text)) for block in blocks if block.kind == "note") == sorted(notes)
    others = [squash(block.text) for block in blocks if block.kind != "note"]
    for _, text in notes:
        assert not [other for other in others if text in other]
    # The block that carried a marker reads without it.
    for note in (block for block in spec["blocks"] if block["kind"] == "note"):
        carrier = spec["blocks"][note["after"]]
        assert squash(carrier.get("text") or " | ".join(carrier["cells"])) in others


@pytest.mark.parametrize("columns", [1, 2])
def test_words_hyphenated_at_line_ends_are_joined_and_real_hyphens_kept(columns):
    printed = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(made("report", columns))).pages)
    broken = re.findall(r"([a-z]+)-\n([a-z]+)", printed)
    assert len(broken) >= 3, "the test document should break some words at line ends"
    text = " ".join(block.text for block in read("report", columns).blocks)
    for head, tail in broken:
        assert head + tail in text.replace("-", "")
        assert f"{head}- " not in text and f"{head}-{tail}" not in text
    assert "well-known" in text


def test_a_hyphen_that_ends_a_line_is_kept_in_a_word_that_has_one():
    paragraphs = [
        ["The committee made one recom-", "mendation about the well-", "known risks."],
        # "crosscutting" could be one word split at a line end; the document prints "cross-cutting" elsewhere.
        ["Work that is cross-cutting is hard, and cross-", "cutting work needs an owner."],
    ]
    pdf = io.BytesIO()
    page = canvas.Canvas(pdf, pagesize=A4)
    page.setFont("Helvetica", 11)
    y = 700
    for lines in paragraphs:
        for line in lines:
            page.drawString(72, y, line)
            y -= 14
        y -= 14
    page.save()
    assert [block.text for block in read_pdf(pdf.getvalue()).blocks] == [
        "The committee made one recommendation about the well-known risks.",
        "Work that is cross-cutting is hard, and cross-cutting work needs an owner.",
    ]


def drawn(paragraphs, size=11, spacing=14, gap=14):
    """A PDF of paragraphs drawn line by line at the left margin, `gap` points apart."""
    pdf = io.BytesIO()
    page = canvas.Canvas(pdf, pagesize=A4)
    page.setFont("Helvetica", size)
    y = 700
    for lines in paragraphs:
        for line in lines:
            page.drawString(72, y, line)
            y -= spacing
        y -= gap
    page.save()
    return pdf.getvalue()


def test_a_word_broken_at_a_line_end_in_capitals_is_joined_back():
    paragraphs = [
        ["THE COMMITTEE RECOM-", "MENDS THAT THE BOARD PUBLISH ITS ACCOUNTS."],
        # A short word in capitals after the hyphen is an abbreviation, and "well-known" is no split word.
        ["A NON-", "EU MEMBER AND A WELL-", "KNOWN RISK."],
    ]
    assert [block.text for block in read_pdf(drawn(paragraphs)).blocks] == [
        "THE COMMITTEE RECOMMENDS THAT THE BOARD PUBLISH ITS ACCOUNTS.",
        "A NON-EU MEMBER AND A WELL-KNOWN RISK.",
    ]


def test_a_short_line_over_a_paragraph_at_its_line_spacing_is_a_block_of_its_own():
    paragraphs = [
        [
            "PRESS RELEASE",
            "The committee has today published its report on the ferry services to the islands, which",
            "finds that the timetables are not kept and that fares have doubled since the last review.",
        ],
        # A short first line that goes on in lower case, or breaks a word, is the paragraph's.
        ["The ferries", "ran late all winter, the committee heard from islanders and from the crews."],
    ]
    assert [block.text for block in read_pdf(drawn(paragraphs)).blocks] == [
        "PRESS RELEASE",
        " ".join(paragraphs[0][1:]),
        " ".join(paragraphs[1]),
    ]


def test_a_list_over_a_page_break_stays_one_list_in_order():
    blocks = [block for block in read("report").blocks if block.kind != "note"]
    items = [index for index, block in enumerate(blocks) if block.kind == "item"]
    assert items == list(range(items[0], items[0] + len(LIST_MARKERS)))
    assert [blocks[index].marker for index in items] == LIST_MARKERS
    assert [blocks[index].level for index in items] == [1, 1, 2, 2, 1]
    assert {blocks[index].page for index in items} == {1, 2}
    # The item cut by the page break reads whole.
    assert blocks[items[1]].text == REPORT["blocks"][6]["text"]


@pytest.mark.parametrize(("slug", "columns"), [("report", 1), ("report", 2), *[(s, 1) for s in sorted(CORPUS)]])
def test_each_block_knows_its_page(slug, columns):
    """Checked against the text pypdf finds on that page."""
    pages = [squash(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(made(slug, columns))).pages]
    blocks = read(slug, columns).blocks
    for block in blocks:
        opening = " ".join((block.cells[0] if block.cells else block.text).split()[:2])
        assert opening in pages[block.page - 1], (block.page, block.text)
    if len(pages) > 1:
        assert any(block.page == 2 for block in blocks)


def test_a_title_across_two_columns_comes_before_them():
    pdf = io.BytesIO()
    page = canvas.Canvas(pdf, pagesize=A4)
    page.setFont("Helvetica-Bold", 20)
    page.drawString(72, 760, "A title that runs across both of the columns below")
    page.setFont("Helvetica", 10)
    left = ["The left column starts with this line", "and goes on for a few lines on the left", "until it ends here."]
    right = ["The right column starts here and", "also runs for a few lines of its own", "and finishes here."]
    for number, (left_line, right_line) in enumerate(zip(left, right, strict=True)):
        page.drawString(72, 720 - 13 * number, left_line)
        page.drawString(310, 720 - 13 * number, right_line)
    page.save()
    assert [block.text for block in read_pdf(pdf.getvalue()).blocks] == [
        "A title that runs across both of the columns below",
        " ".join(left),
        " ".join(right),
    ]


# Short paragraphs: where the gaps between paragraphs outnumber the gaps between lines, a paragraph still ends at a
# wider gap, and a numbered paragraph that wraps back under its number is read whole.

FINDINGS = [
    "The review found that the regional offices kept their records in three different systems, which made it "
    "hard to follow a case from one office to the next.",
    "The review found that waiting times had doubled since the last review and that no office measured them in "
    "the same way as any other office did.",
    "The review found that staff in the smaller offices had not been trained to use the new case management system "
    "and relied on paper forms instead.",
]


def labelled_findings(findings):
    """Each finding as a short "Finding N" paragraph followed by the finding's own paragraph."""
    return [
        block
        for number, text in enumerate(findings, start=1)
        for block in ({"kind": "text", "text": f"Finding {number}"}, {"kind": "text", "text": text})
    ]


def reads_back(spec, columns=1):
    assert read_paragraphs(read_pdf(make_pdf(spec, columns=columns))) == expected_paragraphs(spec)


@pytest.mark.parametrize("columns", [1, 2])
def test_a_short_paragraph_is_not_joined_to_the_end_of_the_one_above(columns):
    reads_back({"metadata": {"title": "Review of regional services"}, "blocks": labelled_findings(FINDINGS)}, columns)


def test_a_run_of_one_line_paragraphs_and_a_list_over_a_page_break_read_one_block_each():
    contents = [f"Chapter {number}: {title}" for number, title in enumerate(["Background", "Records", "Waiting"], 1)]
    contents += [f"Appendix {number}: {title}" for number, title in enumerate(["Submissions", "Hearings", "Visits"], 1)]
    spec = {
        "metadata": {"title": "Review of regional services"},
        "blocks": [
            {"kind": "heading", "level": 1, "text": "Review of regional services"},
            *[{"kind": "text", "text": line} for line in contents],
            {"kind": "heading", "level": 2, "text": "List of findings"},
            *labelled_findings(FINDINGS * 4),
        ],
    }
    document = read_pdf(make_pdf(spec))
    assert {block.page for block in document.blocks} == {1, 2}
    assert read_paragraphs(document) == expected_paragraphs(spec)


@pytest.mark.parametrize("columns", [1, 2])
def test_a_numbered_paragraph_that_wraps_back_under_its_number_reads_whole_as_text(columns):
    """As Markdown and Word give it: text with its number; its second line may start with a capital. A list whose
    text hangs past its markers stays a list."""
    spec = {
        "metadata": {"title": "Review of regional services"},
        "blocks": [
            {
                "kind": "text",
                "text": "3.14 The panel advises that the department widen the programme to take in rural clinics. "
                "Tasmanian and Victorian clinics should be first, as their waiting lists are the longest.",
            },
            {
                "kind": "text",
                "text": "3.15 The panel advises that the department publish its waiting times every quarter, office "
                "by office, in the same form.",
            },
            {
                "kind": "item",
                "level": 1,
                "marker": "1.",
                "text": "A list item whose text hangs past its number, as list items do, and runs on to a second "
                "line of its own.",
            },
            {"kind": "item", "level": 1, "marker": "2.", "text": "A second item."},
        ],
    }
    reads_back(spec, columns)


def test_items_under_guillemet_and_arrow_bullets_read_back_as_items():
    spec = {
        "metadata": {"title": "Harbour proposals"},
        "blocks": [
            {"kind": "text", "text": "The panel sets out three proposals for the harbour:"},
            *[
                {"kind": "item", "level": 1, "marker": marker, "text": text}
                for marker, text in [
                    (
                        "»",
                        "Publish the harbour dues each spring, for every class of vessel, in one table that "
                        "skippers can read before they sail.",
                    ),
                    ("»", "Keep a register of vessels."),
                    ("➢", "Licence every pilot."),
                ]
            ],
        ],
    }
    reads_back(spec, 1)


def test_headings_and_metadata():
    document = read("report")
    headings = [(block.level, block.text) for block in document.blocks if block.kind == "heading"]
    assert headings == [(1, "Delivering better public services"), (2, "1. Background"), (2, "2. Findings")]
    assert (document.title, document.author) == ("Delivering better public services", "Public Accounts Committee")


def test_without_a_title_in_the_metadata_the_first_large_heading_is_the_title():
    spec = {**REPORT, "metadata": {}}
    assert read_pdf(make_pdf(spec)).title == "Delivering better public services"


def test_rows_keep_their_cells():
    rows = [block.cells for block in read("report", 2).blocks if block.kind == "row"]
    assert rows == [["Measure", "2019", "2020"], ["Recommendations implemented", "41%", "47%"]]


def test_plain_layout_reads_back_too():
    pdf = make_pdf(REPORT, running_header=False, page_numbers=False, hyphenate=False, footnotes=False)
    assert accuracy(expected_paragraphs(REPORT), read_paragraphs(read_pdf(pdf))) == 1


# Documents that cannot be read say why.


def test_a_scanned_pdf_asks_for_ocr():
    with pytest.raises(ReadError, match="^this PDF has no text to read; it looks scanned - run it through OCR first"):
        read_pdf(scanned_pdf())


def encrypted(user_password):
    return locked_pdf(made("report"), user_password)


def test_a_pdf_that_needs_a_password_says_so():
    with pytest.raises(ReadError, match="^this PDF is protected by a password"):
        read_pdf(encrypted("secret"))


def test_a_pdf_locked_only_against_editing_reads():
    assert read_paragraphs(read_pdf(encrypted(""))) == read_paragraphs(read("report"))


@pytest.mark.parametrize("data", [b"", b"Hello, this is not a PDF at all.", made("report")[:3000]])
def test_a_damaged_or_foreign_file_says_so(data):
    with pytest.raises(ReadError, match="^this file is not a PDF that can be read"):
        read_pdf(data)


def test_a_pdf_with_too_many_pages_says_how_many():
    pdf = make_pdf(REPORT, pages_at_least=4)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    with pytest.raises(ReadError, match=f"^this PDF has {pages} pages; the limit is 3$"):
        read_pdf(pdf, Limits(max_pages=3))


def test_a_pdf_with_too_many_paragraphs_says_so():
    with pytest.raises(ReadError, match="^this PDF has more than 5 paragraphs, list items and table rows"):
        read_pdf(made("report"), Limits(max_blocks=5))


def test_a_pdf_with_a_paragraph_too_long_says_so():
    with pytest.raises(ReadError, match="^this PDF has a paragraph longer than 100 characters"):
        read_pdf(made("report"), Limits(max_block_chars=100))


def test_reading_stops_at_the_time_limit():
    with pytest.raises(ReadError, match="took longer than"):
        read_pdf(made("report"), Limits(max_seconds=0))


def test_no_library_error_escapes_from_a_damaged_pdf():
    original = made("report")
    generator = random.Random(7)
    for _ in range(40):
        data = bytearray(original)
        start = generator.randrange(len(data) - 200)
        data[start : start + 200] = generator.randbytes(200)
        try:
            read_pdf(bytes(data))
        except ReadError:
            pass
