"""Corpus specs as web pages: a report published as HTML, inside a news site's furniture."""

from html import escape

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {publisher}</title>
<meta name="author" content="{author}"><meta property="og:site_name" content="{publisher}">
<link rel="canonical" href="https://reports.example.org/{slug}"></head>
<body>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience of our site.</p>
<button>Accept all cookies</button></div>
<header class="site-header"><a href="/">{publisher}</a><nav><ul><li><a href="/">Home</a></li>
<li><a href="/reports">Reports</a></li><li><a href="/committees">Committees</a></li></ul></nav></header>
<main><div class="breadcrumbs"><a href="/">Home</a> › <a href="/reports">Reports</a></div>
<div class="share-bar"><span>Share this article</span> <a href="#x">X</a> <a href="#mail">Email</a></div>
<article class="report">
{body}
</article>
<aside class="related"><h2>Related articles</h2><ul><li><a href="/r1">Another report on the same topic</a></li>
<li><a href="/r2">The government's response to an earlier inquiry</a></li></ul></aside>
<section class="newsletter-signup"><h2>Get the newsletter</h2><form><input type="email">
<button>Subscribe</button></form></section></main>
<footer class="site-footer"><ul><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/who">Who we are</a></li></ul></footer></body></html>"""


def report_page(slug, spec):
    """The spec's blocks as a report site writes them: headings, paragraphs, lists (an <ol> where HTML can number
    them, the marker in the text where it cannot: "(a)", "2.1"), one table per run of rows, block quotes, and
    footnotes linked from the text and listed at the end."""
    blocks = spec["blocks"]
    notes = [block for block in blocks if block["kind"] == "note"]
    references = {}
    for number, note in enumerate(notes, start=1):
        link = f'<sup><a href="#note-{number}" id="ref-{number}">{escape(note["marker"])}</a></sup>'
        references[note["after"]] = references.get(note["after"], "") + link
    html = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        run = _run(blocks, index)
        if block["kind"] == "item":
            html.append(_list([(i, blocks[i]) for i in run], references))
        elif block["kind"] == "row":
            rows = []
            width = max(len(blocks[i]["cells"]) for i in run)
            for i in run:
                cells = [f"<td>{escape(cell)}</td>" for cell in blocks[i]["cells"]]
                # A row shorter than the table spans the rest with its last cell, as report tables do.
                span = width - len(cells) + 1
                cells[-1] = f'<td colspan="{span}">' if span > 1 else "<td>"
                cells[-1] += f"{escape(blocks[i]['cells'][-1])}{references.get(i, '')}</td>"
                rows.append(f"<tr>{''.join(cells)}</tr>")
            html.append(f"<table>{''.join(rows)}</table>")
        elif block["kind"] == "heading":
            level = min(block["level"], 6)
            html.append(f"<h{level}>{escape(block['text'])}{references.get(index, '')}</h{level}>")
        elif block["kind"] == "quote":
            html.append(f"<blockquote><p>{escape(block['text'])}{references.get(index, '')}</p></blockquote>")
        elif block["kind"] == "text":
            html.append(f"<p>{escape(block['text'])}{references.get(index, '')}</p>")
        index = run[-1] + 1
    if notes:
        items = "".join(
            f'<li id="note-{number}">{escape(note["text"])} <a href="#ref-{number}">↩</a></li>'
            for number, note in enumerate(notes, start=1)
        )
        html.append(f'<ol class="footnotes">{items}</ol>')
    metadata = {key: escape(value) for key, value in spec["metadata"].items()}
    return PAGE.format(body="\n".join(html), slug=slug, **metadata)


def _run(blocks, start):
    """The indexes of the blocks of the same kind from `start` on (one list, one table)."""
    kind = blocks[start]["kind"]
    end = start
    while end + 1 < len(blocks) and blocks[end + 1]["kind"] == kind and kind in ("item", "row"):
        end += 1
    return list(range(start, end + 1))


def _list(items, references):
    """Items of one list, nested by level, as <ol>/<ul>: each nested list sits inside the item before it."""
    html = []
    open_levels = []
    for index, item in items:
        level = item.get("level") or 1
        while open_levels and open_levels[-1][0] > level:
            html.append(f"</li></{open_levels.pop()[1]}>")
        if open_levels and open_levels[-1][0] == level:
            html.append("</li>")
        else:
            siblings = [other for _, other in items if (other.get("level") or 1) == level]
            tag, attributes = _list_tag(siblings, item)
            html.append(f"<{tag}{attributes}>")
            open_levels.append((level, tag))
        text = escape(item["text"]) + references.get(index, "")
        printed_by_html = item["marker"] == "•" or open_levels[-1][1] == "ol"
        html.append(f"<li>{text if printed_by_html else escape(item['marker']) + ' ' + text}")
    while open_levels:
        html.append(f"</li></{open_levels.pop()[1]}>")
    return "".join(html)


def _list_tag(siblings, first):
    markers = [sibling["marker"] for sibling in siblings[siblings.index(first) :]]
    if all(marker == "•" for marker in markers):
        return "ul", ""
    if all(marker[:-1].isdigit() and marker.endswith(".") for marker in markers):
        return "ol", f' start="{markers[0][:-1]}"'
    return "ul", ' class="marked-in-text"'
