"""The structured reading of a document, the same for every format.

Each reader (PDF, Word, HTML, Markdown, plain text) turns bytes into a `ReadDocument`: its
metadata and an ordered list of `Block`s. Everything downstream (storing paragraphs, finding
recommendations, suggesting evidence, citing) reads blocks, never a format.
"""

import time
from dataclasses import dataclass, field
from datetime import date

# Block kinds. "text" is an ordinary paragraph (the name the stored paragraphs have always used).
HEADING = "heading"
TEXT = "text"
ITEM = "item"
ROW = "row"
QUOTE = "quote"
NOTE = "note"
KINDS = (HEADING, TEXT, ITEM, ROW, QUOTE, NOTE)

# Shown between the parts of a heading path: "3 Findings › 3.2 Costs".
PATH_SEPARATOR = " › "


@dataclass
class Block:
    kind: str
    text: str
    # A heading's level (1 is the top) or a list item's depth (1 is a top-level item); 0 otherwise.
    level: int = 0
    # A list item's marker as printed ("3.", "(b)", "•"), or a footnote's number.
    marker: str = ""
    # A table row's cells; its text is the cells joined by " | ".
    cells: list = field(default_factory=list)
    # The page it starts on, for formats that have pages (PDF).
    page: int | None = None


@dataclass
class PartialDate:
    """A publication date as precise as the document states it: "June 2010" stays a month."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self):
        """The first day it covers, for sorting and storing."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self):
        return "day" if self.day else "month" if self.month else "year"


@dataclass
class ReadDocument:
    blocks: list = field(default_factory=list)
    title: str = ""
    author: str = ""
    publisher: str = ""
    published: PartialDate | None = None
    # The page's canonical address, for documents read from the web.
    url: str = ""


class ReadError(Exception):
    """A document that cannot be read; the message says why in words the person who gave it understands."""


def heading_paths(blocks):
    """For each block, the headings it sits under: "3 Findings › 3.2 Costs" ("" before the first heading)."""
    stack = []  # (level, text)
    paths = []
    for block in blocks:
        if block.kind == HEADING:
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, block.text))
            paths.append(PATH_SEPARATOR.join(text for _, text in stack[:-1]))
        else:
            paths.append(PATH_SEPARATOR.join(text for _, text in stack))
    return paths


@dataclass(frozen=True)
class Limits:
    """What a reader accepts before it stops and says which limit the document passed."""

    max_blocks: int = 20_000
    max_pages: int = 1_000
    max_depth: int = 100
    max_seconds: float = 120.0
    # PostgreSQL's full-text index refuses one paragraph of more than 1 MB of words; real paragraphs are far shorter.
    max_block_chars: int = 50_000


class Deadline:
    """A reader calls check() as it goes; past the time limit it stops with a ReadError."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self):
        if time.monotonic() > self.ends:
            raise ReadError(f"reading this document took longer than the {self.seconds:g} seconds allowed")
