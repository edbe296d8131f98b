"""Reading a report's text: its paragraphs, title, date and recommendations.

Written for reports in general: paragraphs are lines, or blocks separated by blank
lines; a "Recommendations" heading (any case, "Policy recommendations" too, Markdown
or numbered) is followed by bulleted or numbered items, each possibly several
sentences long, or by plain paragraphs up to the next heading.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import date

from dateutil import parser as dateparser

LIST_MARKER = re.compile(r"^\s*(?:[-*•‣▪–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s)|\(?[ivxIVX]{1,5}[.)])\s+")
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")
RECOMMENDATIONS_HEADING = re.compile(
    r"^(?:(?:key|policy|our|main)\s+)?recommendations?(?:\s+(?:for|to)\s+.{1,80})?\s*:?$", re.IGNORECASE
)
# Back matter that ends a section even when it follows a list item without a blank line.
BACK_MATTER = re.compile(
    r"^(?:notes?|end\s?notes|footnotes|references|sources|bibliography|further reading|annex(?:es)?|"
    r"appendix|appendices|about the authors?|acknowledge?ments|conclusions?|contacts?)\s*:?$",
    re.IGNORECASE,
)
BACK_MATTER_LABEL = re.compile(BACK_MATTER.pattern.replace(r"\s*:?$", r"\s*:\s+\S"), re.IGNORECASE)
# A whole line in Markdown emphasis ("**Recommendations:**"), read as its words.
EMPHASIS_LINE = re.compile(r"^([*_]{1,3})(\S(?:.*?\S)?)\1(\s*:?)$")
# Underscores emphasise only at word edges, so snake_case names are left alone.
EMPHASIS = re.compile(r"(\*{1,3})(\S(?:.*?\S)?)\1|(?<!\w)(_{1,3})(\S(?:.*?\S)?)\3(?!\w)")
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
SUBSECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+")
MODAL = re.compile(r"\b(should|must|ought to|needs? to|is urged to|are urged to)\b", re.IGNORECASE)
ACTOR = re.compile(
    r"\b((?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*)\s+(?:should|must|ought to|needs? to)\b"
)
NOT_ACTORS = {"it", "this", "that", "these", "those", "they", "we", "there", "such", "which"}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")
DATE_LINE = re.compile(
    r"^\(?\s*(?:published:?\s*|date:?\s*)?"
    r"((?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}"
    r"|\d{4}-\d{2}-\d{2})\s*\)?\.?$",
    re.IGNORECASE,
)

TITLE_MAX = 200
TITLE_LIMIT = 140
# A line this short without closing punctuation reads as a heading.
HEADING_MAX = 80


@dataclass
class Block:
    kind: str  # "text", "heading" or "item"
    text: str
    # The list marker an item had ("2."), kept to read numbered section headings.
    marker: str = ""


@dataclass
class Document:
    paragraphs: list = field(default_factory=list)
    title: str = ""
    published_on: date | None = None
    # Indexes into paragraphs, in order.
    recommendation_indexes: list = field(default_factory=list)
    has_recommendations_section: bool = False


def normalise(text):
    """Text as stored: Unix newlines, no trailing spaces, no surrounding blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _is_heading(line):
    if MARKDOWN_HEADING.match(line):
        return True
    stripped = line.strip()
    if not stripped or len(stripped) > HEADING_MAX or LIST_MARKER.match(stripped):
        return False
    if DATE_LINE.match(stripped):
        return False
    return stripped[-1] not in '.!?,;:"”’)' or bool(RECOMMENDATIONS_HEADING.match(_heading_text(stripped)))


def _heading_text(line):
    line = MARKDOWN_HEADING.sub("", line.strip())
    line = SECTION_NUMBER.sub("", line)
    return line.strip().strip("*_").strip()


def _unwrap_emphasis(line):
    match = EMPHASIS_LINE.match(line)
    return f"{match.group(2)}{match.group(3).strip()}" if match else line


def _starts_section(line):
    """A Markdown heading or a back-matter heading ("Notes") starts a block even without a blank line."""
    text = _heading_text(line)
    return bool(MARKDOWN_HEADING.match(line) or (text[:1].isupper() and BACK_MATTER.match(text)))


def _looks_like_heading(text):
    return len(text) <= 80 and text[-1:] not in '.!?,;:"”’)'


def plain(text):
    """Text without Markdown emphasis or HTML tags, for titles and actors."""
    text = html.unescape(TAG.sub("", text))
    return EMPHASIS.sub(lambda match: match.group(2) or match.group(4), text)


def split_blocks(text):
    """The document's paragraphs, in order, each with its kind."""
    text = normalise(text)
    lines = text.split("\n")
    # Without blank lines, every line is a paragraph; with them, lines between blank lines
    # are one wrapped paragraph, except that list items and headings start their own.
    one_per_line = "" not in [line.strip() for line in lines]
    blocks = []
    current = None
    item_column = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        marker = LIST_MARKER.match(stripped)
        if marker:
            current = Block("item", stripped[marker.end() :].strip(), marker.group(0).strip())
            blocks.append(current)
            item_column = indent + len(marker.group(0).expandtabs(4))
        elif current is None and not one_per_line and blocks and blocks[-1].kind == "item" and indent >= item_column:
            # A paragraph indented under a list item, after a blank line, continues that item (as in Markdown).
            current = blocks[-1]
            current.text = f"{current.text} {stripped}"
        elif _is_heading(stripped) and (
            one_per_line or current is None or current.kind == "heading" or _starts_section(stripped)
        ):
            text = _heading_text(stripped) if MARKDOWN_HEADING.match(stripped) else _unwrap_emphasis(stripped)
            blocks.append(Block("heading", text))
            current = None
        elif current is not None and not one_per_line:
            current.text = f"{current.text} {stripped}"
        else:
            current = Block("text", stripped)
            blocks.append(current)
        if one_per_line:
            current = None
    return [b for b in blocks if b.text]


def _parse_date(line):
    match = DATE_LINE.match(line.strip())
    if not match:
        return None
    try:
        return dateparser.parse(match.group(1), fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def find_recommendations(blocks):
    """Indexes of the recommendation paragraphs, and whether a Recommendations section exists.

    The first such heading with something under it counts: a table of contents may name it earlier.
    """
    starts = [
        i
        for i, block in enumerate(blocks)
        if (block.kind == "heading" or len(block.text) <= 80)
        and RECOMMENDATIONS_HEADING.match(_heading_text(block.text))
    ]
    if not starts:
        return [], False
    for start in starts:
        section = _section(blocks, start)
        if section:
            return section, True
    return [], True


def _section(blocks, start):
    heading_number = _marker_number(blocks[start])
    if heading_number is not None:
        # "2. Recommendations" is a numbered section heading, not a list item; "3. Conclusion" ends it.
        _make_heading(blocks[start])
    section = []
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading":
            break
        if (
            heading_number is not None
            and _marker_number(block) == heading_number + 1
            and _looks_like_heading(block.text)
        ):
            _make_heading(block)
            break
        if block.kind != "item" and BACK_MATTER_LABEL.match(block.text):
            break
        if _parse_date(block.text):
            continue
        section.append(index)
    items = [i for i in section if blocks[i].kind == "item"]
    # Under a list, only its items are recommendations; other lines are remarks.
    return items or section


def _marker_number(block):
    """The number of a numbered item ("2." or "2)"), or None."""
    digits = block.marker.strip("().")
    return int(digits) if block.kind == "item" and digits.isdigit() else None


def _make_heading(block):
    block.kind, block.text, block.marker = "heading", f"{block.marker} {block.text}", ""


def make_title(text):
    """A short title: the sentence that recommends (or the first), cut at a word."""
    text = SUBSECTION_NUMBER.sub("", plain(text))
    sentences = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
    if not sentences:
        return text[:TITLE_MAX]
    chosen = next((s for s in sentences if MODAL.search(s)), sentences[0])
    actor = ACTOR.search(chosen)
    if actor and actor.group(1).split()[0].lower() not in NOT_ACTORS:
        # "X will go on, but Japan should engage ..." is titled from the clause that recommends.
        chosen = chosen[actor.start() :]
    chosen = chosen.rstrip(".")
    if len(chosen) <= TITLE_LIMIT:
        return chosen
    cut = chosen[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return f"{cut}…"


def find_actor(text):
    """Who the recommendation addresses, when a sentence names them ('Japan should ...')."""
    for match in ACTOR.finditer(plain(text)):
        actor = match.group(1)
        if actor.split()[0].lower() not in NOT_ACTORS:
            return actor
    return ""


def read_document(text):
    blocks = split_blocks(text)
    doc = Document(paragraphs=blocks)
    if not blocks:
        return doc
    first = blocks[0].text
    if len(first) <= TITLE_MAX:
        doc.title = first
    for block in blocks[-3:][::-1] + blocks[:5]:
        found = _parse_date(block.text)
        if found:
            doc.published_on = found
            break
    doc.recommendation_indexes, doc.has_recommendations_section = find_recommendations(blocks)
    return doc
