"""Web pages as blocks: the article's text without the page around it (menus, share buttons, banners).

trafilatura finds the main text and the metadata; its output keeps headings, lists, tables and quotes, and
is turned into blocks here. A page whose text trafilatura cannot find (text in bare <div>s, say) is read by
walking its body instead, leaving out the parts of a page that are never the document.
"""

import calendar
import codecs
import io
import json
import re
from urllib.parse import urljoin

import lxml.html
import trafilatura
from lxml import etree

from ..document import HEADING, ITEM, QUOTE, ROW, TEXT, PartialDate, ReadDocument, ReadError
from .text import DEFAULT_LIMITS, Blocks, squash

NOT_HTML = "this page is empty or is not a web page"
# Parts of a page that are never the document, by tag and by the words sites use in their class names and ids.
SKIPPED_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg"}
SKIPPED_TAGS |= {"button", "iframe", "select", "textarea", "dialog", "object", "canvas", "video", "audio"}
FURNITURE_WORDS = {"cookie", "cookies", "consent", "gdpr", "share", "sharing", "social", "related", "newsletter"}
FURNITURE_WORDS |= {"subscribe", "signup", "promo", "advert", "ads", "banner", "breadcrumb", "breadcrumbs", "menu"}
FURNITURE_WORDS |= {"navbar", "sidebar", "popup", "modal", "comments", "masthead"}
BLOCK_TAGS = {"address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure"}
BLOCK_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "ul"}
HEADING_TAG = re.compile(r"^h([1-6])$")
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Browsers read pages labelled Latin-1 or ASCII as Windows-1252, and so do their authors' tools.
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"}

DATE_META = {
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "date",
    "pubdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]|\s*$)")
MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WRITTEN_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}|{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?|{MONTH})\s+(\d{{4}})\b",
    re.IGNORECASE,
)
# A line that states a date is short: a byline, a dateline, a "Published" line.
DATE_LINE_MAX = 120


def read_html(data, *, url="", limits=DEFAULT_LIMITS):
    """The article of a web page as blocks, with its title, author, site name, date and canonical address."""
    blocks = Blocks(limits)
    html = decode(data)
    check_depth(html, limits)
    try:
        tree = lxml.html.document_fromstring(XML_DECLARATION.sub("", html))
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(NOT_HTML) from exc
    blocks.deadline.check()
    _drop_footnote_references(tree)
    try:
        # favor_recall keeps a report's headings, lists and tables that the default, more precise setting drops.
        extracted = trafilatura.bare_extraction(
            tree,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            favor_recall=True,
        )
    except Exception as exc:
        # trafilatura gives up with whatever its parsers raise; the page cannot be read either way.
        raise ReadError(NOT_HTML) from exc
    blocks.deadline.check()
    markers = list_markers(tree)
    if extracted is not None and extracted.body is not None:
        _read_extracted(extracted.body, blocks, markers)
    if not blocks.list:
        body = tree.find("body")
        _Walk(blocks, markers).read(body if body is not None else tree)
    if not blocks.list:
        raise ReadError("this page has no text to read")
    return ReadDocument(
        blocks=blocks.list,
        title=squash(extracted.title if extracted else "") or _page_title(tree),
        author=squash(extracted.author if extracted else ""),
        publisher=squash(extracted.sitename if extracted else ""),
        published=published_date(tree, extracted.date if extracted else None),
        url=canonical_url(tree, url),
    )


def decode(data):
    """The page as text, in the charset it declares or, failing that, the one it looks like."""
    if isinstance(data, str):
        return data
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        encoding = declared[1].decode("ascii", "replace").lower()
        encoding = "cp1252" if encoding in WINDOWS_1252_LABELS else encoding
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    # trafilatura tries UTF-8, then guesses the charset from the bytes (charset_normalizer).
    return trafilatura.utils.decode_file(data)


def check_depth(html, limits):
    """Refuse a page nested deeper than the limit before building its tree, which would take far longer.

    libxml2's HTML parser is streamed through and stopped at the first element past the limit.
    """
    depth = 0
    parser = etree.iterparse(io.BytesIO(html.encode("utf-8")), events=("start", "end"), html=True, encoding="utf-8")
    try:
        for event, _element in parser:
            depth += 1 if event == "start" else -1
            if depth > limits.max_depth:
                raise ReadError(f"this page is nested more than {limits.max_depth} levels deep, the most allowed")
    except etree.XMLSyntaxError as exc:
        raise ReadError(NOT_HTML) from exc


def _drop_footnote_references(tree):
    """Footnote reference numbers ("…costs.<sup><a href="#fn3">3</a></sup>") are not part of the sentence."""
    for sup in tree.xpath("//sup[a[starts-with(@href, '#')]]"):
        if re.fullmatch(r"\[?\w{1,4}\]?", squash(sup.text_content())):
            sup.drop_tree()


def list_markers(tree):
    """{item text: marker} for the page's list items, as the browser numbers them ("3.", "c.", "iv.", "•").

    trafilatura keeps lists but not their numbering (type, start, value), so markers are found here by the
    item's own text (without the lists inside it).
    """
    markers = {}
    for list_element in tree.iter("ol", "ul"):
        ordered = list_element.tag == "ol"
        number_type = list_element.get("type", "1")
        number = _int(list_element.get("start"), 1)
        items = [child for child in list_element if child.tag == "li"]
        if list_element.get("reversed") is not None:
            number = _int(list_element.get("start"), len(items))
        for item in items:
            number = _int(item.get("value"), number)
            marker = f"{format_number(number, number_type)}." if ordered else "•"
            markers.setdefault(_own_text(item), marker)
            number += -1 if list_element.get("reversed") is not None else 1
    return markers


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def format_number(number, number_type):
    if number_type in ("a", "A") and number > 0:
        letters = ""
        while number > 0:
            number, remainder = divmod(number - 1, 26)
            letters = chr(ord("a") + remainder) + letters
        return letters.upper() if number_type == "A" else letters
    if number_type in ("i", "I") and 0 < number < 4000:
        numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
        numerals += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        roman = ""
        for amount, numeral in numerals:
            count, number = divmod(number, amount)
            roman += numeral * count
        return roman.upper() if number_type == "I" else roman
    return str(number)


def _own_text(element, nested=("list", "ol", "ul")):
    """An element's text without the lists nested in it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in nested and isinstance(child.tag, str):
            parts.append(_own_text(child, nested))
        parts.append(child.tail or "")
    return squash("".join(parts))


def _read_extracted(body, blocks, markers):
    """trafilatura's output (its XML: head, p, list/item, table/row/cell, quote) as blocks."""
    # A line break separates words.
    for line_break in body.iter("lb"):
        line_break.tail = f" {line_break.tail or ''}"
    for element in body.iterchildren():
        if element.tag == "head":
            level = HEADING_TAG.match(element.get("rend", ""))
            blocks.add(HEADING, _text(element), level=int(level[1]) if level else 2)
        elif element.tag == "list":
            _read_list(element, blocks, markers, depth=1)
        elif element.tag == "table":
            for row in element.iter("row"):
                blocks.add(ROW, "", cells=[_text(cell) for cell in row.iterchildren("cell")])
        elif element.tag == "quote":
            paragraphs = [child for child in element if child.tag == "p"]
            for paragraph in paragraphs or [element]:
                blocks.add(QUOTE, _text(paragraph))
        else:
            blocks.add(TEXT, _text(element))


def _read_list(list_element, blocks, markers, depth):
    ordered = list_element.get("rend") == "ol"
    for number, item in enumerate(list_element.iterchildren("item"), start=1):
        text = _own_text(item)
        marker = markers.get(text) or (f"{number}." if ordered else "•")
        blocks.add(ITEM, text, level=depth, marker=marker)
        for nested in item.iterchildren("list"):
            _read_list(nested, blocks, markers, depth + 1)


def _text(element):
    return squash("".join(element.itertext()))


class _Walk:
    """The body read element by element, for pages whose text trafilatura does not find.

    Block elements are blocks; a <div> with text of its own is a paragraph; two line breaks end one.
    """

    def __init__(self, blocks, markers):
        self.blocks = blocks
        self.markers = markers
        self.list_depth = 0

    def read(self, element):
        pieces = []
        self._inline(element.text, pieces)
        for child in element:
            self.blocks.deadline.check()
            if not isinstance(child.tag, str) or _is_furniture(child):
                pass
            elif child.tag == "br":
                # A second line break in a row ends a paragraph, as it looks on the page.
                if pieces and pieces[-1] == "\n":
                    self._flush(pieces)
                else:
                    pieces.append("\n")
            elif child.tag in BLOCK_TAGS or child.tag == "tr":
                self._flush(pieces)
                self._block(child)
            else:
                self._inline(_inline_text(child), pieces)
            self._inline(child.tail, pieces)
        self._flush(pieces)

    def _block(self, element):
        heading = HEADING_TAG.match(element.tag)
        if heading:
            self.blocks.add(HEADING, element.text_content(), level=int(heading[1]))
        elif element.tag == "li":
            text = _own_text(element)
            self.blocks.add(ITEM, text, level=max(self.list_depth, 1), marker=self.markers.get(text, "•"))
            for nested in element.iter("ol", "ul"):
                if nested.getparent() is element:
                    self._block(nested)
        elif element.tag in ("ol", "ul"):
            self.list_depth += 1
            for item in element:
                if item.tag == "li" and not _is_furniture(item):
                    self._block(item)
            self.list_depth -= 1
        elif element.tag == "tr":
            self.blocks.add(ROW, "", cells=[cell.text_content() for cell in element if cell.tag in ("td", "th")])
        elif element.tag == "table":
            for row in element.iter("tr"):
                self._block(row)
        elif element.tag == "blockquote":
            self.blocks.add(QUOTE, element.text_content())
        elif element.tag in ("p", "pre", "dt", "dd", "figcaption", "address"):
            self.blocks.add(TEXT, element.text_content())
        else:
            self.read(element)

    def _inline(self, text, pieces):
        if text and text.strip():
            pieces.append(text)
        elif text and pieces and pieces[-1] != "\n":
            pieces.append(" ")

    def _flush(self, pieces):
        self.blocks.add(TEXT, "".join(pieces))
        pieces.clear()


def _is_furniture(element):
    if element.tag in SKIPPED_TAGS or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    # Class names and ids are read as words: "cookie-banner", "share_buttons", "relatedArticles" is not split.
    words = re.split(r"[\s_-]+", f"{element.get('class', '')} {element.get('id', '')}".lower())
    return not FURNITURE_WORDS.isdisjoint(words)


def _inline_text(element):
    """An inline element's text, leaving out what a page shows no words for (scripts, hidden parts)."""
    if _is_furniture(element):
        return ""
    return element.text_content()


def _page_title(tree):
    title = tree.find(".//title")
    return squash(title.text_content()) if title is not None else ""


def canonical_url(tree, url):
    """The address the page names as its own (<link rel="canonical">, og:url), or the one it was read from."""
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = [value.strip() for value in tree.xpath(xpath) if value.strip()]
        if found:
            return urljoin(url, found[0])
    return url


def published_date(tree, found):
    """The publication date, as precise as the page states it: "June 2010" is a month, not 1 June.

    trafilatura (htmldate) finds the date, always as a day; the page's own statements of it say how precise it is.
    """
    stated = [date for date in map(parse_date, _stated_dates(tree)) if date]
    match = ISO_DATE.match(found or "")
    if not match or not match[3]:
        return stated[0] if stated else None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    for precision in ("day", "month", "year"):
        for date in stated:
            if date.precision == precision and (date.year, date.month or month, date.day or day) == (year, month, day):
                return date
    return PartialDate(year, month, day)


def _stated_dates(tree):
    """Where a page states its date: meta tags, JSON-LD, <time>, and short lines of text that hold a date."""
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in DATE_META and meta.get("content"):
            yield meta.get("content")
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                yield item["datePublished"]
    for time in tree.iter("time"):
        yield time.get("datetime") or time.text_content()
    for text in tree.xpath("//body//text()[string-length(normalize-space()) > 5]"):
        if len(text) <= DATE_LINE_MAX and WRITTEN_DATE.search(text):
            yield text


def parse_date(text):
    """A stated date ("2010-06", "June 2010", "3 June 2010", "June 3, 2010") as precise as it is written."""
    text = squash(text)
    iso = ISO_DATE.match(text)
    written = WRITTEN_DATE.search(text)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
    elif written:
        day = written[1] or written[4]
        year, month, day = int(written[6]), MONTHS[(written[2] or written[3] or written[5]).lower()[:3]], day
        day = int(day) if day else None
    else:
        return None
    stated = PartialDate(year, month, day)
    try:
        stated.as_date()
    except ValueError:
        return None
    return stated
