"""Readers: one module per format, each turning bytes into a `ReadDocument` of blocks.

A file is recognised by what it holds, not by its name: a PDF renamed to .txt is still read as a PDF.
`sniff` is cheap (it looks at the first bytes and, for text, decodes) and is what a form checks before
queueing; `read` does the real work and belongs in a background job.
"""

import codecs
import hashlib
import io
import re
import zipfile
from pathlib import PurePath

from ..document import Limits, ReadError
from .docx import read_docx
from .html import decode as decode_html
from .html import read_html
from .pdf import read_pdf
from .text import normalise, read_markdown, read_text

PDF = "pdf"
DOCX = "docx"
HTML = "html"
MARKDOWN = "markdown"
TEXT = "text"

MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
# What the upload form offers; other names are read by their content all the same.
ACCEPTED_SUFFIXES = {".pdf", ".docx", ".txt", ".text", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES}

# Byte-order marks say how a text file is encoded (UTF-16 text is full of NUL bytes, so check these first).
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
# Signatures of files that are not documents we read: images, archives, executables, old Office files.
NOT_DOCUMENTS = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (.doc, .xls): save it as .docx or PDF"),
    (b"MZ", "a program"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"Rar!", "a RAR archive"),
    (b"%!PS", "a PostScript file"),
]


def sniff(data, filename=""):
    """The format of a file from its content (its name only tells Markdown from plain text), or a ReadError."""
    if not data or not data.strip():
        raise ReadError("the file is empty")
    if data.lstrip()[:5] == b"%PDF-":
        return PDF
    if data[:4] == b"PK\x03\x04":
        return DOCX if _is_docx(data) else _refuse("a zip archive that is not a Word (.docx) file")
    for signature, what in NOT_DOCUMENTS:
        if data.startswith(signature):
            _refuse(what)
    suffix = PurePath(filename or "").suffix.lower()
    # A web page may declare a charset other than UTF-8, which its reader honours: recognise it before decoding.
    if HTML_START.match(data[:4096]) or (suffix in HTML_SUFFIXES and b"<" in data[:4096]):
        return HTML
    text = decode(data)
    if HTML_START.match(text[:4096].encode("utf-8")):
        return HTML
    return MARKDOWN if suffix in MARKDOWN_SUFFIXES else TEXT


def read(data, format, *, url="", limits=None):
    """The document read from `data` in its sniffed `format`; a ReadError says why it cannot be read."""
    limits = limits or Limits()
    if format == PDF:
        return read_pdf(data, limits)
    if format == DOCX:
        return read_docx(data, limits)
    if format == HTML:
        return read_html(data, url=url, limits=limits)
    text = decode(data)
    return read_markdown(text, limits) if format == MARKDOWN else read_text(text, limits)


def checksum(data, format):
    """What recognises the same document stored twice: the normalised text of a text file (so line endings and
    trailing blank lines do not count), the bytes of any other file."""
    if format in (TEXT, MARKDOWN):
        content = normalise(decode(data)).encode("utf-8")
    elif format == HTML:
        content = normalise(decode_html(data)).encode("utf-8")
    else:
        content = data
    return hashlib.sha256(content).hexdigest()


def decode(data):
    """Bytes of a text file as text: by its byte-order mark, else UTF-8; a ReadError for binary or other text."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"not readable text (undecodable byte at position {exc.start})") from None
    if b"\x00" in data:
        # PostgreSQL refuses NUL in text, and no text file holds one: this is a binary file, wherever the NUL is.
        raise ReadError("not a text file (it contains binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text (undecodable byte at position {exc.start})") from None


def _is_docx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False


def _refuse(what):
    raise ReadError(f"this is {what}, not a document Tracker can read (PDF, Word .docx, web page, Markdown or text)")
