"""Test documents made from the corpus in tests/fixtures/documents/: each JSON file holds real text
and the blocks a reader must find in it; the makers here render it as PDF, Word or HTML."""

import json
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


def load_specs():
    """{slug: spec} for every document of the corpus."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.json"))}


def squash(text):
    return re.sub(r"\s+", " ", text or "").strip()


def expected_paragraphs(spec):
    """The (kind, text) pairs a reader must give, in order: every block but footnotes, which stand apart."""
    return [(block["kind"], squash(_text(block))) for block in spec["blocks"] if block["kind"] != "note"]


def read_paragraphs(read_document):
    return [(block.kind, squash(block.text)) for block in read_document.blocks if block.kind != "note"]


def _text(block):
    return " | ".join(block["cells"]) if block["kind"] == "row" else block["text"]


def accuracy(expected, read):
    """Share of the expected paragraphs read exactly (same kind and text), in any position."""
    if not expected:
        return 1.0
    remaining = list(read)
    hits = 0
    for pair in expected:
        if pair in remaining:
            remaining.remove(pair)
            hits += 1
    return hits / len(expected)
