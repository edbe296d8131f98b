"""The Word reader on the corpus made as .docx files, on Word's own numbering rules, and on broken files."""

import io
import zipfile
from datetime import datetime

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from tests.docmaker import accuracy, expected_paragraphs, load_specs, read_paragraphs
from tests.docmaker.broken import zipped
from tests.docmaker.docx import make_docx
from tracker.sources.document import HEADING, ITEM, NOTE, QUOTE, ROW, TEXT, Limits, PartialDate, ReadError
from tracker.sources.readers.docx import read_docx

SPECS = load_specs()


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_a_corpus_document_made_in_word_reads_back(slug):
    spec = SPECS[slug]
    document = read_docx(make_docx(spec))
    assert accuracy(expected_paragraphs(spec), read_paragraphs(document)) >= 0.95
    # The markers are not in the text: they come from Word's numbering definitions, as Word prints them.
    items = [
        (block["marker"], block.get("level") or 1, block["text"]) for block in spec["blocks"] if block["kind"] == ITEM
    ]
    assert [(block.marker, block.level, block.text) for block in document.blocks if block.kind == ITEM] == items
    rows = [block["cells"] for block in spec["blocks"] if block["kind"] == ROW]
    assert [block.cells for block in document.blocks if block.kind == ROW] == rows
    notes = [(block["marker"], block["text"]) for block in spec["blocks"] if block["kind"] == NOTE]
    assert [(block.marker, block.text) for block in document.blocks if block.kind == NOTE] == notes


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_a_corpus_document_made_in_word_keeps_its_metadata(slug):
    metadata = SPECS[slug]["metadata"]
    document = read_docx(make_docx(SPECS[slug]))
    assert document.title == metadata["title"]
    assert document.author == metadata["author"]
    if metadata["date"]:
        # Word stores a created day, so a month-only date ("2010-06") comes back as its first day.
        stated = PartialDate(*(int(part) for part in metadata["date"].split("-")))
        assert document.published.as_date() == stated.as_date()


def _spec(*blocks, **metadata):
    return {"metadata": metadata, "blocks": list(blocks)}


def _item(marker, text, level=1):
    return {"kind": "item", "level": level, "marker": marker, "text": text}


def test_list_markers_as_word_numbers_them():
    spec = _spec(
        {"kind": "heading", "level": 1, "text": "Recommendations"},
        _item("1.", "Bury the lines."),
        _item("(a)", "The exposed ones first.", 2),
        _item("(b)", "Then the rest.", 2),
        _item("2.", "Publish outage data."),
        _item("(a)", "Within a day.", 2),
        _item("i.", "On the web.", 3),
        _item("ii.", "In print.", 3),
        {"kind": "text", "text": "A remark between two items of the same list."},
        _item("3.", "Fund the repairs."),
        _item("•", "A bulleted list after it."),
        _item("1.", "A new numbered list starts again."),
        _item("2.1", "A paragraph numbered within its section."),
        _item("2.2", "And the next one."),
    )
    data = make_docx(spec)
    # The markers are Word's numbering, not part of the paragraphs' text.
    assert "The exposed ones first." in [paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs]
    document = read_docx(data)
    expected = [(block["marker"], block["level"]) for block in spec["blocks"] if block["kind"] == ITEM]
    assert [(block.marker, block.level) for block in document.blocks if block.kind == ITEM] == expected


def _numbering(document, abstract_xml):
    """A numbering definition added to a document the way Word writes one; its abstractNumId is 90."""
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{abstract_xml}</w:abstractNum>')
    )
    return numbering


def _numbered(document, text, num_id, ilvl=0):
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def _read(document):
    output = io.BytesIO()
    document.save(output)
    return read_docx(output.getvalue())


def test_lists_sharing_a_definition_count_on_unless_one_restarts():
    document = Document()
    numbering = _numbering(
        document,
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2"/></w:lvl>',
    )
    first = numbering.add_num(90).numId
    continuing = numbering.add_num(90).numId
    restarting = numbering.add_num(90)
    restarting.add_lvlOverride(ilvl=0).add_startOverride(5)
    _numbered(document, "First list, one.", first)
    _numbered(document, "Its sub-item.", first, ilvl=1)
    _numbered(document, "First list, two.", first)
    document.add_paragraph("Between the lists.")
    _numbered(document, "Another list on the same definition.", continuing)
    _numbered(document, "A list that restarts at five.", restarting.numId)
    _numbered(document, "Its sub-item.", restarting.numId, ilvl=1)
    items = [(block.marker, block.level) for block in _read(document).blocks if block.kind == ITEM]
    assert items == [("A)", 1), ("A.i", 2), ("B)", 1), ("C)", 1), ("E)", 1), ("E.i", 2)]


def test_list_styles_number_without_numbering_in_the_paragraph():
    document = Document()
    document.add_paragraph("One.", style="List Number")
    document.add_paragraph("A bullet under it.", style="List Bullet 2")
    document.add_paragraph("Two.", style="List Number")
    document.add_paragraph("A paragraph between.")
    # Word continues a list style's numbering through the whole document.
    document.add_paragraph("Three.", style="List Number")
    items = [(block.marker, block.level, block.text) for block in _read(document).blocks if block.kind == ITEM]
    assert items == [("1.", 1, "One."), ("•", 2, "A bullet under it."), ("2.", 1, "Two."), ("3.", 1, "Three.")]


def test_headings_quotes_and_the_title_from_styles():
    document = Document()
    document.add_heading("The report", level=0)
    document.add_heading("1 Findings", level=1)
    document.add_heading("1.1 Costs", level=2)
    document.add_paragraph("Costs rose.")
    document.add_paragraph("We will not pay.", style="Quote")
    document.add_paragraph("Nor will we.", style="Intense Quote")
    document.core_properties.title = ""
    read = _read(document)
    assert [(block.kind, block.level, block.text) for block in read.blocks] == [
        (HEADING, 1, "The report"),
        (HEADING, 1, "1 Findings"),
        (HEADING, 2, "1.1 Costs"),
        (TEXT, 0, "Costs rose."),
        (QUOTE, 0, "We will not pay."),
        (QUOTE, 0, "Nor will we."),
    ]
    assert read.title == "The report"


def test_merged_table_cells_are_read_once():
    document = Document()
    table = document.add_table(rows=3, cols=3)
    for row, texts in zip(
        table.rows, [["Year", "Cost", "Note"], ["2020", "5", "Estimate"], ["2021", "7", ""]], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    # "Estimate" covers two years; "Year" and "Cost" share one heading cell.
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(0, 0).merge(table.cell(0, 1))
    rows = [block.cells for block in _read(document).blocks if block.kind == ROW]
    assert rows == [["Year Cost", "Note"], ["2020", "5", "Estimate"], ["2021", "7"]]


def test_footnote_markers_leave_the_text_and_notes_follow_their_paragraph():
    spec = _spec(
        {"kind": "text", "text": "Costs rose sharply."},
        {"kind": "text", "text": "They fell later."},
        {"kind": "note", "marker": "12", "text": "Treasury figures.", "after": 0},
        {"kind": "note", "marker": "13", "text": "Audit office.", "after": 1},
    )
    blocks = read_docx(make_docx(spec)).blocks
    assert [(block.kind, block.marker, block.text) for block in blocks] == [
        (TEXT, "", "Costs rose sharply."),
        (NOTE, "12", "Treasury figures."),
        (TEXT, "", "They fell later."),
        (NOTE, "13", "Audit office."),
    ]


def test_tracked_changes_read_as_the_document_now_stands():
    document = Document()
    paragraph = document.add_paragraph("Costs ")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">'
            "<w:r><w:delText>fell</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">'
            "<w:r><w:t>rose</w:t></w:r></w:ins>"
        )
    )
    assert [block.text for block in _read(document).blocks] == ["Costs rose"]


def test_metadata_from_the_core_properties():
    document = Document()
    document.add_paragraph("Text.")
    document.core_properties.title = "Grid report"
    document.core_properties.author = "Jane Doe"
    document.core_properties.created = datetime(2010, 6, 15)
    read = _read(document)
    assert (read.title, read.author, read.published) == ("Grid report", "Jane Doe", PartialDate(2010, 6, 15))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"This is not a Word file at all.",
        make_docx(_spec({"kind": "text", "text": "Cut short."}))[:2000],
        # A zip, but not of a Word document.
        zipped({"notes.txt": "Some notes."}),
    ],
    ids=["empty", "text", "truncated", "other zip"],
)
def test_a_damaged_file_or_another_kind_of_file_is_refused(data):
    with pytest.raises(ReadError, match="damaged or is not a .docx file"):
        read_docx(data)


def test_a_word_file_with_broken_xml_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(_spec({"kind": "text", "text": "Text."})))) as original:
        with zipfile.ZipFile(buffer, "w") as damaged:
            for member in original.infolist():
                data = original.read(member)
                damaged.writestr(member, data[:-40] if member.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="damaged"):
        read_docx(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(b" " * 1024 * 1024)
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ReadError, match="expands to 300 MB .* zip bomb"):
        read_docx(buffer.getvalue())


def test_a_document_past_the_limits_is_refused():
    spec = _spec(*[{"kind": "text", "text": f"Paragraph {number}."} for number in range(6)])
    with pytest.raises(ReadError, match="more than 5 paragraphs"):
        read_docx(make_docx(spec), Limits(max_blocks=5))
    with pytest.raises(ReadError, match="longer than 10 characters"):
        read_docx(make_docx(spec), Limits(max_block_chars=10))
    with pytest.raises(ReadError, match="longer than the 0 seconds allowed"):
        read_docx(make_docx(spec), Limits(max_seconds=0))
