"""Word (.docx) documents as blocks, read with python-docx.

The body is walked in order, paragraphs and tables interleaved. Headings and quotes come from paragraph styles;
list items get the marker Word prints ("3.", "(b)", "•"), worked out from the numbering definitions, because
the marker is not in the text. Footnotes become note blocks after the block that refers to them.
"""

import io
import re
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..document import HEADING, ITEM, NOTE, QUOTE, ROW, TEXT, PartialDate, ReadDocument, ReadError
from .text import DEFAULT_LIMITS, Blocks

DAMAGED = "this Word file is damaged or is not a .docx file"
MB = 1024 * 1024
# A .docx is a zip of XML; XML compresses about 10 to 30 times, a zip bomb a thousand times.
MAX_EXPANDED = 200 * MB
EXPANSION_ALLOWED = 20
EXPANSION_FLOOR = 50 * MB
MAX_MEMBER_RATIO = 200
RATIO_CHECKED_FROM = 10 * MB

# How WordprocessingML writes true.
ON = {"1", "true", "on"}
HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
QUOTE_STYLES = {"quote", "intense quote"}
# "List Number 2" is Word's style for a second-level list that its numbering does not mark as level 2.
LIST_STYLE_LEVEL = re.compile(r"^list (?:number|bullet) ([2-9])$", re.IGNORECASE)
# Symbol and Wingdings bullets are private-use characters that print as a dot.
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def read_docx(data, limits=DEFAULT_LIMITS):
    """The blocks and metadata of a .docx file, or a ReadError saying why it cannot be read."""
    check_package(data)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:
        # python-docx raises whatever its zip and XML layers raise for a broken file.
        raise ReadError(DAMAGED) from exc
    try:
        return _read(document, limits)
    except ReadError:
        raise
    except Exception as exc:
        # A file python-docx opened can still hold values it cannot read (a number that is not one, a missing part).
        raise ReadError(DAMAGED) from exc


def check_package(data):
    """Refuse, before any XML is parsed, a file that is not a zip or that would expand too much (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError(DAMAGED) from exc
    if "word/document.xml" not in {member.filename for member in members}:
        raise ReadError(DAMAGED)
    allowed = min(MAX_EXPANDED, max(EXPANSION_FLOOR, EXPANSION_ALLOWED * len(data)))
    expanded = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if expanded > allowed or bomb:
        raise ReadError(
            f"this Word file expands to {expanded / MB:,.0f} MB when unpacked, more than the {allowed / MB:,.0f} MB "
            "allowed (it may be a zip bomb)"
        )


def _read(document, limits):
    blocks = Blocks(limits)
    reader = _BodyReader(document, blocks)
    reader.read(document.element.body)
    properties = document.core_properties
    created = properties.created
    first_heading = next((block.text for block in blocks.list if block.kind == HEADING), "")
    return ReadDocument(
        blocks=blocks.list,
        title=(properties.title or "").strip() or reader.title or first_heading,
        author=(properties.author or "").strip(),
        published=PartialDate(created.year, created.month, created.day) if created else None,
    )


class _BodyReader:
    """The document's body, block by block, with the styles, numbering and footnotes that say what each is."""

    def __init__(self, document, blocks):
        self.blocks = blocks
        styles = list(document.styles.element.iterchildren(qn("w:style")))
        self.styles = {style.get(qn("w:styleId")): style for style in styles}
        defaults = [style for style in styles if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default"))]
        self.default_style = defaults[-1] if defaults else None
        # {styleId: (names, numId, ilvl)}, worked out once per style.
        self.style_cache = {}
        self.numbering = Numbering(_related_xml(document.part, RT.NUMBERING))
        footnotes = _related_xml(document.part, RT.FOOTNOTES)
        self.footnotes = {}
        if footnotes is not None:
            for note in footnotes.iterchildren(qn("w:footnote")):
                paragraphs = note.iter(qn("w:p"))
                self.footnotes[note.get(qn("w:id"))] = " ".join(paragraph_text(p) for p in paragraphs)
        # Footnotes are numbered in the order they are referred to, from the number and in the format the
        # document sets (Word's "Start at" and "Number format"); a custom mark ("*") takes no number.
        settings = [document.element.body.find(qn("w:sectPr")), document.settings.element]
        found = [element.find(qn("w:footnotePr")) for element in settings if element is not None]
        footnote_properties = next((element for element in found if element is not None), None)
        start = footnote_properties.find(qn("w:numStart")) if footnote_properties is not None else None
        number_format = footnote_properties.find(qn("w:numFmt")) if footnote_properties is not None else None
        self.footnote_number = int(start.get(qn("w:val"))) if start is not None else 1
        self.footnote_format = number_format.get(qn("w:val")) if number_format is not None else "decimal"
        # The text of the first paragraph in the "Title" style.
        self.title = ""

    def read(self, container):
        for child in container.iterchildren():
            self.blocks.deadline.check()
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag in (qn("w:sdt"), qn("w:customXml"), qn("w:sdtContent")):
                # Content controls (a table of contents, a form field) wrap ordinary paragraphs and tables.
                self.read(child)

    def paragraph(self, p):
        style_id = p.pPr.style if p.pPr is not None else None
        names, style_num_id, style_ilvl = self._style(style_id)
        text = paragraph_text(p)
        kind, level, marker = TEXT, 0, ""
        num_id, ilvl = _num_pr(p)
        # A paragraph's own numbering wins over its style's, field by field.
        num_id = num_id if num_id is not None else style_num_id
        ilvl = ilvl if ilvl is not None else style_ilvl
        numbered = self.numbering.next(num_id, ilvl or 0) if num_id else None
        heading_level = next((int(m[1]) for m in map(HEADING_STYLE.match, names) if m), 0)
        if "title" in names:
            kind, level = HEADING, 1
            self.title = self.title or " ".join(text.split())
        elif heading_level:
            kind, level = HEADING, heading_level
            # A numbered heading prints its number before its words ("2.1 Costs").
            text = f"{numbered[0]} {text}" if numbered and numbered[0] else text
        elif names & QUOTE_STYLES:
            kind = QUOTE
        elif numbered:
            kind, marker, level = ITEM, numbered[0], numbered[1]
            style_level = next((int(m[1]) for m in map(LIST_STYLE_LEVEL.match, names) if m), 0)
            if level == 1 and style_level:
                level = style_level
        self.blocks.add(kind, text, level=level, marker=marker)
        self._notes(p)

    def table(self, tbl):
        for tr in tbl.iterchildren(qn("w:tr")):
            self.blocks.deadline.check()
            cells = []
            for tc in tr.iterchildren(qn("w:tc")):
                # A cell merged into the one above it holds no text of its own: the merged text is read once.
                merged = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                if merged is not None and merged.get(qn("w:val"), "continue") == "continue":
                    cells.append("")
                else:
                    cells.append(" ".join(paragraph_text(p) for p in tc.iter(qn("w:p"))))
            self.blocks.add(ROW, "", cells=cells)
            self._notes(tr)

    def _notes(self, element):
        """The footnotes an element refers to, as note blocks with their markers as printed."""
        for reference in element.iter(qn("w:footnoteReference")):
            text = self.footnotes.get(reference.get(qn("w:id")), "")
            if reference.get(qn("w:customMarkFollows")) in ON:
                # A custom mark is written after the reference, in the same run, and again before the note.
                marker = " ".join(reference.getparent().text.split())
                text = text.strip().removeprefix(marker)
            else:
                marker = format_number(self.footnote_number, self.footnote_format)
                self.footnote_number += 1
            self.blocks.add(NOTE, text, marker=marker)

    def _style(self, style_id):
        """A paragraph style's names (its own and those it is based on, lower case) and its numbering."""
        if style_id in self.style_cache:
            return self.style_cache[style_id]
        names, num_id, ilvl = set(), None, None
        style = self.styles.get(style_id, self.default_style) if style_id else self.default_style
        # A style based on itself, directly or not, would loop: each style is read once.
        seen = set()
        while style is not None and style.get(qn("w:styleId")) not in seen:
            seen.add(style.get(qn("w:styleId")))
            name = style.find(qn("w:name"))
            names.add((name.get(qn("w:val"), "") if name is not None else "").lower())
            style_num_id, style_ilvl = _num_pr(style)
            num_id = num_id if num_id is not None else style_num_id
            ilvl = ilvl if ilvl is not None else style_ilvl
            based_on = style.find(qn("w:basedOn"))
            style = self.styles.get(based_on.get(qn("w:val"))) if based_on is not None else None
        self.style_cache[style_id] = names, num_id, ilvl
        return self.style_cache[style_id]


def _related_xml(part, reltype):
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return related.element if hasattr(related, "element") else parse_xml(related.blob)


def _num_pr(element):
    num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return None, None
    return _int_val(num_pr.find(qn("w:numId"))), _int_val(num_pr.find(qn("w:ilvl")))


def _int_val(element):
    return int(element.get(qn("w:val"))) if element is not None else None


def paragraph_text(p):
    """A paragraph's text as printed: runs in hyperlinks, fields and tracked insertions too, deletions left out."""
    runs = p.xpath(".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]")
    # A footnote's custom mark ("*") is a marker, not part of the sentence.
    return "".join(run.text for run in runs if not _has_custom_mark(run))


def _has_custom_mark(run):
    reference = run.find(qn("w:footnoteReference"))
    return reference is not None and reference.get(qn("w:customMarkFollows")) in ON


class Numbering:
    """Word's list numbering (numbering.xml): the printed marker of each numbered paragraph, in order.

    Counting follows Word: lists that share an abstract definition share its counters, a list that
    overrides a level's start restarts it where it first appears, and a deeper level restarts after
    a shallower one.
    """

    def __init__(self, element):
        # {abstractNumId: {ilvl: level}}; a level is (start, format, text).
        self.abstract = {}
        # {numId: (abstractNumId, {ilvl: start override}, {ilvl: level override})}
        self.nums = {}
        self.counters = {}
        self.started = set()
        if element is None:
            return
        for abstract in element.iterchildren(qn("w:abstractNum")):
            self.abstract[abstract.get(qn("w:abstractNumId"))] = _levels(abstract)
        for num in element.iterchildren(qn("w:num")):
            abstract_id = num.find(qn("w:abstractNumId"))
            starts, levels = {}, {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl")))
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    starts[ilvl] = int(start.get(qn("w:val")))
                levels.update(_levels(override))
            if abstract_id is not None:
                self.nums[int(num.get(qn("w:numId")))] = (abstract_id.get(qn("w:val")), starts, levels)

    def next(self, num_id, ilvl):
        """Count one more paragraph of list `num_id` at level `ilvl`: its (marker, depth), or None if undefined."""
        if num_id not in self.nums:
            return None
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
        start, number_format, text = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if number_format == "bullet":
            return PRIVATE_USE.sub("•", text).strip() or "•", ilvl + 1

        def number(match):
            level = int(match[1]) - 1
            if level not in levels:
                return ""
            return format_number(counters.get(level, levels[level][0]), levels[level][1])

        return re.sub(r"%([1-9])", number, text).strip(), ilvl + 1


def _levels(element):
    levels = {}
    for lvl in element.iterchildren(qn("w:lvl")):
        start, number_format, text = lvl.find(qn("w:start")), lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
        levels[int(lvl.get(qn("w:ilvl")))] = (
            int(start.get(qn("w:val"))) if start is not None else 1,
            number_format.get(qn("w:val")) if number_format is not None else "decimal",
            text.get(qn("w:val"), "") if text is not None else "",
        )
    return levels


def format_number(value, number_format):
    """A counter as a numbering format prints it: 3 is "3", "c", "C", "iii" or "III"."""
    if number_format in ("lowerLetter", "upperLetter"):
        # Word goes on past z with doubled letters: aa, bb.
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman") and value > 0:
        roman = ""
        for amount, numeral in ROMAN:
            count, value = divmod(value, amount)
            roman += numeral * count
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format == "none":
        return ""
    return str(value)
