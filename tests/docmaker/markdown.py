"""Corpus specs written in Markdown."""

import re


def as_markdown(spec):
    """A corpus spec written in Markdown: a table's rows padded to its widest, as a pipe table needs."""
    lines = []
    blocks = [block for block in spec["blocks"] if block["kind"] != "note"]
    for index, block in enumerate(blocks):
        kind = block["kind"]
        if kind == "heading":
            lines.append(f"{'#' * block['level']} {block['text']}")
        elif kind == "text":
            lines.append(block["text"])
        elif kind == "quote":
            lines.append(f"> {block['text']}")
        elif kind == "item":
            marker = "-" if block["marker"] == "•" else block["marker"]
            lines.append(f"{'   ' * ((block.get('level') or 1) - 1)}{marker} {block['text']}")
        elif kind == "row":
            start = index
            while start > 0 and blocks[start - 1]["kind"] == "row":
                start -= 1
            end = index
            while end + 1 < len(blocks) and blocks[end + 1]["kind"] == "row":
                end += 1
            width = max(len(other["cells"]) for other in blocks[start : end + 1])
            row = "| " + " | ".join(block["cells"] + [""] * (width - len(block["cells"]))) + " |"
            lines.append(f"{row}\n|{'---|' * width}" if index == start else row)
            continue
        lines.append("")
    return "\n".join(lines)


def markdown_can_write(spec):
    """Markdown numbers lists "1." or "1)" and bullets them; "(a)" or "2.1" it cannot write."""
    markers = [block["marker"] for block in spec["blocks"] if block["kind"] == "item"]
    return all(marker == "•" or re.fullmatch(r"\d{1,9}[.)]", marker) for marker in markers)
