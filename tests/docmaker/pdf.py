"""Render a corpus spec as a PDF with the hard parts of real reports: justified text hyphenated at line ends,
nested lists, ruled tables, indented quotes, a running header and page numbers on every page, footnotes at
the foot of the column their marker is in, two columns, and a list that runs over a page break."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

import pyphen
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

# DejaVu comes with the machine image and, unlike the PDF standard fonts, prints any letter the corpus uses.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
}
REGULAR, BOLD, ITALIC = FONT_FILES

HYPHENATION = pyphen.Pyphen(lang="en_GB")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 72
GUTTER = 24
BODY_SIZE = 10
HEADING_SIZES = {1: 18, 2: 14, 3: 12, 4: 11}
NOTE_SIZE = 7.5
FURNITURE_SIZE = 8
# Room above a column's first footnote for the short rule that sets the notes apart, and between notes.
NOTE_RULE_SPACE = 8
NOTE_SPACE = 2
# Each list level moves the marker this far right, and an item's text starts at least this far from its marker.
LIST_STEP = 18
# The second item of a document's first list starts with only this much room left, so the list runs over a break.
ROOM_IN_LIST = 36
CELL_SIZE = 9
# Reportlab's table cells are padded by 6 points on the left and on the right.
CELL_PADDING = 12


def make_pdf(
    spec, *, columns=1, running_header=True, page_numbers=True, hyphenate=True, footnotes=True, pages_at_least=0
):
    """The spec's blocks as PDF bytes. With footnotes=False the notes and their markers are left out;
    pages_at_least repeats the blocks until the PDF has at least that many pages."""
    _register_fonts()
    options = dict(
        metadata=spec.get("metadata", {}),
        columns=columns,
        running_header=running_header,
        page_numbers=page_numbers,
        hyphenate=hyphenate,
        footnotes=footnotes,
    )
    copies = 1
    while True:
        pdf, pages = _render(_repeat(spec["blocks"], copies), **options)
        if pages >= pages_at_least:
            return pdf
        # Estimate the copies from the pages one takes, with one more for what the estimate misses.
        copies = max(copies + 1, -(-pages_at_least * copies // pages) + 1)


def _register_fonts():
    for name, filename in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


def _repeat(blocks, copies):
    """The blocks `copies` times over, each copy's notes pointing into their own copy."""
    return [
        {**block, "after": block["after"] + copy * len(blocks)} if block["kind"] == "note" else block
        for copy in range(copies)
        for block in blocks
    ]


def _render(blocks, metadata, columns, running_header, page_numbers, hyphenate, footnotes):
    out = io.BytesIO()
    doc = _Document(out, metadata, columns, running_header, page_numbers)
    doc.build(_flowables(blocks, _styles(hyphenate), footnotes, doc.footnotes, doc.column_width))
    return out.getvalue(), doc.page


def _split_points(word):
    """Where a long word may break at a line end, as (head, tail) pairs: at pyphen's points ("recom-" /
    "mendation"), and never in a word with a hyphen of its own, which pyphen would split before that hyphen
    (and a break after it, "anti-" / "ageing", no reader can tell from a split word without a dictionary)."""
    return [] if "-" in word else HYPHENATION.iterate(word)


def _styles(hyphenate):
    body = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * 1.3,
        alignment=TA_JUSTIFY,
        spaceAfter=6,
        hyphenationLang=_split_points if hyphenate else "",
        hyphenationMinWordLength=8,
        embeddedHyphenation=0,
        uriWasteReduce=0,
    )
    styles = {
        "text": body,
        "quote": ParagraphStyle("quote", body, fontName=ITALIC, leftIndent=28, rightIndent=28),
        "note": ParagraphStyle("note", body, fontSize=NOTE_SIZE, leading=NOTE_SIZE * 1.25, spaceAfter=0),
    }
    for level, size in HEADING_SIZES.items():
        styles[f"heading {level}"] = ParagraphStyle(
            f"heading {level}",
            body,
            fontName=BOLD,
            fontSize=size,
            leading=size * 1.25,
            alignment=TA_LEFT,
            spaceBefore=10,
            keepWithNext=1,
            hyphenationLang="",
        )
    return styles


def _flowables(blocks, styles, footnotes, footnote_state, width):
    """Platypus flowables for the blocks, each note's marker after the block it points at."""
    notes_after = {}
    for block in blocks:
        if footnotes and block["kind"] == "note":
            notes_after.setdefault(block["after"], []).append(block)
    flowables = []
    list_placed = False
    for group in _groups(blocks):
        index, block = group[0]
        kind = block["kind"]
        notes = [note for i, _ in group for note in notes_after.get(i, [])]
        if kind == "note":
            continue
        if kind == "row":
            flowables.append(_table([(b["cells"], notes_after.get(i, [])) for i, b in group], width))
        elif kind == "item":
            # Once a document, before a list's second item.
            if not list_placed and index and blocks[index - 1]["kind"] == "item":
                flowables.append(_LeaveRoom(ROOM_IN_LIST))
                list_placed = True
            flowables.append(_item(block, styles["text"], notes))
        else:
            style = styles[f"heading {min(block.get('level') or 1, 4)}"] if kind == "heading" else styles[kind]
            flowables.append(Paragraph(escape(block["text"]) + _markers(notes), style))
        for note in notes:
            text = f"<super>{escape(note['marker'])}</super> {escape(note['text'])}"
            flowables.append(_FootnoteSpace(Paragraph(text, styles["note"]), footnote_state))
    return flowables


def _groups(blocks):
    """Lists of (index, block): a run of table rows together, every other block alone."""
    groups = []
    for index, block in enumerate(blocks):
        if block["kind"] == "row" and groups and groups[-1][-1][1]["kind"] == "row":
            groups[-1].append((index, block))
        else:
            groups.append([(index, block)])
    return groups


def _markers(notes):
    return f"<super>{','.join(escape(note['marker']) for note in notes)}</super>" if notes else ""


def _item(block, style, notes):
    level = block.get("level") or 1
    marker = block.get("marker") or "•"
    marker_left = (level - 1) * LIST_STEP
    marker_width = pdfmetrics.stringWidth(marker, REGULAR, BODY_SIZE)
    item_style = ParagraphStyle(
        "item",
        style,
        bulletIndent=marker_left,
        leftIndent=marker_left + max(LIST_STEP, marker_width + 6),
        bulletFontName=REGULAR,
        bulletFontSize=BODY_SIZE,
    )
    return Paragraph(escape(block["text"]) + _markers(notes), item_style, bulletText=marker)


def _table(rows, width):
    """Rows as a ruled table of equal columns; a row of one cell spans the table, and a note's marker goes after
    its row's last cell."""
    columns = max(len(cells) for cells, _ in rows)
    # Smaller type when a column is too narrow for its longest word, which would otherwise be cut in two.
    words = [word for cells, _ in rows for cell in cells for word in cell.split()]
    longest = max((pdfmetrics.stringWidth(word, REGULAR, CELL_SIZE) for word in words), default=1)
    size = min(CELL_SIZE, CELL_SIZE * (width / columns - CELL_PADDING) / longest)
    style = ParagraphStyle("cell", fontName=REGULAR, fontSize=size, leading=size * 1.25)
    data, commands = [], [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for index, (cells, notes) in enumerate(rows):
        if len(cells) == 1:
            commands.append(("SPAN", (0, index), (-1, index)))
        cells = [escape(cell) for cell in cells] + [""] * (columns - len(cells))
        cells[-1] += _markers(notes)
        data.append([Paragraph(cell, style) for cell in cells])
    table = Table(data, colWidths=[width / columns] * columns, style=TableStyle(commands))
    table.spaceAfter = 6
    return table


class _LeaveRoom(Flowable):
    """Blank space that leaves only `room` points at the foot of the column."""

    def __init__(self, room):
        super().__init__()
        self.room = room

    def wrap(self, width, height):
        return width, max(0, height - self.room)

    def draw(self):
        pass


class _FootnoteSpace(Flowable):
    """Placed after the block with a footnote's marker: takes room for the note at the foot of that column."""

    def __init__(self, note, footnotes):
        super().__init__()
        self.note = note
        self.footnotes = footnotes

    def frameAction(self, frame):
        self.footnotes.place(self.note, frame)


class _Footnotes:
    """The notes of the page being laid out, by column (platypus frame), drawn when the page ends."""

    def __init__(self):
        self.by_frame = {}
        # Notes whose marker came too near the foot of a column go to the foot of the next one.
        self.waiting = []

    def place(self, note, frame):
        height = self._height(note, frame)
        # The note and a line of text at least must still fit below the marker.
        if frame._y - frame._y1p < height + BODY_SIZE:
            self.waiting.append(note)
        else:
            self._reserve(note, height, frame)

    def frame_begins(self, frame):
        # Platypus reuses a frame on every page: give it back the height earlier notes took.
        frame._geom()
        for note in self.waiting:
            self._reserve(note, self._height(note, frame), frame)
        self.waiting = []

    def _height(self, note, frame):
        rule = 0 if frame in self.by_frame else NOTE_RULE_SPACE
        return note.wrap(frame._width, frame._height)[1] + NOTE_SPACE + rule

    def _reserve(self, note, height, frame):
        # Raising the column's bottom keeps the text that follows above the note.
        frame._y1p += height
        self.by_frame.setdefault(frame, []).append(note)

    def draw(self, canvas):
        for frame, notes in self.by_frame.items():
            top = frame._y1p
            canvas.setStrokeColor(colors.grey)
            canvas.line(frame._x1, top - 3, frame._x1 + 0.3 * frame._width, top - 3)
            y = top - NOTE_RULE_SPACE
            for note in notes:
                y -= note.wrap(frame._width, frame._height)[1]
                note.drawOn(canvas, frame._x1, y)
                y -= NOTE_SPACE
        self.by_frame = {}


class _Document(BaseDocTemplate):
    def __init__(self, out, metadata, columns, running_header, page_numbers):
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=metadata.get("title") or "",
            author=metadata.get("author") or "",
            creator="Tracker test documents",
        )
        self.footnotes = _Footnotes()
        self.header = (metadata.get("title") or metadata.get("publisher") or "") if running_header else ""
        self.page_numbers = page_numbers
        # One column says "Page 3", two columns just "3": readers meet both.
        self.page_label = "Page {}" if columns == 1 else "{}"
        width = self.column_width = (self.width - GUTTER * (columns - 1)) / columns
        frames = [
            Frame(
                self.leftMargin + column * (width + GUTTER),
                self.bottomMargin,
                width,
                self.height,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            for column in range(columns)
        ]
        self.addPageTemplates([PageTemplate(frames=frames, onPageEnd=self._finish_page)])

    def handle_frameBegin(self, *args, **kwargs):
        super().handle_frameBegin(*args, **kwargs)
        self.footnotes.frame_begins(self.frame)

    def _finish_page(self, canvas, doc):
        self.footnotes.draw(canvas)
        canvas.saveState()
        canvas.setFont(REGULAR, FURNITURE_SIZE)
        canvas.setFillColor(colors.grey)
        if self.header:
            canvas.drawString(MARGIN, PAGE_HEIGHT - MARGIN + 30, _shorten(self.header, PAGE_WIDTH - 2 * MARGIN))
        if self.page_numbers:
            canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN - 36, self.page_label.format(self.page))
        canvas.restoreState()


def _shorten(text, width):
    """The text, cut at a word and ended with an ellipsis when it is wider than the page."""
    shortened = text
    while pdfmetrics.stringWidth(shortened, REGULAR, FURNITURE_SIZE) > width and " " in text:
        text = text.rsplit(" ", 1)[0]
        shortened = f"{text} …"
    return shortened
