"""Reading a report's text: its paragraphs, title, date and recommendations.

Written for reports in general: paragraphs are lines, or blocks separated by blank
lines; a "Recommendations" heading (any case, "Policy recommendations" too, Markdown
or numbered) is followed by bulleted or numbered items, each possibly several
sentences long, or by plain paragraphs up to the next heading.
"""

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


@dataclass
class Block:
    kind: str  # "text", "heading" or "item"
    text: str


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
    if not stripped or len(stripped) > 80 or LIST_MARKER.match(stripped):
        return False
    if DATE_LINE.match(stripped):
        return False
    return stripped[-1] not in '.!?,;:"”’)' or bool(RECOMMENDATIONS_HEADING.match(_heading_text(stripped)))


def _heading_text(line):
    line = MARKDOWN_HEADING.sub("", line.strip())
    line = SECTION_NUMBER.sub("", line)
    return line.strip().strip("*_").strip()


def split_blocks(text):
    """The document's paragraphs, in order, each with its kind."""
    text = normalise(text)
    lines = text.split("\n")
    # Without blank lines, every line is a paragraph; with them, lines between blank lines
    # are one wrapped paragraph, except that list items and headings start their own.
    one_per_line = "" not in [line.strip() for line in lines]
    blocks = []
    current = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if LIST_MARKER.match(stripped):
            current = Block("item", LIST_MARKER.sub("", stripped, count=1).strip())
            blocks.append(current)
        elif _is_heading(stripped) and (one_per_line or current is None or current.kind == "heading"):
            blocks.append(Block("heading", _heading_text(stripped) if MARKDOWN_HEADING.match(stripped) else stripped))
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
    """Indexes of the recommendation paragraphs, and whether a Recommendations section exists."""
    start = next(
        (
            i
            for i, block in enumerate(blocks)
            if (block.kind == "heading" or len(block.text) <= 80)
            and RECOMMENDATIONS_HEADING.match(_heading_text(block.text))
        ),
        None,
    )
    if start is None:
        return [], False
    section = []
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading":
            break
        if _parse_date(block.text):
            continue
        section.append(index)
    items = [i for i in section if blocks[i].kind == "item"]
    if items:
        # Under a list, only its items are recommendations; other lines are remarks.
        return items, True
    return section, True


def make_title(text):
    """A short title: the sentence that recommends (or the first), cut at a word."""
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
    for match in ACTOR.finditer(text):
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
