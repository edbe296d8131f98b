"""Web pages as blocks: the article's text without the page around it (menus, share buttons, banners).

trafilatura finds the main text and the metadata; its output keeps headings, lists, tables and quotes, and
is turned into blocks here. A page where trafilatura finds no text, or only one run of it (text in bare <div>s,
say), is read by walking its body instead, leaving out the parts of a page that are never the document.
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
from trafilatura.utils import decode_file

from ..document import HEADING, ITEM, NOTE, QUOTE, ROW, TEXT, PartialDate, ReadDocument, ReadError
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
STRUCTURE_TAGS = BLOCK_TAGS | {"tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"}
# What a page's size is measured in: the elements that become blocks, and elements of any kind per block.
COUNTED_BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre"}
ELEMENTS_PER_BLOCK = 5
INLINE_RUN_MAX = 1000
# Where a page speaks of other pages: their dates are not this page's.
OTHER_PAGES_TAGS = {"nav", "aside", "footer"}
FOOTNOTE_MARKER = re.compile(r"\w{1,4}|\*{1,3}|[†‡§]")
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3}\.(?:\d{1,3}\.?)*)\s+(?=[A-Z“‘\"(])")
ITEM_MARKER = re.compile(
    r"^(\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\(?[a-zA-Z][.)]|\([ivxIVX]{1,5}\))\s+(?=\S)"
)
HEADING_TAG = re.compile(r"^h([1-6])$")
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Browsers read pages labelled Latin-1 or ASCII as Windows-1252, and so do their authors' tools.
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"}

# Metadata naming a publication date ("article:published_time", "citation_date", "DC.date.issued"), not a change.
DATE_NAME = re.compile(r"date|published|issued")
CHANGED_NAME = re.compile(r"modif|updat|revis|expir")
URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(?:(\d{1,2})/)?")
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


def read_html(data, *, url="", limits=DEFAULT_LIMITS):
    """The article of a web page as blocks, with its title, author, site name, date and canonical address."""
    try:
        return _read(data, url, limits)
    except ReadError:
        raise
    except Exception as exc:
        # lxml and trafilatura raise what their parsers raise on a broken page; it cannot be read either way.
        raise ReadError(NOT_HTML) from exc


def _read(data, url, limits):
    blocks = Blocks(limits)
    html = decode(data)
    check_size(html, limits)
    tree = lxml.html.document_fromstring(XML_DECLARATION.sub("", html))
    blocks.deadline.check()
    notes = take_footnotes(tree)
    _flatten_long_runs(tree)
    # When unsure, keep the text: a report's short headings, items and cells can pass for page furniture
    # (favor_precision lost 7 to 9% of the corpus pages' blocks; recall and the default kept them all).
    extracted = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        favor_recall=True,
        # Dates from the page's markup only: searching its text finds "since 2020" or a related article's date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    blocks.deadline.check()
    markers = list_markers(tree)
    if extracted is not None and extracted.body is not None:
        _read_extracted(extracted.body, blocks, markers)
    if len(blocks.list) <= 1:
        # trafilatura found no text, or read the page as one run of text and lost its paragraphs: walk the body.
        found = blocks.list[:]
        blocks.list.clear()
        body = tree.find("body")
        _Walk(blocks, markers).read(body if body is not None else tree)
        if len(blocks.list) < len(found):
            blocks.list[:] = found
    if not blocks.list:
        raise ReadError("this page has no text to read")
    for marker, text in notes:
        blocks.add(NOTE, text, marker=marker)
    address = canonical_url(tree, url)
    return ReadDocument(
        blocks=blocks.list,
        title=squash(extracted.title if extracted else "") or _page_title(tree),
        # trafilatura joins several authors with semicolons; a byline joins them with commas.
        author=squash(extracted.author if extracted else "").replace("; ", ", "),
        publisher=squash(extracted.sitename if extracted else ""),
        published=published_date(tree, extracted.date if extracted else None, address),
        url=address,
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
    if b"\x00" in data:
        # No web page holds a NUL byte outside UTF-16, which has a byte order mark: this is a binary file.
        raise ReadError(NOT_HTML)
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        encoding = declared[1].decode("ascii", "replace").lower()
        encoding = "cp1252" if encoding in WINDOWS_1252_LABELS else encoding
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    # trafilatura tries UTF-8, then guesses the charset from the bytes (charset_normalizer).
    return decode_file(data)


def check_size(html, limits):
    """Refuse a page too deep or too big to read, before building its tree.

    trafilatura cannot be stopped once it runs and its time grows with the page (200,000 nested list items take
    half a minute), so the page is measured first: libxml2's HTML parser is streamed and stopped at the first
    element past a limit.
    """
    depth = elements = blocks = 0
    source = io.BytesIO(html.encode("utf-8", errors="replace"))
    parser = etree.iterparse(source, events=("start", "end"), html=True, encoding="utf-8")
    try:
        for event, element in parser:
            if event == "end":
                depth -= 1
                # Only the counts are needed: the parsed elements are let go as they end.
                element.clear()
                continue
            depth += 1
            elements += 1
            blocks += element.tag in COUNTED_BLOCKS
            if depth > limits.max_depth:
                raise ReadError(f"this page is nested more than {limits.max_depth} levels deep, the most allowed")
            if blocks > limits.max_blocks:
                raise ReadError(
                    f"this page has more than {limits.max_blocks:,} paragraphs, list items and table rows, "
                    "the most a document may have"
                )
            if elements > ELEMENTS_PER_BLOCK * limits.max_blocks:
                raise ReadError(
                    f"this page is made of more than {ELEMENTS_PER_BLOCK * limits.max_blocks:,} HTML elements, "
                    f"more than a document of {limits.max_blocks:,} paragraphs needs"
                )
    except etree.XMLSyntaxError as exc:
        raise ReadError(NOT_HTML) from exc


def _flatten_long_runs(tree):
    """A paragraph of more than a thousand inline elements becomes its text: trafilatura's time grows with the
    square of such runs (8,000 links in one paragraph take 9 seconds), and their markup is not read anyway."""
    for element in tree.iter():
        if len(element) > INLINE_RUN_MAX and not any(child.tag in STRUCTURE_TAGS for child in element):
            text = element.text_content()
            for child in list(element):
                element.remove(child)
            element.text = text


def take_footnotes(tree):
    """The page's footnotes as (marker, text), taken out of the page.

    A reference ("…costs.<sup><a href="#fn3">3</a></sup>") is not part of its sentence, and the note it points
    to is a note block rather than the last item of the article's last list.
    """
    notes = []
    for sup in tree.xpath("//sup[a[starts-with(@href, '#')]]"):
        marker = squash(sup.text_content()).strip("[]")
        if not FOOTNOTE_MARKER.fullmatch(marker):
            continue
        targets = tree.xpath("//*[@id=$id]", id=sup.find("a").get("href")[1:])
        note = targets[0] if targets else None
        # A link to something holding the reference itself (the article, a section) is not a footnote's.
        if note is not None and note in sup.iterancestors():
            continue
        sup.drop_tree()
        if note is None or note.tag not in ("li", "p", "div", "dd") or note.getparent() is None:
            continue
        # The way back to the text ("↩") is a link too.
        for back in note.xpath(".//a[starts-with(@href, '#')]"):
            if not any(character.isalnum() for character in back.text_content()):
                back.drop_tree()
        text = squash(note.text_content())
        text = re.sub(rf"^\[?{re.escape(marker)}[\].)]?\s+", "", text)
        notes.append((marker, text))
        note.drop_tree()
    return notes


def split_marker(text, element_tag):
    """A leading number or letter printed in the text ("115.", "2.1", "(a)") as (marker, rest), else ("", text).

    Report pages number their paragraphs in the text, and lists whose markers HTML cannot express ("(a)", "2.1")
    carry them in the text too. A paragraph needs a number with a dot: "3 million" is not a marker.
    """
    pattern = PARAGRAPH_NUMBER if element_tag == "p" else ITEM_MARKER
    match = pattern.match(text)
    return (match[1], text[match.end() :]) if match else ("", text)


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
            marker, text = split_marker(_text(element), "p")
            blocks.add(ITEM if marker else TEXT, text, level=1 if marker else 0, marker=marker)


def _read_list(list_element, blocks, markers, depth):
    ordered = list_element.get("rend") == "ol"
    for number, item in enumerate(list_element.iterchildren("item"), start=1):
        text = _own_text(item)
        marker, text = split_marker(text, "li")
        marker = marker or markers.get(_own_text(item)) or (f"{number}." if ordered else "•")
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
            marker, text = split_marker(_own_text(element), "li")
            marker = marker or self.markers.get(_own_text(element), "•")
            self.blocks.add(ITEM, text, level=max(self.list_depth, 1), marker=marker)
            for nested in element.iterchildren("ol", "ul"):
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
            marker, text = split_marker(squash(element.text_content()), element.tag)
            self.blocks.add(ITEM if marker else TEXT, text, level=1 if marker else 0, marker=marker)
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


def _is_furniture(element, skipped_tags=SKIPPED_TAGS):
    if element.tag in skipped_tags or element.get("hidden") is not None or element.get("aria-hidden") == "true":
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


def published_date(tree, found, url):
    """The publication date, as precise as the page states it: "June 2010" is a month, not 1 June.

    trafilatura (htmldate) picks the date, always as a day, and may pick one from a related article; the page's
    own statements of it (its metadata, its byline, its address) confirm it and say how precise it is.
    """
    stated = [date for date in map(parse_date, _stated_dates(tree)) if date]
    in_address = URL_DATE.search(url)
    if in_address:
        stated.append(partial_date(int(in_address[1]), int(in_address[2]), int(in_address[3] or 0) or None))
    stated = [date for date in stated if date]
    match = ISO_DATE.match(found or "")
    if not match or not match[3]:
        return stated[0] if stated else None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    for precision in ("day", "month", "year"):
        for date in stated:
            if date.precision == precision and (date.year, date.month or month, date.day or day) == (year, month, day):
                return date
    return None


def _stated_dates(tree):
    """Where a page states its date: meta tags, JSON-LD, and in the page its <time>s and elements named for a date
    ("date", "published", "byline"), outside the parts about other pages (related articles, menus)."""
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if DATE_NAME.search(name) and not CHANGED_NAME.search(name) and meta.get("content"):
            yield meta.get("content")
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                yield item["datePublished"]
    named = "//*[contains(@class, 'date') or contains(@class, 'published') or contains(@class, 'byline')]"
    for element in tree.xpath(f"//time | {named}"):
        if CHANGED_NAME.search(element.get("class", "")):
            continue
        if not any(_is_furniture(parent, OTHER_PAGES_TAGS) for parent in element.iterancestors()):
            yield element.get("datetime") or element.text_content()


def parse_date(text):
    """A stated date ("2010-06", "June 2010", "3 June 2010", "June 3, 2010") as precise as it is written."""
    text = squash(text)
    iso = ISO_DATE.match(text)
    written = WRITTEN_DATE.search(text)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
    elif written:
        day = written[1] or written[4]
        month = MONTHS[(written[2] or written[3] or written[5]).lower()[:3]]
        year, day = int(written[6]), int(day) if day else None
    else:
        return None
    return partial_date(year, month, day)


def partial_date(year, month=None, day=None):
    """A PartialDate, or None if there is no such day ("2010-13", "31 June 2010")."""
    if month == 0 or day == 0:
        return None
    stated = PartialDate(year, month, day)
    try:
        stated.as_date()
    except ValueError:
        return None
    return stated
