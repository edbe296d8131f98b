"""Uploaded documents in their formats (plain text, Markdown, HTML) as the plain text that sources store.

HTML and Markdown become text with one block per paragraph, "# " before headings and "- " before
list items, which is what the extractor reads for paragraphs and a Recommendations section.
"""

from pathlib import PurePath

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from .extraction import read_document
from .services import DocumentError, decode

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

# Page furniture that is not part of the document.
SKIPPED_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg"]
BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "th", "dt", "dd"]


def document_text(filename, raw):
    """The text of an uploaded file, or a DocumentError saying why it cannot be used."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".pdf":
        raise DocumentError("PDF files are not supported; paste the text or upload it as .txt, .md or .html")
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"“{suffix or filename}” files are not supported; upload plain text (.txt), Markdown (.md) or HTML (.html)"
        )
    text = decode(raw)
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    elif suffix in MARKDOWN_SUFFIXES:
        text = markdown_to_text(text)
    check_storable(text)
    return text


def html_to_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(SKIPPED_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(" ")
    lines = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    blocks = soup.find_all(BLOCK_TAGS)
    if title and not any(block.name == "h1" for block in blocks):
        lines.append(f"# {title}")
    for block in blocks:
        # A paragraph inside a list item (or a cell) is read once, with its container.
        if block.find_parent(BLOCK_TAGS):
            continue
        text = " ".join(block.get_text().split())
        if not text:
            continue
        if block.name.startswith("h"):
            lines.append(f"# {text}")
        elif block.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return "\n\n".join(lines)


def markdown_to_text(markdown):
    return html_to_text(MarkdownIt("commonmark").render(markdown))


def check_storable(text):
    """Refuse, before anything is queued, text that the store would refuse."""
    if not text or not text.strip():
        raise DocumentError("the document is empty")
    if not any(block.kind != "heading" for block in read_document(text).paragraphs):
        raise DocumentError("the document has no paragraphs, only a title or headings")
