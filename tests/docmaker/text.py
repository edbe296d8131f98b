"""Corpus specs written as plain text, as a report saved as .txt looks: a blank line between blocks, list
items with their markers (indented by depth), quotations indented, table rows as their cells separated by " | ".
Plain text carries no more structure than that, so its reader guesses the rest (bench/reading.py measures it)."""


def as_text(spec):
    lines = []
    for block in spec["blocks"]:
        kind = block["kind"]
        if kind == "note":
            continue
        if kind == "item":
            indent = "    " * ((block.get("level") or 1) - 1)
            lines.append(f"{indent}{block['marker']} {block['text']}")
        elif kind == "row":
            lines.append(" | ".join(block["cells"]))
        elif kind == "quote":
            lines.append(f"    {block['text']}")
        else:
            lines.append(block["text"])
        lines.append("")
    return "\n".join(lines)
