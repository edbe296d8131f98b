"""Reading a PDF: its text layer rebuilt into headings, paragraphs, list items, table rows, quotes and footnotes.

Text and positions come from pypdfium2 (Google's PDFium; Apache 2.0 and BSD licences): with the same layout rules
it read the test corpus as well as pdfminer.six and pdfplumber did, and a 300-page report in 7 s where they took
24 s and 57 s; its character positions also include a superscript's rise, which theirs leave out.

How the layout becomes blocks:
1. A page's characters become words, split at spaces and gaps and where the size or the baseline changes (which sets
   a superscript apart); words become lines. Thin lines drawn on the page that cross into a grid are a ruled table,
   whose words become rows of cells.
2. Lines repeated at the top or foot of most pages (running headers and footers), and lone page numbers, are dropped.
3. A page with a gutter down the middle is read column by column.
4. Small lines at the foot of a column that start with a number are footnotes; superscript numbers in the text are
   their markers, taken out of it.
5. Lines join into blocks: larger or bold lines are headings; a new block starts after a gap wider than the line
   spacing, at a change of indentation, at a list marker (but a numbered paragraph may wrap back under its
   number) or after a short first line ("PRESS RELEASE"); a block goes on over a column or page break when its
   last line ran to the edge.
"""

import ctypes
import re
import threading
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, groupby

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pyphen

from tracker.sources.document import (
    HEADING,
    ITEM,
    NOTE,
    QUOTE,
    ROW,
    TEXT,
    Block,
    Deadline,
    Limits,
    ReadDocument,
    ReadError,
)

SCANNED = "this PDF has no text to read; it looks scanned - run it through OCR first, or paste its text"
PASSWORD = "this PDF is protected by a password; remove the protection and upload it again, or paste its text"
DAMAGED = "this file is not a PDF that can be read; it may be damaged or only partly downloaded"

# Characters further apart than this share of their size belong to different words.
WORD_GAP = 0.2
# Words whose baselines are within this share of their size sit on one line (a superscript rises up to a half).
LINE_TOLERANCE = 0.6
# A superscript is smaller than the text of its line by this share at least, and raised by this share of its size.
SUPERSCRIPT_SIZE = 0.9
SUPERSCRIPT_RISE = 0.15
FOOTNOTE_MARKER = re.compile(r"^[\d*†‡,]+$")
# Footnotes are printed at this share of the body size or smaller; headings at this share or larger.
NOTE_SIZE = 0.85
HEADING_SIZE = 1.15
# Running headers and footers are among the first or last lines of a page, inside this share of its height...
FURNITURE_BAND = 0.15
FURNITURE_LINES = 2
# ...and repeat on this share of the pages at least (odd and even pages often carry different ones), or stand
# this many body lines apart from the text.
FURNITURE_SHARE = 0.4
FURNITURE_GAP = 2
PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
# A gutter is an empty strip at least this wide in the middle half of the page, crossed by one line or this share
# of the lines at most (titles over both columns), with some lines of text on either side.
GUTTER_WIDTH = 8
GUTTER_CROSSING = 0.05
GUTTER_LINES = 2
# A line belongs to the block above when the gap between their baselines is at most this many times the usual one;
# the lines of a heading are at most this many times their size apart.
GAP_RATIO = 1.3
HEADING_SPACING = 1.5
# A paragraph's first line reaches past this share of its column's width.
SHORT_LINE = 0.5
# Points of slack when comparing indentations and when asking whether a line ran to the column's edge.
INDENT_SLACK = 3
EDGE_SLACK = 0.5  # of the font size
# A line that ends in a dash against its word ("recom-", "2019–"), the letters before it, and a word that may
# have hyphens of its own.
BROKEN = re.compile(r"\S[-–—]$")
WORD_END = re.compile(r"[^\W\d_]*(?=[-–—]$)")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Words in capitals this short after a line-end hyphen are abbreviations ("ANTI-" / "EU"), not a word's end.
SHORT_CAPITALS = 2
# Bullets (with » and ➢, as web pages and slides print them); "3.", "(b)", "iv)"; numbered paragraphs "2.1" and "2.1.".
LIST_MARKER = re.compile(
    r"^(?:[•●▪■◦‣∙·»➢*–—-]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]|\d{1,3}(?:\.\d{1,3})+\.?)$"
)
# Drawn lines thinner than this (points) and longer than the minimum are table rules.
RULE_THICKNESS = 3
RULE_LENGTH = 10
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\x02": "-", "\xad": "-"})
# Titles that PDF writers fill in by themselves.
PLACEHOLDER_TITLE = re.compile(r"^(?:untitled.*|microsoft word - .*|.*\.(?:docx?|pdf|indd|odt|rtf))$", re.I)

HYPHENATION = pyphen.Pyphen(lang="en_GB")
# PDFium must not be called from two threads at once, even for different documents, and jobs may run in threads.
PDFIUM = threading.Lock()


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    baseline: float  # from the top of the page
    size: float
    bold: bool
    italic: bool
    # False when the word touches the one before it and only a change of size or baseline set it apart.
    spaced: bool = True
    # A footnote marker (a superscript number), left out of the text.
    marker: bool = False


@dataclass
class Line:
    words: list
    page: int
    text: str = ""
    x0: float = 0
    x1: float = 0
    baseline: float = 0
    size: float = 0
    bold: bool = False
    italic: bool = False
    # The footnote marker the line starts with (a footnote's own); markers elsewhere are left out of its text.
    leading_marker: str = ""
    # A table row's cells; None for a line of text.
    cells: list | None = None
    # The column the line is read in (page number, place on the page), and that column's left and right edges.
    column: tuple = ()
    left: float = 0
    right: float = 0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list


def read_pdf(data: bytes, limits: Limits | None = None) -> ReadDocument:
    limits = limits or Limits()
    deadline = Deadline(limits.max_seconds)
    with PDFIUM:
        pages, metadata = _pages(data, limits, deadline)
    if not any(page.lines for page in pages):
        raise ReadError(SCANNED)
    body_size = _most_common(
        line.size for page in pages for line in page.lines if line.cells is None for _ in line.text
    )
    _drop_furniture(pages, body_size)
    lines = [line for page in pages for line in _reading_order(page)]
    lines, notes = _take_footnotes(lines, body_size)
    blocks = _with_notes(_blocks(lines, body_size), notes)
    if len(blocks) > limits.max_blocks:
        raise ReadError(
            f"this PDF has more than {limits.max_blocks:,} paragraphs, list items and table rows, "
            "the most a document may have"
        )
    if any(len(block.text) > limits.max_block_chars for block in blocks):
        raise ReadError(
            f"this PDF has a paragraph longer than {limits.max_block_chars:,} characters, "
            "the longest a paragraph may be"
        )
    return ReadDocument(blocks=blocks, title=_title(metadata, blocks), author=metadata.get("Author", "").strip())


def _pages(data, limits, deadline):
    """The lines of each page, and the PDF's metadata; PDFium's errors said in words."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ReadError(PASSWORD if error.err_code == pdfium_c.FPDF_ERR_PASSWORD else DAMAGED) from error
    try:
        if len(pdf) > limits.max_pages:
            raise ReadError(f"this PDF has {len(pdf):,} pages; the limit is {limits.max_pages:,}")
        pages = []
        for number, page in enumerate(pdf, start=1):
            deadline.check()
            pages.append(_page_lines(page, number))
            page.close()
        return pages, pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError as error:
        raise ReadError(DAMAGED) from error
    finally:
        pdf.close()


# Words, lines and tables of one page.


def _page_lines(page, number):
    """The page with its lines of text and table rows, top to bottom."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    words = _words(textpage.raw, height)
    textpage.close()
    lines = []
    for verticals, rows in _grids(page.raw, height):
        left, right = min(x for x, _, _ in verticals), max(x for x, _, _ in verticals)
        inside = [left <= _centre(word) <= right and rows[0] <= _middle(word) <= rows[-1] for word in words]
        lines.extend(
            _table_rows([word for word, within in zip(words, inside, strict=True) if within], verticals, rows, number)
        )
        words = [word for word, within in zip(words, inside, strict=True) if not within]
    lines.extend(_make_line(group, number) for group in _group_lines(words))
    return Page(number, width, height, sorted(lines, key=lambda line: line.baseline))


def _words(textpage, height):
    """The page's words in the order they were drawn."""
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    font_name = ctypes.create_string_buffer(256)
    words = []
    # The word being gathered, as (text, x0, x1, baseline, size) per character, its font's (bold, italic), and
    # whether it stands apart from the word before (a superscript touches it).
    chars, style, spaced = [], (False, False), True
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        # PDFium marks a hyphen that ends a line as \x02; other control characters are its own line breaks.
        if char.isspace() or (not char.isprintable() and char != "\x02"):
            _add_word(words, chars, style, spaced)
            chars, spaced = [], True
            continue
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        size = pdfium_c.FPDFText_GetFontSize(textpage, index)
        baseline = height - y.value
        if chars:
            _, _, last_x1, last_baseline, last_size = chars[-1]
            gap = box.left - last_x1
            apart = gap > WORD_GAP * size or gap < -size
            if apart or size != last_size or abs(baseline - last_baseline) > 0.1 * size:
                _add_word(words, chars, style, spaced)
                chars, spaced = [], apart
        if not chars:
            # A word is set in one font: reading the font once a word saves most of the time it takes.
            style = _font_style(textpage, index, font_name)
        chars.append((char, box.left, box.right, baseline, size))
    _add_word(words, chars, style, spaced)
    return words


def _font_style(textpage, index, buffer):
    """(bold, italic) of the character's font, from its weight and its name."""
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), None)
    name = buffer.value.decode("latin-1").lower()
    bold = pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600 or any(
        style in name for style in ("bold", "black", "heavy", "semibold")
    )
    return bold, "italic" in name or "oblique" in name


def _add_word(words, chars, style, spaced):
    if chars:
        _, x0, _, baseline, size = chars[0]
        text = "".join(char[0] for char in chars).translate(LIGATURES)
        words.append(Word(text, x0, chars[-1][2], baseline, round(size, 1), *style, spaced))


def _group_lines(words):
    """Words grouped into lines by their baselines, each line left to right."""
    groups = []
    for word in sorted(words, key=lambda word: word.baseline):
        first = groups[-1][0] if groups else None
        if first and word.baseline - first.baseline <= LINE_TOLERANCE * max(word.size, first.size):
            groups[-1].append(word)
        else:
            groups.append([word])
    return [sorted(group, key=lambda word: word.x0) for group in groups]


def _make_line(words, page):
    size = _most_common(word.size for word in words for _ in word.text)
    baseline = next(word.baseline for word in words if word.size == size)
    for word in words:
        raised = word.baseline < baseline - SUPERSCRIPT_RISE * size
        word.marker = raised and word.size < SUPERSCRIPT_SIZE * size and bool(FOOTNOTE_MARKER.match(word.text))
    text_words = [word for word in words if not word.marker] or words
    italic = sum(len(word.text) for word in text_words if word.italic) * 2 > sum(len(w.text) for w in text_words)
    return Line(
        words,
        page,
        _text(words),
        x0=words[0].x0,
        x1=words[-1].x1,
        baseline=baseline,
        size=size,
        bold=all(word.bold for word in text_words),
        italic=italic,
        leading_marker=words[0].text if words[0].marker else "",
    )


def _text(words):
    """The words as text, without footnote markers."""
    parts = []
    for word in words:
        if not word.marker:
            parts.append(f" {word.text}" if parts and word.spaced else word.text)
    return "".join(parts)


def _grids(page, height):
    """Ruled tables on the page as (vertical rules, row edges), from the thin lines drawn on it."""
    horizontals, verticals = [], []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        drawn = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(drawn) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPageObj_GetBounds(drawn, left, bottom, right, top)
        x0, x1, y0, y1 = left.value, right.value, height - top.value, height - bottom.value
        if y1 - y0 <= RULE_THICKNESS and x1 - x0 >= RULE_LENGTH:
            horizontals.append((x0, x1, (y0 + y1) / 2))
        elif x1 - x0 <= RULE_THICKNESS and y1 - y0 >= RULE_LENGTH:
            verticals.append(((x0 + x1) / 2, y0, y1))
    # Rules that meet belong to one table: each vertical rule starts as a table of its own, and a horizontal rule
    # joins the tables of the vertical rules it meets.
    table_of = list(range(len(verticals)))
    rows = []  # (a vertical rule it meets, y)
    for x0, x1, y in horizontals:
        met = [v for v, (x, y0, y1) in enumerate(verticals) if _meets(x0, x1, y, x, y0, y1)]
        for v in met:
            table_of[_root(table_of, v)] = _root(table_of, met[0])
        rows.extend((v, y) for v in met[:1])
    for table in {_root(table_of, v) for v in range(len(verticals))}:
        rules = [rule for v, rule in enumerate(verticals) if _root(table_of, v) == table]
        table_rows = _distinct(y for v, y in rows if _root(table_of, v) == table)
        if len(_distinct(x for x, _, _ in rules)) >= 2 and len(table_rows) >= 2:
            yield rules, table_rows


def _root(table_of, index):
    while table_of[index] != index:
        index = table_of[index]
    return index


def _meets(x0, x1, y, x, y0, y1):
    """Whether a horizontal rule from x0 to x1 at y meets a vertical rule at x from y0 to y1."""
    return x0 - RULE_THICKNESS <= x <= x1 + RULE_THICKNESS and y0 - RULE_THICKNESS <= y <= y1 + RULE_THICKNESS


def _distinct(values, tolerance=RULE_THICKNESS):
    """The values in order, each within the tolerance of the one before taken as the same."""
    distinct = []
    for value in sorted(values):
        if not distinct or value - distinct[-1] > tolerance:
            distinct.append(value)
    return distinct


def _centre(word):
    return (word.x0 + word.x1) / 2


def _middle(word):
    return word.baseline - word.size * 0.3


def _table_rows(words, verticals, rows, page):
    """The table's rows as lines with cells; a row's cells are split by the rules that cross it, so a cell
    spanning columns stays one, and empty cells at the end of a row are left out."""
    lines = []
    for top, bottom in zip(rows, rows[1:], strict=False):
        middle = (top + bottom) / 2
        edges = _distinct(x for x, y0, y1 in verticals if y0 <= middle <= y1)
        row_words = [word for word in words if top <= _middle(word) < bottom]
        if not row_words or len(edges) < 2:
            continue
        cells = []
        for left, right in zip(edges, edges[1:], strict=False):
            cell_words = [word for word in row_words if left <= _centre(word) < right]
            cells.append(_join_lines(_make_line(group, page).text for group in _group_lines(cell_words)))
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append(Line([], page, " | ".join(cells), edges[0], edges[-1], top, cells=cells))
    return lines


# Running headers and footers, and columns.


def _drop_furniture(pages, body_size):
    """Take out running headers and footers, known by their repeating at the same place on many pages or, on
    a short document, by standing apart at the top or foot of the page in small type; and page numbers."""
    edges = [_edge_lines(page) for page in pages]
    counts = Counter(key for lines in edges for key in {_furniture_key(line) for line in lines})
    least = max(2, FURNITURE_SHARE * len(pages))
    for page, lines in zip(pages, edges, strict=True):
        furniture = [
            line
            for line in lines
            if counts[_furniture_key(line)] >= least
            or PAGE_NUMBER.match(line.text)
            or _set_apart(line, page.lines, body_size)
        ]
        page.lines = [line for line in page.lines if not any(line is other for other in furniture)]


def _edge_lines(page):
    """The first and last lines of text on the page, when they are near its top or foot."""
    text = [line for line in page.lines if line.cells is None]
    band = FURNITURE_BAND * page.height
    candidates = text[:FURNITURE_LINES] + text[FURNITURE_LINES:][-FURNITURE_LINES:]
    return [line for line in candidates if line.baseline < band or line.baseline > page.height - band]


def _set_apart(line, lines, body_size):
    """Whether the line is the page's first, or its last but not a footnote, in type smaller than the body's and
    far from the other lines."""
    if line.size >= body_size or len(lines) < 2:
        return False
    if line is lines[0]:
        return lines[1].baseline - line.baseline >= FURNITURE_GAP * body_size
    if line is lines[-1] and not _note_start(line):
        return line.baseline - lines[-2].baseline >= FURNITURE_GAP * body_size
    return False


def _furniture_key(line):
    # Page numbers inside a running header or footer change from page to page; the rest stays.
    return round(line.baseline / 4), re.sub(r"\d+", "#", line.text.lower())


def _reading_order(page):
    """The page's lines column by column, each told its column and the column's edges."""
    gutter = _gutter(page)
    if gutter is None:
        columns = [page.lines]
    else:
        # Lines across the gutter (a title over both columns) come between the columns above and below them. The
        # words on either side are grouped into lines anew, so a line of one column never takes in the other's.
        columns, left, right, across = [], [], [], []
        for line in page.lines:
            if _crosses(line, gutter):
                columns += [_column(left, page.number), _column(right, page.number)]
                left, right = [], []
                across.append(line)
                continue
            if across:
                columns.append(across)
                across = []
            if line.cells is not None:
                (left if line.x1 <= gutter else right).append(line)
            else:
                left.extend(word for word in line.words if word.x1 <= gutter)
                right.extend(word for word in line.words if word.x0 >= gutter)
        columns += [_column(left, page.number), _column(right, page.number), across]
    ordered = []
    for index, lines in enumerate(column for column in columns if column):
        left_edge, right_edge = min(line.x0 for line in lines), max(line.x1 for line in lines)
        for line in lines:
            line.column, line.left, line.right = (page.number, index), left_edge, right_edge
        ordered.extend(lines)
    return ordered


def _column(parts, number):
    """A column's lines from its words and table rows, top to bottom."""
    words = [part for part in parts if isinstance(part, Word)]
    lines = [part for part in parts if isinstance(part, Line)]
    lines.extend(_make_line(group, number) for group in _group_lines(words))
    return sorted(lines, key=lambda line: line.baseline)


def _crosses(line, x):
    return any(x0 < x < x1 for x0, x1 in _spans(line))


def _gutter(page):
    """The middle of the empty strip between two columns, or None when the page is in one column."""
    lines = page.lines
    width = int(page.width)
    if len(lines) < 2 * GUTTER_LINES or width < 4 * GUTTER_WIDTH:
        return None
    # How many lines have a word (or a table) over each point across the page, counted with a difference array.
    starts = [0] * (width + 2)
    for line in lines:
        for x0, x1 in _spans(line):
            starts[min(max(int(x0), 0), width)] += 1
            starts[min(max(int(x1) + 1, 0), width + 1)] -= 1
    cover = list(accumulate(starts))
    # The widest strip of the middle half that no line crosses or, when some lines do (a title over both columns),
    # that the fewest cross.
    middle = range(width // 4, 3 * width // 4)
    for crossing in range(max(1, int(GUTTER_CROSSING * len(lines))) + 1):
        strips = (list(xs) for quiet, xs in groupby(middle, key=lambda x: cover[x] <= crossing) if quiet)
        strip = max(strips, key=len, default=[])
        if len(strip) >= GUTTER_WIDTH:
            break
    else:
        return None
    gutter = (strip[0] + strip[-1]) / 2
    on_left = sum(1 for line in lines if any(x1 < gutter for _, x1 in _spans(line)))
    on_right = sum(1 for line in lines if any(x0 > gutter for x0, _ in _spans(line)))
    return gutter if min(on_left, on_right) >= GUTTER_LINES else None


def _spans(line):
    """Where the line has ink across the page: each word, or a table row whole."""
    return [(line.x0, line.x1)] if line.cells is not None else [(word.x0, word.x1) for word in line.words]


# Footnotes and blocks.


def _take_footnotes(lines, body_size):
    """The lines without the footnotes at the foot of each column, and the footnotes as blocks."""
    kept, notes = [], []
    for _, group in groupby(lines, key=lambda line: line.column):
        column = list(group)
        small = len(column)
        while small and column[small - 1].cells is None and column[small - 1].size <= NOTE_SIZE * body_size:
            small -= 1
        # Small lines above the first that starts with a number (a caption, a source) stay in the text.
        first = next((i for i in range(small, len(column)) if _note_start(column[i])), len(column))
        kept.extend(column[:first])
        for line in column[first:]:
            note = _note_start(line)
            if note:
                notes.append(Block(NOTE, note[1], marker=note[0], page=line.page))
            else:
                notes[-1].text = _join_lines([notes[-1].text, line.text])
    return kept, notes


def _note_start(line):
    """(marker, text) when the line starts a footnote: with a superscript number, or a number and a space."""
    if line.leading_marker:
        return line.leading_marker, line.text
    number = re.match(r"(\d{1,3})\.?\s+(\S.*)", line.text)
    return (number[1], number[2]) if number else None


@dataclass
class Draft:
    """A block being gathered from lines."""

    kind: str
    lines: list
    # Where the block's next line starts, from the column's left edge (an item's text, past its marker).
    indent: float
    marker: str = ""
    marker_indent: float = 0


def _blocks(lines, body_size):
    spacing = _usual_spacing(lines)
    drafts = []
    previous = None
    for line in lines:
        draft = drafts[-1] if drafts else None
        if draft and _continues(draft, previous, line, body_size, spacing):
            offset = line.x0 - line.left
            # A paragraph whose first line was indented, or that starts with its number and wraps back under it
            # ("3.14 The panel" / "advises"), goes on at the column's edge: it is text, its number kept in it.
            if draft.kind != HEADING and abs(offset - draft.indent) > INDENT_SLACK:
                draft.kind, draft.indent, draft.marker = TEXT, offset, ""
            draft.lines.append(line)
        else:
            drafts.append(_start(line, body_size))
        previous = line

    # The words printed inside lines, away from the line ends where broken words sit: a hyphenated word among
    # them is a real one wherever it breaks.
    vocabulary = {word.lower() for line in lines for word in WORD.findall(_text(line.words[1:-1]))}
    heading_sizes = sorted({draft.lines[0].size for draft in drafts if draft.kind == HEADING}, reverse=True)
    item_indents = _distinct([draft.marker_indent for draft in drafts if draft.kind == ITEM], INDENT_SLACK)
    blocks = []
    for draft in drafts:
        first = draft.lines[0]
        if draft.kind == ROW:
            blocks.append(Block(ROW, first.text, cells=first.cells, page=first.page))
            continue
        texts = [_text(first.words[1:]) if draft.kind == ITEM else first.text] + [line.text for line in draft.lines[1:]]
        text = _join_lines(texts, vocabulary)
        kind, level = draft.kind, 0
        if kind == HEADING:
            level = heading_sizes.index(first.size) + 1
        elif kind == ITEM:
            level = bisect_right(item_indents, draft.marker_indent + INDENT_SLACK)
        elif kind == QUOTE and len(draft.lines) == 1 and not first.italic:
            kind = TEXT
        blocks.append(Block(kind, text, level, draft.marker, page=first.page))
    return blocks


def _usual_spacing(lines):
    """The distance between the baselines of consecutive lines of a paragraph, per point of font size.

    The most common distance over all lines is that between paragraphs when most paragraphs have a line or two
    (a one-line label above each two-line paragraph); below lines that ran to the column's edge, which a paragraph
    goes on after, the most common one is the line spacing even then. Either may be thrown by an odd layout (a
    single line wider than the rest); the lines of a paragraph are never further apart than paragraphs, so the
    smaller one is taken."""
    gaps = [
        (round((line.baseline - before.baseline) / line.size, 1), _full(before))
        for before, line in zip(lines, lines[1:], strict=False)
        if line.column == before.column and line.size == before.size > 0 and line.baseline > before.baseline
    ]
    overall = _most_common(gap for gap, _ in gaps)
    inside = _most_common(gap for gap, full in gaps if full)
    return min((spacing for spacing in (overall, inside) if spacing), default=1.2)


def _continues(draft, previous, line, body_size, spacing):
    """Whether the line goes on with the block above it."""
    heading = _is_heading(line, body_size)
    if line.cells is not None or draft.kind == ROW or heading != (draft.kind == HEADING) or line.size != previous.size:
        return False
    if line.column == previous.column:
        gap = line.baseline - previous.baseline
        if not 0 < gap <= (HEADING_SPACING if heading else GAP_RATIO * spacing) * line.size:
            return False
    # Over a column or page break a block goes on when its last line ran to the edge, as a broken paragraph's does.
    elif heading or not _full(previous, draft):
        return False
    if heading:
        return True
    # A paragraph's lines run on towards the column's edge, so a first line that stops before the middle of the
    # column is a line of its own (a banner, a date, a label such as "PRESS RELEASE"), not the paragraph's start,
    # unless it breaks a word or the next line goes on in lower case.
    if (
        draft.kind == TEXT
        and len(draft.lines) == 1
        and previous.x1 - previous.left < SHORT_LINE * (previous.right - previous.left)
        and not BROKEN.search(previous.text)
        and not line.text[:1].islower()
    ):
        return False
    offset = line.x0 - line.left
    # A list marker right after a full line at the usual spacing is a number in the sentence: "in para" / "(2) after".
    if _list_marker(line) and not (line.column == previous.column and _full(previous, draft)):
        return False
    returns_left = draft.kind in (TEXT, QUOTE) and len(draft.lines) == 1 and offset < draft.indent
    # A numbered paragraph's second line goes back under its number when its first ran to the edge; a line there
    # with a marker of its own is the next item of a list whose text hangs.
    under_marker = (
        draft.kind == ITEM
        and len(draft.lines) == 1
        and abs(offset - draft.marker_indent) <= INDENT_SLACK
        and _full(previous, draft)
        and not _list_marker(line)
    )
    return abs(offset - draft.indent) <= INDENT_SLACK or returns_left or under_marker


def _start(line, body_size):
    offset = line.x0 - line.left
    if line.cells is not None:
        return Draft(ROW, [line], offset)
    if _is_heading(line, body_size):
        return Draft(HEADING, [line], offset)
    if _list_marker(line):
        return Draft(ITEM, [line], line.words[1].x0 - line.left, line.words[0].text, offset)
    # An indented paragraph is a quote, unless its next line goes back to the edge.
    return Draft(QUOTE if offset >= line.size else TEXT, [line], offset)


def _is_heading(line, body_size):
    return line.size >= HEADING_SIZE * body_size or (line.bold and line.size >= body_size)


def _list_marker(line):
    return len(line.words) > 1 and not line.words[0].marker and LIST_MARKER.match(line.words[0].text)


def _full(line, draft=None):
    """Whether the line ran to the right edge: the column's, or for a quote being gathered its own margin."""
    quote_lines = draft.lines if draft and draft.kind == QUOTE and len(draft.lines) > 1 else []
    right = max((quote_line.x1 for quote_line in quote_lines), default=line.right)
    return line.x1 >= right - EDGE_SLACK * line.size


def _join_lines(texts, vocabulary=frozenset()):
    """Lines joined into one text. A dash that ends a line against its word joins the next line without a space;
    a hyphen is dropped when it split a word ("recom-" / "mendation", or in capitals "RECOM-" / "MENDS"), but kept
    when the next line starts in capitals after a word in lower case ("non-" / "EU") or in figures, when it starts
    with a short word in capitals ("ANTI-" / "EU"), when a dictionary would not split the word there ("well-" /
    "known"), and when the document prints the hyphenated word inside a line elsewhere."""
    text = ""
    for addition in texts:
        if not text or not addition:
            text = text or addition
        elif not BROKEN.search(text):
            text = f"{text} {addition}"
        else:
            head, tail = WORD_END.search(text)[0], re.match(r"[^\W\d_]*", addition)[0]
            printed = f"{head.lower()}-{tail.lower()}" in vocabulary
            # A line set in capitals breaks its words as any other; a word of two capitals is an abbreviation.
            capitals = head.isupper() and tail.isupper() and len(tail) > SHORT_CAPITALS
            split = text.endswith("-") and (tail[:1].islower() or capitals) and not printed
            word = (head + tail).lower()
            text = (text[:-1] if split and len(head) in HYPHENATION.positions(word) else text) + addition
    return text


def _with_notes(blocks, notes):
    """The blocks with each page's footnotes after the last block that starts on that page or before."""
    placed = []
    for block in blocks:
        while notes and notes[0].page < block.page:
            placed.append(notes.pop(0))
        placed.append(block)
    return placed + notes


def _title(metadata, blocks):
    title = " ".join(metadata.get("Title", "").split())
    if title and not PLACEHOLDER_TITLE.match(title):
        return title
    return next((block.text for block in blocks if block.kind == HEADING and block.level == 1), "")


def _most_common(values):
    counts = Counter(values).most_common(1)
    return counts[0][0] if counts else 0
