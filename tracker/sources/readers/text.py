"""Plain text and Markdown as blocks.

Plain text has no markup, so its structure is guessed line by line: blank lines separate paragraphs, a line
that starts with a list marker is an item, a short line without closing punctuation is a heading. These are
the rules the extractor has always used (`tracker.sources.extraction.split_blocks`), with list depth added.
Markdown says what each block is, so its reader follows markdown-it-py's tokens instead, except where text pasted
into Markdown breaks lines that Markdown runs together: a line opening with a bullet Markdown does not know ("•",
"»") or with a marker it does not know ("(a)", "b)"), a marker alone on its line, and a paragraph written one
sentence per line (see _add_lines); and a sentence over a "---" rule, which Markdown underlines into a heading, is
a paragraph.
"""

import re

from bs4 import BeautifulSoup
from dateutil import parser as dateparser
from markdown_it import MarkdownIt

from ..document import HEADING, ITEM, QUOTE, ROW, TEXT, Block, Deadline, Limits, PartialDate, ReadDocument, ReadError

LIST_MARKER = re.compile(r"^\s*(?:[-*•‣▪–—»·◦●■➢]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s)|\(?[ivxIVX]{1,5}[.)])\s+")
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")
RECOMMENDATIONS_HEADING = re.compile(
    r"^(?:(?:key|policy|our|main)\s+)?recommendations?(?:\s+(?:for|to)\s+.{1,80})?\s*:?$", re.IGNORECASE
)
# Back matter that starts a section even when it follows a list item without a blank line.
BACK_MATTER = re.compile(
    r"^(?:notes?|end\s?notes|footnotes|references|sources|bibliography|further reading|annex(?:es)?|"
    r"appendix|appendices|about the authors?|acknowledge?ments|conclusions?|contacts?)\s*:?$",
    re.IGNORECASE,
)
# A whole line in Markdown emphasis ("**Recommendations:**"), read as its words.
EMPHASIS_LINE = re.compile(r"^([*_]{1,3})(\S(?:.*?\S)?)\1(\s*:?)$")
DATE_LINE = re.compile(
    r"^\(?\s*(?:published:?\s*|date:?\s*)?"
    r"((?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}"
    r"|\d{4}-\d{2}-\d{2})\s*\)?\.?$",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(r"^[a-z]+\.?\s+\d{4}$", re.IGNORECASE)
# Bullets that Markdown does not know, as text copied from web pages and PDFs prints them ("• Item", "» Item"). A
# dash opens an item only before a capital or a digit: "– which failed –" at the start of a wrapped line is a dash.
TEXT_BULLET = re.compile(r"^(?P<marker>[•»▪‣·◦●■➢]|[–—](?=\s+[\"“‘(]*[A-Z0-9]))\s+(?=\S)")
# A list marker alone on its line, its text on the lines after it, as PDF text prints lettered and numbered
# paragraphs: "(a)", "b)", "12.", "iv.".
MARKER_LINE = re.compile(r"^(?:\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(\d{1,3}\)|\(?[ivxIVX]{1,5}[.)])$")
# A paragraph number opening a line of hard-wrapped text, as UN and parliamentary pages print their paragraphs
# ("35. The Committee ..."): Markdown starts a list there only at "1.". It counts after a line that ended a
# sentence or a short line ("page 5"), since a wrapped line may start with a number ("... in chapter\n12. Dues").
NUMBERED_LINE = re.compile(r"^(?P<marker>\d{1,3}\.)\s+(?=[\"“‘(]?[A-Z])")
# A line inside a paragraph that opens with a marker Markdown does not know and then a capital, as a lettered list
# pasted as text prints its items: "(a) Harmonize ...", "b) Strengthen ...", "(ii) Review ...", "3) Fund ...". A
# wrapped line that happens to start "(a) of article 3" goes on in lower case.
MARKED_LINE = re.compile(r"^(?P<marker>\([a-z]\)|[a-z]\)|\([ivx]{1,5}\)|\(\d{1,2}\)|\d{1,2}\))\s+(?=[\"“‘(]?[A-Z])")

DEFAULT_LIMITS = Limits()
# A line this short without closing punctuation reads as a heading.
HEADING_MAX = 80
TITLE_MAX = 200


class Blocks:
    """The blocks a reader has found so far; one past the limits, or past the deadline, stops the reading."""

    def __init__(self, limits):
        self.limits = limits
        self.deadline = Deadline(limits.max_seconds)
        self.list = []

    def add(self, kind, text, *, level=0, marker="", cells=None):
        """Add a block with its whitespace squashed; an empty one is left out and None returned."""
        if cells is not None:
            cells = [squash(cell) for cell in cells]
            # Empty cells at the end of a row (a row shorter than its table) hold nothing to read.
            while cells and not cells[-1]:
                cells.pop()
            text = " | ".join(cells)
        text = squash(text)
        if not text:
            return None
        self.deadline.check()
        if len(self.list) >= self.limits.max_blocks:
            raise ReadError(
                f"this document has more than {self.limits.max_blocks:,} paragraphs, list items and table rows, "
                "the most a document may have"
            )
        self._check_length(text)
        block = Block(kind, text, level=level, marker=marker, cells=cells or [])
        self.list.append(block)
        return block

    def extend(self, block, text):
        """Join more text to a block already added: a wrapped line, an item's second paragraph."""
        block.text = squash(f"{block.text} {text}")
        self._check_length(block.text)

    def _check_length(self, text):
        if len(text) > self.limits.max_block_chars:
            raise ReadError(
                f"this document has a paragraph longer than {self.limits.max_block_chars:,} characters, "
                "the longest a paragraph may be"
            )


def squash(text):
    return " ".join((text or "").split())


def normalise(text):
    """Unix newlines, no byte order mark, no trailing spaces, no surrounding blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def read_text(text, limits=DEFAULT_LIMITS):
    """Plain text as blocks, its first line as the title and a date line as the publication date."""
    blocks = Blocks(limits)
    lines = _markers_joined(normalise(text).split("\n"))
    # Without blank lines, every line is a paragraph; with them, lines between blank lines
    # are one wrapped paragraph, except that list items and headings start their own.
    one_per_line = "" not in [line.strip() for line in lines] or _lines_end_sentences(lines)
    current = None
    item_column = 0
    # The indentation of each open list level, outermost first: an item indented further is one level deeper.
    item_indents = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        # In wrapped text a heading stands alone between blank lines; a short line followed by more lines is the
        # start of a wrapped paragraph.
        alone = number + 1 == len(lines) or not lines[number + 1].strip()
        blocks.deadline.check()
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        marker = LIST_MARKER.match(stripped)
        if marker:
            while item_indents and item_indents[-1] > indent:
                item_indents.pop()
            if not item_indents or item_indents[-1] < indent:
                item_indents.append(indent)
            for item_marker, words in run_together(marker[0].strip(), stripped[marker.end() :]):
                current = blocks.add(ITEM, words, level=len(item_indents), marker=item_marker)
            item_column = indent + len(marker[0].expandtabs(4))
        elif current is None and not one_per_line and _last_kind(blocks) == ITEM and indent >= item_column:
            # A paragraph indented under a list item, after a blank line, continues that item (as in Markdown).
            current = blocks.list[-1]
            blocks.extend(current, stripped)
        elif _is_heading(stripped) and (one_per_line or (current is None and alone) or _starts_section(stripped)):
            heading = _heading_text(stripped) if MARKDOWN_HEADING.match(stripped) else _unwrap_emphasis(stripped)
            blocks.add(HEADING, heading)
            current = None
        elif current is not None and not one_per_line:
            blocks.extend(current, stripped)
        else:
            current = blocks.add(TEXT, stripped)
        if one_per_line:
            current = None
        if _last_kind(blocks) != ITEM:
            item_indents = []
    document = ReadDocument(blocks=blocks.list, published=find_date(blocks.list))
    if blocks.list and len(blocks.list[0].text) <= TITLE_MAX:
        document.title = blocks.list[0].text
    return document


def _markers_joined(lines):
    """A list marker alone on its line ("(a)", "12.", as PDF text prints lettered and numbered paragraphs) joined to
    the next line that has text, so that the two are read as one item."""
    joined = []
    marker = None
    for line in lines:
        if marker is not None and line.strip():
            joined.append(f"{marker} {line.strip()}")
            marker = None
        elif MARKER_LINE.match(line.strip()):
            marker = line.rstrip()
        elif marker is None:
            joined.append(line)
    if marker is not None:
        joined.append(marker)
    return joined


# Lines wrapped to a width mostly end mid-sentence; a file written one paragraph per line ends nearly every line
# with a sentence. Past this share, over enough lines, a stray blank line does not make it wrapped text. Short
# lines (headings, labels) say nothing either way; wrapped lines are longer than this.
UNWRAPPED_SHARE = 0.7
UNWRAPPED_MIN_LINES = 3
LABEL_MAX = 30
SENTENCE_CLOSE = tuple('.!?:;"”’)')


def _lines_end_sentences(lines):
    """Whether the lines followed by another line (not a blank) end sentences: one paragraph per line."""
    # List items are one to a line in either kind of file, and an indented line continues something: neither
    # tells the two apart, so only ordinary lines at the margin are counted.
    followed = [
        line.strip()
        for line, after in zip(lines, lines[1:], strict=False)
        if len(line.strip()) > LABEL_MAX and after.strip() and line[:1].strip() and not LIST_MARKER.match(line)
    ]
    if len(followed) < UNWRAPPED_MIN_LINES:
        return False
    return sum(line.endswith(SENTENCE_CLOSE) for line in followed) >= UNWRAPPED_SHARE * len(followed)


def _last_kind(blocks):
    return blocks.list[-1].kind if blocks.list else None


def _is_heading(line):
    if MARKDOWN_HEADING.match(line):
        return True
    if len(line) > HEADING_MAX or LIST_MARKER.match(line) or DATE_LINE.match(line):
        return False
    return line[-1] not in '.!?,;:"”’)' or bool(RECOMMENDATIONS_HEADING.match(_heading_text(line)))


def _heading_text(line):
    line = MARKDOWN_HEADING.sub("", line.strip())
    line = SECTION_NUMBER.sub("", line)
    return line.strip().strip("*_").strip()


def _unwrap_emphasis(line):
    match = EMPHASIS_LINE.match(line)
    return f"{match[2]}{match[3].strip()}" if match else line


def _starts_section(line):
    """A Markdown heading or a back-matter heading ("Notes") starts a block even without a blank line."""
    text = _heading_text(line)
    return bool(MARKDOWN_HEADING.match(line) or (text[:1].isupper() and BACK_MATTER.match(text)))


def find_date(blocks):
    """The date a line of its own states, near the end or the start, as precise as it is written."""
    for block in blocks[-3:][::-1] + blocks[:5]:
        match = DATE_LINE.match(block.text)
        if not match:
            continue
        try:
            found = dateparser.parse(match[1], fuzzy=False)
        except (ValueError, OverflowError):
            continue
        if MONTH_YEAR.match(match[1]):
            return PartialDate(found.year, found.month)
        return PartialDate(found.year, found.month, found.day)
    return None


def read_markdown(text, limits=DEFAULT_LIMITS):
    """Markdown as blocks, following its own structure; emphasis markers are dropped, their words kept."""
    blocks = Blocks(limits)
    parser = MarkdownIt("commonmark").enable("table")
    source = normalise(text)
    tokens = parser.parse(source)
    lines = source.split("\n")
    # Blocks that are a list marker alone at a paragraph's end ("... review;" then "a)"): the marker of the next
    # paragraph, which holds its text.
    markers = []
    # The lists and quotes around the current token, and the list items open in them, innermost last.
    containers = []
    items = []
    heading_level = 0
    underlined = False
    row = None
    for token in tokens:
        blocks.deadline.check()
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(token.type)
            if len(containers) > limits.max_depth:
                raise ReadError(f"this document has lists or quotes nested more than {limits.max_depth} levels deep")
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "list_item_open":
            depth = sum(kind != "blockquote_open" for kind in containers)
            # markdown-it-py keeps an ordered item's number in `info` and its "." or ")" in `markup`.
            marker = f"{token.info}{token.markup}" if containers[-1] == "ordered_list_open" else token.markup
            items.append(Block(ITEM, "", level=depth, marker=marker))
        elif token.type == "list_item_close":
            item = items.pop()
            # A number alone on its line ("13." and then a blank line) is an empty item to Markdown: the marker
            # of the paragraph after it.
            if not item.text and (block := blocks.add(TEXT, item.marker)) is not None:
                markers.append(block)
        elif token.type == "heading_open":
            heading_level = int(token.tag[1:])
            underlined = token.markup in ("-", "=")
        elif token.type == "inline" and heading_level and underlined and _is_sentence(token.content):
            # A sentence over a "---" rule is a paragraph before a dividing line, though Markdown underlines it
            # into a heading: a heading is short and closes no sentence.
            _add_paragraph(blocks, inline_text(token), containers, items, 0)
            heading_level = 0
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            blocks.add(ROW, "", cells=row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token))
        elif token.type == "inline" and not (items or heading_level or containers) and token.map:
            markers += _add_lines(blocks, _lines(token, lines))
        elif token.type == "inline" and items and token.map and _listed(split := _lines(token, lines), True):
            _add_sub_items(blocks, split, containers, items)
        elif token.type == "inline" and items and token.map and not heading_level:
            # Page numbers between an item's lines are left out; a topic line that Markdown runs into the item (a
            # lazy continuation) is a line of its own.
            kept, topic = _trailing_topic_line(_without_page_numbers(_lines(token, lines)))
            kept, after = _paragraphs_after_topic_line(kept)
            _add_paragraph(blocks, " ".join(words for _, words in kept), containers, items, 0)
            if after:
                blocks.add(TEXT, after[0][1])
                _add_lines(blocks, after[1:])
            if topic:
                blocks.add(TEXT, topic)
        elif token.type == "inline":
            _add_paragraph(blocks, inline_text(token), containers, items, heading_level)
            heading_level = 0
        elif token.type in ("fence", "code_block"):
            blocks.add(QUOTE if "blockquote_open" in containers else TEXT, token.content)
        elif token.type == "html_block":
            blocks.add(TEXT, BeautifulSoup(token.content, "html.parser").get_text(" "))
    _give_markers(blocks.list, markers)
    document = ReadDocument(blocks=blocks.list, published=find_date(blocks.list))
    headings = [block for block in blocks.list if block.kind == HEADING and len(block.text) <= TITLE_MAX]
    if headings:
        document.title = next((block.text for block in headings if block.level == 1), headings[0].text)
    return document


def _is_sentence(text):
    """Longer than a heading and closing its sentence."""
    text = squash(text)
    return len(text) > HEADING_MAX and text.endswith(SENTENCE_END_CLOSE)


def _add_paragraph(blocks, text, containers, items, heading_level):
    """A paragraph or heading's text, as the kind of block its container makes it."""
    if items:
        item = items[-1]
        # An item is added with its first paragraph (so it has text); a later paragraph continues it.
        if item.text:
            blocks.extend(item, text)
        else:
            added = blocks.add(ITEM, text, level=item.level, marker=item.marker)
            if added is not None:
                items[-1] = added
    elif heading_level:
        blocks.add(HEADING, text, level=heading_level)
    elif "blockquote_open" in containers:
        blocks.add(QUOTE, text)
    else:
        blocks.add(TEXT, text)


def inline_text(token):
    """An inline token's words: emphasis, links and inline HTML dropped, code and image descriptions kept."""
    return _words(token.children or [])


def _words(children):
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return squash("".join(parts))


def _lines(token, source):
    """A paragraph's lines as (indentation, words), the indentation read from the source; one line if the line
    breaks cannot be matched to the source."""
    lines = [[]]
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    start, end = token.map
    if len(lines) != end - start:
        return [(0, inline_text(token))]
    return [
        (len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip()), _words(children))
        for raw, children in zip(source[start:end], lines, strict=True)
    ]


def _add_lines(blocks, lines):
    """A Markdown paragraph as blocks. Markdown joins a paragraph's lines, but text pasted from web pages and PDFs
    breaks lines where Markdown sees none: a line that opens with a bullet Markdown does not know ("• ", "» "), a
    list marker alone on its line ("(a)" with the item's text on the lines after it) or, after the first line, a
    marker Markdown does not know before a capital ("(b) Strengthen ...") starts an item; a paragraph
    whose every line ends a sentence, and whose lines are not all as long as a width would make them, is one
    paragraph per line; a line with bullets inside it is a list run into one line. The blocks that are a marker
    alone at the paragraph's end are returned."""
    lines = [(indent, piece) for indent, words in _without_page_numbers(lines) for piece in _unflattened(words)]
    if not lines:
        return []
    clauses = _resolution_clauses(lines)
    if len(clauses) > 1:
        markers = []
        for clause in clauses:
            markers = _add_lines(blocks, clause)
        return markers
    segments = _at_capital_headings(lines)
    if len(segments) > 1:
        markers = []
        for segment in segments:
            if isinstance(segment, str):
                blocks.add(HEADING, segment, level=2)
                markers = []
            else:
                markers = _add_lines(blocks, segment)
        return markers
    if leading := _leading_topic_line(lines):
        blocks.add(TEXT, leading)
        lines = lines[1:]
    lines, topic = _trailing_topic_line(lines)
    markers = _add_paragraph_lines(blocks, lines)
    if topic:
        blocks.add(TEXT, topic)
        return []
    return markers


# A resolution's clause opening a line: "Whereas, ...", "Now, Therefore, Be It Resolved that ...", "Be it further
# resolved that ...", "Resolved, That ...".
RESOLUTION_CLAUSE = re.compile(
    r"^(?:whereas\b|(?:now,?\s+)?therefore,?\s+be\s+it\s+(?:further\s+)?resolved\b|be\s+it\s+(?:further\s+)?resolved\b|"
    r"resolved,?\s+that\b)",
    re.IGNORECASE,
)


def _resolution_clauses(lines):
    """A resolution's lines, each clause ("Whereas, ...", "Be It Resolved that ...") a paragraph of its own with the
    lines wrapped under it: hard-wrapped text runs the clauses together."""
    clauses = [[]]
    for line in lines:
        if RESOLUTION_CLAUSE.match(line[1]) and clauses[-1]:
            clauses.append([])
        clauses[-1].append(line)
    return clauses if sum(bool(RESOLUTION_CLAUSE.match(clause[0][1])) for clause in clauses) >= 2 else [lines]


# A heading line in capitals, as a report pasted without its layout prints one: "RECOMMENDATIONS", "POLICY
# IMPLICATIONS", "EXECUTIVE SUMMARY".
CAPITAL_HEADING = re.compile(r"^[A-Z][A-Z&’',/-]*(?:\s+[A-Z&’',/-]+){0,5}$")
CAPITAL_HEADING_MIN_LETTERS = 4


def _at_capital_headings(lines):
    """A paragraph's lines split at heading lines in capitals (see CAPITAL_HEADING), each between a line that ended
    its sentence (or the paragraph's start) and a line that starts one: a heading, then the lines under it as a
    paragraph of their own. A paragraph without such a line, or mostly in capitals, is one segment."""
    segments = [[]]
    # Text set all in capitals (a telegram) shows no heading by its case.
    if sum(words.upper() == words for _, words in lines) * 2 > len(lines):
        return [lines]
    for position, (indent, words) in enumerate(lines):
        before = lines[position - 1][1] if position else ""
        after = lines[position + 1][1] if position + 1 < len(lines) else ""
        heading = (
            CAPITAL_HEADING.match(words)
            and sum(character.isalpha() for character in words) >= CAPITAL_HEADING_MIN_LETTERS
            and (not before or before.endswith(SENTENCE_END_CLOSE) or CAPITAL_HEADING.match(before))
            and (not after or after[:1].isupper())
            and len(lines) > 1
        )
        if heading:
            segments += [words, []]
        else:
            segments[-1].append((indent, words))
    return [segment for segment in segments if segment]


def _add_paragraph_lines(blocks, lines):
    if len(lines) > 1 and DATE_LINE.match(lines[0][1]):
        # A date on the first line ("4 May 2020") dates what follows; it is no part of the first sentence.
        blocks.add(TEXT, lines[0][1])
        return _add_paragraph_lines(blocks, lines[1:])
    if len(lines) == 1 and MARKER_LINE.match(lines[0][1]):
        # A marker alone as a paragraph ("a)" and then a blank line).
        block = blocks.add(TEXT, lines[0][1])
        return [block] if block is not None else []
    if len(lines) == 1 and (match := MARKED_LINE.match(lines[0][1])):
        items = run_together(match["marker"], lines[0][1][match.end() :])
        if len(items) > 1:
            # One line holding a list run together: "(b) Repeal ...; (c) Arrest ...".
            for marker, words in items:
                blocks.add(ITEM, words, level=1, marker=marker)
            return []
    if not _listed(lines):
        texts = [words for _, words in lines]
        for words in (
            _one_per_line(lines)
            or _lines_after_lead_in(texts)
            or _field_lines(texts)
            or _lines_before_lead_in(texts)
            or _referenced_rows(texts)
            or _short_lines(texts)
            or [" ".join(texts)]
        ):
            blocks.add(TEXT, words)
        return []
    trailing = []
    for kind, marker, words in _pieces(lines):
        if kind == ITEM and not words:
            # A marker with nothing after it in this paragraph: its text is the next paragraph's.
            block = blocks.add(TEXT, marker)
            if block is not None:
                trailing.append(block)
            continue
        for item_marker, item_words in run_together(marker, words) if kind == ITEM else [(marker, words)]:
            blocks.add(kind, item_words, level=1 if kind == ITEM else 0, marker=item_marker)
    return [block for block in trailing if blocks.list[-1] is block]


# A line that opens with a field's name and a colon: "Finding: ...", "Corrective Action Plan: ...".
FIELD_LINE = re.compile(r"^[A-Z][\w’'/()-]*(?:\s+[\w’'/()-]+){0,4}\s*:\s+\S")


# A field printed without its value, as a form leaves it empty: "Recommended By:", "Vote Results:".
EMPTY_FIELD_LINE = re.compile(r"^[A-Z][\w’'/()-]*(?:\s+[\w’'/()-]+){0,4}\s*:$")
# A form's other lines are its title and signatures ("Review Agenda Item", "Jane Roe - Director"): short, unclosed.
FORM_LINE_MAX_WORDS = 8


def _field_lines(texts):
    """Three or more lines that each open with a field's name ("Finding:", "Cause:", "Recommendation:"): a record's
    fields, one paragraph each, as an audit finding or a form prints them. A form may also leave fields empty and
    print its title and a signature among them; with three filled fields, and every other line an empty field or
    a short line that closes no sentence, it is still a form and not wrapped prose."""
    filled = sum(bool(FIELD_LINE.match(text)) for text in texts)
    if filled < 3:
        return None
    if all(
        FIELD_LINE.match(text)
        or EMPTY_FIELD_LINE.match(text)
        or (len(text.split()) <= FORM_LINE_MAX_WORDS and not text.endswith(SENTENCE_END_CLOSE))
        for text in texts
    ):
        return texts
    return None


# A line that is only a page number, as text copied from a paged document keeps between its lines ("2").
PAGE_NUMBER_LINE = re.compile(r"^\d{1,3}$")
# A topic line: short, no closing punctuation, opening with a capital ("Transport Services Department").
TOPIC_LINE_MAX_WORDS = 8
SENTENCE_END_CLOSE = tuple('.!?"”’)')


def _without_page_numbers(lines):
    """A paragraph's lines without the page numbers between them: a line holding only a number, with lines before
    and after it, is where a page broke, not the paragraph's words. A number alone as a paragraph stays."""
    lines = [(indent, words) for indent, words in lines if words]
    if len(lines) < 3:
        return lines
    inner = range(1, len(lines) - 1)
    return [line for position, line in enumerate(lines) if not (position in inner and PAGE_NUMBER_LINE.match(line[1]))]


def _is_topic_line(words):
    return (
        len(words.split()) <= TOPIC_LINE_MAX_WORDS
        and words[:1].isupper()
        and not words.endswith(SENTENCE_CLOSE + (",",))
        and not LIST_MARKER.match(words)
    )


# A dateline's place in capitals, before its date in brackets or after a comma: "WASHINGTON (", "ITANAGAR, ".
DATELINE_START = re.compile(r"^[A-Z]{3,}[A-Z .'’-]*(?:\s+\(|,\s)")


def _leading_topic_line(lines):
    """A paragraph's first line that reads as a heading (short, no closing punctuation) and breaks short of the width,
    the next line's first word fitting after it, before a line that opens with a dateline: a press release's subtitle
    run into its first paragraph ("Basin Facing Pollution", then "WASHINGTON (May 1, 2007) – The agency must ...").
    Wrapped prose fills its first line."""
    first = lines[0][1] if lines else ""
    heading = len(first) <= HEADING_MAX and first[:1].isupper() and not first.endswith(SENTENCE_CLOSE + (",",))
    if len(lines) < 2 or not heading or not DATELINE_START.match(lines[1][1]):
        return ""
    width = max(len(words) for _, words in lines)
    first, after = lines[0][1], lines[1][1]
    return first if len(first) + 1 + len(after.split()[0]) <= width else ""


def _trailing_topic_line(lines):
    """A paragraph's last line that is a topic line (see _is_topic_line) after a line that ended its sentence is a
    line of its own: text pasted from a page runs the name over a list ("Transport Department", then "1. ...")
    into the paragraph before it, as Markdown continues a paragraph or list item onto the next line. Wrapped
    prose ends its sentence on its last line, or goes on in lower case."""
    if len(lines) >= 2 and _is_topic_line(lines[-1][1]) and lines[-2][1].endswith(SENTENCE_END_CLOSE):
        return lines[:-1], lines[-1][1]
    return lines, ""


def _paragraphs_after_topic_line(lines):
    """An item's lines up to a topic line (see _is_topic_line) after a line that ended its sentence, and that line
    with the lines after it: text pasted without blank lines runs a heading ("General Fund") and the paragraphs
    under it into the last item of a list, as Markdown continues an item onto the next lines."""
    for position in range(1, len(lines) - 1):
        if _is_topic_line(lines[position][1]) and lines[position - 1][1].endswith(SENTENCE_END_CLOSE):
            return lines[:position], lines[position:]
    return lines, []


def _lines_after_lead_in(texts):
    """A lead-in line ending in a colon, then two or more lines each opening with a capital and breaking short of
    the width (the next line's first word would have fitted), but perhaps the longest: a list whose bullets were
    lost in copying ("The review made 16 recommendations, including for:" then one line per recommendation). One
    paragraph per line; wrapped text would have filled its lines."""
    if len(texts) < 3 or not texts[0].endswith(":"):
        return None
    rest = texts[1:]
    if not all(re.match(r"^[\"“‘(]*[A-Z0-9]", text) for text in rest):
        return None
    width = max(len(text) for text in rest)
    breaks = list(zip(rest, rest[1:], strict=False))
    short = sum(len(before) + 1 + len(after.split()[0]) <= width for before, after in breaks)
    # The longest line may have been full; every other break must stop short.
    return texts if short >= max(1, len(breaks) - 1) else None


# A row's reference opening its line: "A16-12", "R-2019-03", "M19-004".
ROW_REFERENCE = re.compile(r"^[A-Z]{1,3}-?\d{1,4}-\d{1,4}(?=\s)")


def _referenced_rows(texts):
    """A header line, then two or more lines that each open with a reference of the same shape ("A16-12 ...",
    "A16-13 ..."): a table flattened one row per line with its cells run together, one paragraph per row. Wrapped
    prose does not open line after line with such a reference."""
    rows = texts[1:]
    if len(rows) < 2 or not all(ROW_REFERENCE.match(row) for row in rows):
        return None
    shapes = {re.sub(r"\d+", "1", ROW_REFERENCE.match(row)[0]) for row in rows}
    return texts if len(shapes) == 1 else None


# A line that ends on one of these words or a comma goes on in the next: "... the", "... of", "... and".
CONTINUING = set("a an the and or but of by to for in on at with from as that which who is are be".split())


# Fewer words than this on a line is a label or a field ("Rec 1", "Accepted"), not a point.
SHORT_LINE_MIN_WORDS = 4


def _short_lines(texts):
    """Three or more lines of a few words or more, none ending in punctuation or on a word that promises more, each of
    which breaks short of the width (the next line's first word would have fitted), the longest aside: points set down
    one a line without bullets or full stops ("Councils should work together", "Parliament must make time for bills"),
    one paragraph each. Wrapped prose fills its lines, so it never breaks short."""
    if len(texts) < 3:
        return None
    if any(
        not text[-1].isalnum() or text.split()[-1].lower() in CONTINUING or len(text.split()) < SHORT_LINE_MIN_WORDS
        for text in texts
    ):
        return None
    width = max(len(text) for text in texts)
    breaks = list(zip(texts, texts[1:], strict=False))
    short = sum(len(before) + 1 + len(after.split()[0]) <= width for before, after in breaks)
    longest_breaks = sum(len(before) == width for before, _ in breaks)
    return texts if short >= len(breaks) - longest_breaks else None


def _lines_before_lead_in(texts):
    """Three or more short lines that each open with a capital or a number, the last ending in a colon, at least two
    of them and half breaking short of the width (the next line's first word would have fitted): a memo's header
    lines ("To: Board", "From: Office", a subject line) and then the lead-in of the list below ("That the Board:"),
    one paragraph per line. Wrapped prose fills its lines, so it breaks short nowhere."""
    if len(texts) < 3 or not texts[-1].endswith(":") or any(len(text) > HEADING_MAX for text in texts):
        return None
    if not all(re.match(r"^[\"“‘(]*[A-Z0-9]", text) for text in texts):
        return None
    width = max(len(text) for text in texts)
    breaks = list(zip(texts, texts[1:], strict=False))
    short = sum(len(before) + 1 + len(after.split()[0]) <= width for before, after in breaks)
    return texts if short >= 2 and short * 2 >= len(breaks) else None


# Markers of a list run together on one line, in order: "(b) Repeal ...; (c) Arrest ...; (d) Undertake ...".
RUN_TOGETHER_MARKER = re.compile(r"(?<=[;.])\s+(?P<marker>\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})\))\s+(?=[\"“‘(]?[A-Z])")


def run_together(marker, words):
    """An item and the items run on after it in the same line, as (marker, words): "(b) Repeal ...; (c) Arrest
    ..." is two items when "(c)" is the marker after "(b)", after a semicolon or full stop and before a capital.
    Only markers in order count, each the next after the one before, so a reference in brackets stays in the
    text."""
    items = [(marker, words)]
    following = _next_markers(marker)
    while following:
        current_marker, current = items[-1]
        found = next((m for m in RUN_TOGETHER_MARKER.finditer(current) if m["marker"] in following), None)
        if found is None:
            break
        items[-1] = (current_marker, current[: found.start()].strip())
        items.append((found["marker"], current[found.end() :].strip()))
        following = _next_markers(found["marker"])
    return items


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _next_markers(marker):
    """The markers that can follow this one in its style: "(b)" -> "(c)", "c)" -> "d)", "(2)" -> "(3)", "(ii)" ->
    "(iii)", "(i)" -> "(j)" or "(ii)"; none for bullets and for "2." (a number and a full stop are too common
    inside sentences)."""
    match = re.match(r"^(\(?)([a-z]|\d{1,2}|[ivx]{1,4})\)$", marker or "")
    if not match:
        return set()
    opening, value = match.groups()
    following = set()
    if value.isdigit():
        following.add(str(int(value) + 1))
    if len(value) == 1 and value.isalpha() and value < "z":
        following.add(chr(ord(value) + 1))
    if value in ROMAN[:-1]:
        following.add(ROMAN[ROMAN.index(value) + 1])
    return {f"{opening}{value})" for value in following}


def _add_sub_items(blocks, lines, containers, items):
    """A list item's paragraph whose later lines open with markers Markdown does not know ("The Committee
    recommends that the State party:" then "(a) Harmonize ..."): its first lines are the item's, the marked lines
    its sub-items, one level deeper."""
    pieces = _pieces([(indent, words) for indent, words in lines if words])
    kind, marker, words = pieces[0]
    _add_paragraph(blocks, f"{marker} {words}" if kind == ITEM else words, containers, items, 0)
    for _, marker, words in pieces[1:]:
        blocks.add(ITEM, words, level=items[-1].level + 1, marker=marker)


# Two or more bullets inside a line: a list whose lines were run together, as a page's columns flattened to text
# print it ("0 of 4 implemented • Implemented • Not implemented • The prison should ..."). One may be a separator.
INLINE_BULLET = re.compile(r"\s+(?=[•▪●]\s+\S)")


def _unflattened(words):
    """A line as the lines it was run together from: a new line at each bullet inside it, if it holds two or more."""
    pieces = INLINE_BULLET.split(words)
    return pieces if len(pieces) > 2 else [words]


def _listed(lines, after_first=False):
    """Whether a paragraph's lines hold items Markdown did not see (see _add_lines); with after_first, only in the
    lines after its first."""
    lines = [(indent, words) for indent, words in lines if words]
    if len(lines) < 2:
        return False
    markers = _line_markers([words for _, words in lines])
    return any(markers[1 if after_first else 0 :])


def _line_markers(lines):
    """For each line of a paragraph, what opens an item there: a bullet (see TEXT_BULLET), a marker alone (its
    text on the lines after it), a marker before a capital (see MARKED_LINE) or a paragraph number after a line
    that ended its sentence or a short one; else None. A dash opens an item only on the first line, once another
    dash has, or after a line that ended its sentence: inside wrapped prose, "– " at a line's start is a dash
    ("the two sides\n– the port and the town – agreed")."""
    markers = []
    dashes = False
    for position, words in enumerate(lines):
        before = lines[position - 1] if position else ""
        match = TEXT_BULLET.match(words)
        if match and match["marker"] in "–—":
            if not (dashes or not before or before.endswith(SENTENCE_CLOSE)):
                match = None
            dashes = dashes or match is not None
        if MARKER_LINE.match(words):
            markers.append((words, ""))
        elif match := match or (_marked(words, before) if before else MARKED_LINE.match(words)):
            markers.append((match["marker"], words[match.end() :]))
        else:
            markers.append(None)
    return markers


def _marked(words, before):
    """The marker a line inside a paragraph opens with (see MARKED_LINE), or a paragraph number ("35. The
    Committee ...") after a line that ended its sentence or a short one; None otherwise."""
    if match := MARKED_LINE.match(words):
        return match
    return NUMBERED_LINE.match(words) if before.endswith(SENTENCE_CLOSE) or len(before) <= LABEL_MAX else None


def _pieces(lines):
    """A paragraph's lines as (kind, marker, words): items where a line opens with a marker, a marker alone with
    the lines after it, text before the first item and where an unmarked line does not go on with its item."""
    # [kind, marker, [words], indentation of the line that opened it]
    pieces = []
    for (indent, words), marker in zip(lines, _line_markers([words for _, words in lines]), strict=True):
        last = pieces[-1] if pieces else None
        if marker is not None:
            pieces.append([ITEM, marker[0], [marker[1]] if marker[1] else [], indent])
        elif last and (last[0] == TEXT or MARKER_LINE.match(last[1]) or _continues(last, indent, words)):
            last[2].append(words)
        else:
            pieces.append([TEXT, "", [words], indent])
    return [(kind, marker, " ".join(words)) for kind, marker, words, _ in pieces]


def _continues(item, indent, words):
    """An unmarked line after a bulleted line goes on with its item when indented under it, when it starts in lower
    case, or when the item's line did not end its sentence and the line is not indented less ("0 of 4
    implemented" at the margin after indented bullets starts a paragraph of its own)."""
    if indent > item[3] or words[:1].islower():
        return True
    return indent >= item[3] and not item[2][-1].endswith(SENTENCE_CLOSE)


def _one_per_line(lines):
    """The lines of a paragraph written one paragraph per line, or None if it is one paragraph: every line ends a
    sentence before a line that starts as a sentence does, and at least one line stops short of the width, the
    next line's first word fitting after it (text wrapped to a width breaks a line only where the next word does
    not fit, whatever punctuation comes before)."""
    if len(lines) < 2:
        return None
    texts = [words for _, words in lines]
    width = max(len(text) for text in texts)
    short = False
    for before, after in zip(texts, texts[1:], strict=False):
        if not re.match(r"^[\"“‘(]*[A-Z0-9]", after):
            return None
        if not before.endswith(SENTENCE_CLOSE):
            return None
        short = short or len(before) + 1 + len(after.split()[0]) <= width
    return texts if short else None


def _give_markers(blocks, markers):
    """A marker alone at a paragraph's end ("a)") and the paragraph after it are one item."""
    pending = {id(block) for block in markers}
    kept = []
    for position, block in enumerate(blocks):
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if id(block) in pending and following is not None and following.kind == TEXT and id(following) not in pending:
            following.kind, following.marker, following.level = ITEM, block.text, 1
            continue
        kept.append(block)
    blocks[:] = kept
