"""The first way Tracker found recommendations, kept as the baseline bench/extraction.py measures the finder
(tracker.recommendations.finder) against.

It reads only the items under a "Recommendations" heading (any case, "Policy recommendations" too, Markdown or
numbered), each possibly several sentences long, or plain paragraphs up to the next heading.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import date

from dateutil import parser as dateparser

# The patterns the text reader reads lines with, shared rather than copied.
from .readers.text import (
    BACK_MATTER,
    DATE_LINE,
    MARKDOWN_HEADING,
    RECOMMENDATIONS_HEADING,
    SECTION_NUMBER,
    read_text,
)

BACK_MATTER_LABEL = re.compile(BACK_MATTER.pattern.replace(r"\s*:?$", r"\s*:\s+\S"), re.IGNORECASE)
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
TITLE_MAX = 200
TITLE_LIMIT = 140
# A line this short without closing punctuation reads as a heading.
HEADING_MAX = 80


@dataclass
class Document:
    paragraphs: list = field(default_factory=list)  # Block (tracker.sources.document)
    title: str = ""
    published_on: date | None = None
    # Indexes into paragraphs, in order.
    recommendation_indexes: list = field(default_factory=list)
    has_recommendations_section: bool = False


def _heading_text(line):
    line = MARKDOWN_HEADING.sub("", line.strip())
    line = SECTION_NUMBER.sub("", line)
    return line.strip().strip("*_").strip()


def _looks_like_heading(text):
    return len(text) <= 80 and text[-1:] not in '.!?,;:"”’)'


def plain(text):
    """Text without Markdown emphasis or HTML tags, for titles and actors."""
    text = html.unescape(TAG.sub("", text))
    return EMPHASIS.sub(lambda match: match.group(2) or match.group(4), text)


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
        if block.kind == "note":
            # A footnote printed inside the section is a reference, not a recommendation.
            continue
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
    """Plain text read as blocks, with its title, date and Recommendations section."""
    read = read_text(text)
    published_on = read.published.as_date() if read.published else None
    doc = Document(paragraphs=read.blocks, title=read.title, published_on=published_on)
    doc.recommendation_indexes, doc.has_recommendations_section = find_recommendations(doc.paragraphs)
    return doc
