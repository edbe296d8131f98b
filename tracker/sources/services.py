"""Storing documents as sources: read by their format, once per team, as numbered paragraphs."""

import re
from dataclasses import dataclass

from django.db import transaction

from . import readers
from .document import HEADING, NOTE, Limits, ReadError, heading_paths
from .models import Paragraph, Source
from .readers.text import find_date

TITLE_MAX = 300
PATH_MAX = 500
# Control characters other than tab and newline never belong in a paragraph (and PostgreSQL refuses NUL).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DocumentError(Exception):
    """A document that cannot be stored; the message is shown to the person who gave it."""


@dataclass
class StoreResult:
    source: Source
    created: bool
    # The stored paragraphs in order, one per block (none when the document was stored before).
    paragraphs: list


def check_document(data, filename=""):
    """What a form checks before anything is queued, cheaply: the format by content, and text that decodes.

    Returns the format; reading the whole document is the job's work.
    """
    try:
        return readers.sniff(_bytes(data), filename)
    except ReadError as exc:
        raise DocumentError(str(exc)) from None


def read_for_storing(data, filename="", limits=None):
    """The blocks that storing `data` would give, or DocumentError: for a form that reads small pasted text."""
    data = _bytes(data)
    limits = limits or Limits()
    try:
        document = readers.read(data, check_document(data, filename), limits=limits)
    except ReadError as exc:
        raise DocumentError(str(exc)) from None
    return _clean(document.blocks, limits)


def checksum(data, filename=""):
    data = _bytes(data)
    return readers.checksum(data, check_document(data, filename))


@transaction.atomic
def store_document(
    team,
    data,
    *,
    filename="",
    title="",
    publisher="",
    author="",
    published_on=None,
    url="",
    fetched_from="",
    created_by=None,
    limits=None,
):
    """Read a document (a file's bytes, or pasted text) and store it once per team as numbered paragraphs.

    The source's address is the one given, else the canonical address a web page states, else where it was
    fetched from. A document already stored (same checksum) is returned as it is, with nothing created. Finding
    its recommendations is the caller's work (tracker.recommendations.review.store_report).
    Anything that cannot be read or stored raises DocumentError with a message for the person who gave it.
    """
    data = _bytes(data)
    limits = limits or Limits()
    format = check_document(data, filename)
    digest = readers.checksum(data, format)
    existing = Source.objects.filter(team=team, checksum=digest).first()
    if existing:
        return StoreResult(existing, False, [])

    try:
        document = readers.read(data, format, url=url, limits=limits)
    except ReadError as exc:
        raise DocumentError(str(exc)) from None
    blocks = _clean(document.blocks, limits)
    # The date from the format's metadata, else from a line of the text that states it ("Published June 2010").
    published = document.published or find_date(blocks)
    source = Source.objects.create(
        team=team,
        title=(title or document.title or _first_line(blocks) or "Untitled document")[:TITLE_MAX],
        publisher=(publisher or document.publisher)[:200],
        author=(author or document.author)[:200],
        published_on=published_on or (published.as_date() if published else None),
        published_precision=Source.DatePrecision.DAY if published_on or not published else published.precision,
        url=(url or document.url or fetched_from)[:500],
        text=_text(data, format, blocks),
        checksum=digest,
        format=format,
        filename=filename[:255],
        created_by=created_by,
    )
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            source=source,
            number=number,
            kind=block.kind,
            text=block.text,
            level=block.level,
            marker=block.marker[:20],
            cells=block.cells,
            page=block.page,
            path=path[:PATH_MAX],
        )
        for number, (block, path) in enumerate(zip(blocks, heading_paths(blocks), strict=True), start=1)
    )
    return StoreResult(source, True, paragraphs)


def _bytes(data):
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _clean(blocks, limits):
    """The blocks as stored: control characters dropped, empty ones left out, each within the size limit."""
    cleaned = []
    for block in blocks:
        block.text = CONTROL.sub("", block.text).strip()
        block.cells = [CONTROL.sub("", cell) for cell in block.cells]
        if not block.text:
            continue
        if len(block.text) > limits.max_block_chars:
            # One paragraph of megabytes is not prose (PostgreSQL's full-text index refuses it anyway).
            raise DocumentError(
                f"paragraph {len(cleaned) + 1} is {len(block.text):,} characters long; the limit is "
                f"{limits.max_block_chars:,}: split it into paragraphs, or check that this is the right file"
            )
        cleaned.append(block)
    if not any(block.kind not in (HEADING, NOTE) for block in cleaned):
        raise DocumentError("the document has no paragraphs, only a title or headings")
    return cleaned


def _first_line(blocks):
    return blocks[0].text if blocks and len(blocks[0].text) <= TITLE_MAX else ""


def _text(data, format, blocks):
    """The source's text: a text file as it was written; any other format as its paragraphs, one per line."""
    if format in (readers.TEXT, readers.MARKDOWN):
        return readers.normalise(readers.decode(data))
    return "\n\n".join(block.text for block in blocks)
