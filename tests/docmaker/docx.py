"""Word documents made from a corpus spec, with the structures Word itself writes.

Headings and quotes are paragraph styles; list items are real numbered paragraphs, whose markers Word
prints from numbering definitions (they are not in the text); a run of rows is one table; footnotes
are a footnotes part with references in the text; the title, author and date are core properties.
"""

import io
import re
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

# The last number or letter in a marker is its counter: "3." "(b)" "2.1" "iv)"; the rest is printed as it is.
COUNTER = re.compile(r"(\d+|[A-Za-z]+)(?=[^A-Za-z0-9]*$)")
ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def make_docx(spec):
    """The spec as the bytes of a .docx file."""
    document = Document()
    lists = Lists(document)
    blocks = spec["blocks"]
    # The paragraph each spec block became, where a footnote referring to it is anchored.
    paragraphs = {}
    table = None
    for index, block in enumerate(blocks):
        kind = block["kind"]
        if kind != "row":
            table = None
        if kind == "heading":
            paragraphs[index] = document.add_heading(block["text"], level=min(max(block.get("level") or 1, 1), 9))
        elif kind == "text":
            paragraphs[index] = document.add_paragraph(block["text"])
        elif kind == "quote":
            paragraphs[index] = document.add_paragraph(block["text"], style="Quote")
        elif kind == "item":
            paragraphs[index] = lists.add(block)
        elif kind == "row":
            if table is None:
                table = document.add_table(rows=0, cols=_columns(blocks, index))
                table.style = "Table Grid"
            paragraphs[index] = _add_row(table, block["cells"])
    notes = [
        (paragraphs[block["after"]], block["text"], block["marker"]) for block in blocks if block["kind"] == "note"
    ]
    if notes:
        _add_footnotes(document, notes)
    metadata = spec.get("metadata") or {}
    properties = document.core_properties
    # The default template has its own author and dates; a spec without them gets none.
    properties.title = metadata.get("title") or ""
    properties.author = metadata.get("author") or ""
    properties.last_modified_by = ""
    created = _datetime(metadata.get("date"))
    if created:
        properties.created = created
        properties.modified = created
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _columns(blocks, start):
    """The width of the table a run of rows makes: its widest row."""
    widths = []
    for block in blocks[start:]:
        if block["kind"] != "row":
            break
        widths.append(len(block["cells"]))
    return max(widths + [1])


def _add_row(table, cells):
    """A row of the table; a row with fewer cells than the table has its last cell merged across the rest."""
    row = table.add_row()
    cells = cells or [""]
    for cell, text in zip(row.cells, cells, strict=False):
        cell.text = text
    if len(cells) < len(row.cells):
        row.cells[len(cells) - 1].merge(row.cells[-1])
    return row.cells[len(cells) - 1].paragraphs[0]


def _datetime(value):
    """A spec date ("2024", "2024-06" or "2024-06-15") as the datetime Word stores."""
    if not value:
        return None
    parts = [int(part) for part in str(value)[:10].split("-")]
    return datetime(parts[0], *(parts[1:] + [1, 1])[:2])


class Lists:
    """List items as Word numbers them: each list has its own numbering definition, whose levels print
    the spec's markers, so the markers come from Word's numbering and not from the text."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        self.next_abstract_id = 1 + max(
            [int(abstract.get(qn("w:abstractNumId"))) for abstract in self.numbering.iterchildren(qn("w:abstractNum"))]
            + [-1]
        )
        self.document = document
        # The list being written: its numbering definition, levels {ilvl: (format, text, start)}, counters.
        self.abstract = None
        self.num_id = None
        self.levels = {}
        self.counters = {}

    def add(self, block):
        depth = min(max(block.get("level") or 1, 1), 9)
        ilvl = depth - 1
        marker = block.get("marker") or "•"
        known = self.levels.get(ilvl)
        number_format, text, value = read_marker(marker, ilvl, known[0] if known else None)
        if known:
            expected = self.counters[ilvl] + 1 if ilvl in self.counters else known[2]
            continues = known[:2] == (number_format, text) and (value is None or value == expected)
        else:
            continues = self.abstract is not None
        if not continues:
            self._start_list()
        if ilvl not in self.levels:
            self._add_level(ilvl, number_format, text, value or 1)
        self.counters[ilvl] = value or 1
        for deeper in [level for level in self.counters if level > ilvl]:
            del self.counters[deeper]
        style = "List Bullet" if number_format == "bullet" else "List Number"
        paragraph = self.document.add_paragraph(block["text"], style=f"{style} {depth}" if depth in (2, 3) else style)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = self.num_id
        return paragraph

    def _start_list(self):
        abstract_id = self.next_abstract_id
        self.next_abstract_id += 1
        self.abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/></w:abstractNum>'
        )
        # Abstract definitions come before the numbering instances that use them.
        first_num = self.numbering.find(qn("w:num"))
        if first_num is None:
            self.numbering.append(self.abstract)
        else:
            first_num.addprevious(self.abstract)
        self.num_id = self.numbering.add_num(abstract_id).numId
        self.levels = {}
        self.counters = {}

    def _add_level(self, ilvl, number_format, text, start):
        self.levels[ilvl] = (number_format, text, start)
        lvl = OxmlElement("w:lvl", attrs={qn("w:ilvl"): str(ilvl)})
        for tag, val in (("w:start", start), ("w:numFmt", number_format), ("w:lvlText", text), ("w:lvlJc", "left")):
            lvl.append(OxmlElement(tag, attrs={qn("w:val"): str(val)}))
        indent = OxmlElement("w:ind", attrs={qn("w:left"): str(720 * (ilvl + 1)), qn("w:hanging"): "360"})
        paragraph_properties = OxmlElement("w:pPr")
        paragraph_properties.append(indent)
        lvl.append(paragraph_properties)
        later = [other for other in self.abstract.iterchildren(qn("w:lvl")) if int(other.get(qn("w:ilvl"))) > ilvl]
        if later:
            later[0].addprevious(lvl)
        else:
            self.abstract.append(lvl)


def read_marker(marker, ilvl, prefer=None):
    """(numFmt, lvlText, value) printing `marker` at level `ilvl`: "(b)" is ("lowerLetter", "(%2)", 2) at level 1.

    "i" is a roman one unless the level already counts in letters; a marker with no number or letter is a bullet.
    """
    match = COUNTER.search(marker)
    if not match:
        return "bullet", marker, None
    token = match[1]
    if token.isdigit():
        number_format, value = "decimal", int(token)
    elif (prefer or "").endswith("Letter") and len(token) == 1:
        number_format, value = "Letter", ord(token.lower()) - ord("a") + 1
    elif ROMAN.match(token) and (len(token) > 1 or token in "iI" or (prefer or "").endswith("Roman")):
        number_format, value = "Roman", roman_value(token.lower())
    elif len(token) == 1:
        number_format, value = "Letter", ord(token.lower()) - ord("a") + 1
    else:
        return "bullet", marker, None
    if number_format != "decimal":
        number_format = ("lower" if token.islower() else "upper") + number_format
    return number_format, f"{marker[: match.start()]}%{ilvl + 1}{marker[match.end() :]}", value


def roman_value(numeral):
    values = [ROMAN_VALUES[letter] for letter in numeral]
    following = values[1:] + [0]
    return sum(-value if value < after else value for value, after in zip(values, following, strict=True))


def _add_footnotes(document, notes):
    """A footnotes part holding each note, with a reference at the end of the paragraph it belongs to.

    Notes numbered 1, 2, 3 or from a later number ("6", "7") are numbered by Word, from that number; others
    ("*", "**") are custom marks, written after the reference as Word writes them.
    """
    markers = [marker for _, _, marker in notes]
    first = int(markers[0]) if markers[0].isdigit() else 1
    numbered = markers == [str(first + offset) for offset in range(len(notes))]
    if numbered and first != 1:
        _start_footnotes_at(document, first)
    footnotes = parse_xml(
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    for number, (paragraph, text, marker) in enumerate(notes, start=1):
        run = paragraph.add_run()
        run.font.superscript = True
        if numbered:
            run._r.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(number)}))
            mark = "<w:footnoteRef/>"
        else:
            reference = OxmlElement(
                "w:footnoteReference", attrs={qn("w:customMarkFollows"): "1", qn("w:id"): str(number)}
            )
            run._r.append(reference)
            run._r.append(OxmlElement("w:t"))
            run._r[-1].text = marker
            mark = f"<w:t>{escape(marker)}</w:t>"
        footnotes.append(
            parse_xml(
                f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p>'
                f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{mark}</w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
                "</w:p></w:footnote>"
            )
        )
    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        etree.tostring(footnotes, xml_declaration=True, encoding="UTF-8", standalone=True),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _start_footnotes_at(document, number):
    """Word's "Start at" for footnote numbers: a footnotePr in the section, after its header and footer references."""
    footnote_properties = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:numStart w:val="{number}"/></w:footnotePr>')
    section = document.sections[-1]._sectPr
    references = section.findall(qn("w:headerReference")) + section.findall(qn("w:footerReference"))
    if references:
        references[-1].addnext(footnote_properties)
    else:
        section.insert(0, footnote_properties)
