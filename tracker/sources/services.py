"""Storing documents as sources: once per team, as numbered paragraphs."""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from .extraction import normalise, read_document
from .models import Paragraph, Source


class DocumentError(Exception):
    """A document that cannot be stored; the message is shown to the person who gave it."""


@dataclass
class StoreResult:
    source: Source
    created: bool
    # The paragraphs the document's Recommendations section lists (none when it was stored before).
    recommendation_paragraphs: list
    has_recommendations_section: bool


def checksum(text):
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def decode(raw):
    """Bytes of an uploaded or imported file as text, or a DocumentError saying why not."""
    if not raw or not raw.strip():
        raise DocumentError("the file is empty")
    if b"\x00" in raw[:8192]:
        raise DocumentError("not a text file (it contains binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text (undecodable byte at position {exc.start})") from None


@transaction.atomic
def store_document(team, text, *, title="", publisher="", author="", published_on=None, url="", created_by=None):
    """Store a document once per team, split into numbered paragraphs.

    A document already stored (same checksum) is returned as it is, with nothing created. The caller
    decides what to do with the recommendation paragraphs it names (tracker.recommendations tracks them).
    """
    text = normalise(text)
    if not text.strip():
        raise DocumentError("the document is empty")
    digest = checksum(text)
    existing = Source.objects.filter(team=team, checksum=digest).first()
    if existing:
        return StoreResult(existing, False, [], existing.recommendations.exists())

    doc = read_document(text)
    if not any(block.kind != "heading" for block in doc.paragraphs):
        raise DocumentError("the document has no paragraphs, only a title or headings")
    source = Source.objects.create(
        team=team,
        title=(title or doc.title or "Untitled document")[:300],
        publisher=publisher,
        author=author,
        published_on=published_on or doc.published_on,
        url=url,
        text=text,
        checksum=digest,
        created_by=created_by,
    )
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(source=source, number=n, kind=block.kind, text=block.text)
        for n, block in enumerate(doc.paragraphs, start=1)
    )
    chosen = [paragraphs[index] for index in doc.recommendation_indexes]
    return StoreResult(source, True, chosen, doc.has_recommendations_section)
