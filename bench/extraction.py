"""How well recommendations are found, over the labelled corpus in tests/fixtures/reports/.

    .venv/bin/python bench/extraction.py

1. Recall and precision of tracker.recommendations.finder over the 32 report excerpts (read as Markdown), per
   shape and overall, against expected.json, which was written by hand before any finder ran. A found
   recommendation matches an expected one when their texts are the same words: whitespace squashed, a leading
   marker or label ("3.", "(b)", "Recommendation 2:", "First,") and trailing punctuation ignored; nothing else.
   The documents that fall short are listed with what was missed and what was found beyond the answer. For
   the matched ones, the share whose actor, title and response agree is shown too.
2. The same for every document made into a Word file and a PDF (tests/docmaker) and read back, since
   recommendations are found in blocks, whatever format they came from.
3. The seeds: the policy brief read as plain text must give exactly its three recommendations, verbatim, and
   the news article none.

4. The eight held-out corpora (tests/fixtures/reports-heldout to reports-heldout-8), each labelled before the finder
   ran on it. The misses of the first seven shaped later rules: the fifth's first contact was recall 0.53 and
   precision 0.81, the sixth's 0.32 and 0.62, the seventh's 0.37 and 0.54. The eighth (reports-heldout-8) has had
   no rule written against it: it measures the finder on reports it has never seen.

The goal is recall and precision of 0.95 or better over the corpus.
"""

import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from tests.docmaker.docx import make_docx  # noqa: E402
from tests.docmaker.pdf import make_pdf  # noqa: E402
from tracker.recommendations.finder import Found, find_recommendations  # noqa: E402
from tracker.sources import extraction  # noqa: E402
from tracker.sources.readers import read_docx, read_markdown, read_pdf, read_text  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "reports"
HELD_OUT = ROOT / "tests" / "fixtures" / "reports-heldout"
# Labelled after the rules for the first held-out set were written: documents no rule was written against.
HELD_OUT_2 = ROOT / "tests" / "fixtures" / "reports-heldout-2"
HELD_OUT_3 = ROOT / "tests" / "fixtures" / "reports-heldout-3"
HELD_OUT_4 = ROOT / "tests" / "fixtures" / "reports-heldout-4"
HELD_OUT_5 = ROOT / "tests" / "fixtures" / "reports-heldout-5"
HELD_OUT_6 = ROOT / "tests" / "fixtures" / "reports-heldout-6"
# The seventh's misses shaped later rules too; its first contact was recall 0.37 and precision 0.54.
HELD_OUT_7 = ROOT / "tests" / "fixtures" / "reports-heldout-7"
# No rule has been written against the eighth: its figure is the finder's on reports it has never seen.
HELD_OUT_8 = ROOT / "tests" / "fixtures" / "reports-heldout-8"
HELD_OUT_CORPORA = [HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, HELD_OUT_5, HELD_OUT_6, HELD_OUT_7, HELD_OUT_8]
# The unseen corpus, printed as such.
UNSEEN = HELD_OUT_8
# Recall and precision on first contact, before any rule was written against the corpus, where recorded.
FIRST_CONTACT = {HELD_OUT_5: (0.53, 0.81), HELD_OUT_6: (0.32, 0.62), HELD_OUT_7: (0.37, 0.54)}
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]
SEEDS = ROOT / "seeds"
BRIEF = "policy-brief-russia-ukraine-ceasefire-recommendations.txt"
NEWS = "news-article-seven-weeks-until-trump.txt"
GOAL = 0.95

# A label or marker in front of the text, which the labels leave out and a finder may keep or drop; a label in
# capitals ("RECOMMENDATION 42:") is a label too.
LEADING_LABEL = re.compile(
    r"^(?:\([A-Z]{1,4}\)\s*)?"
    r"(?:(?i:Recommendation|Rec\.?)\s*\d[\w.()]*\s*[:.–—-]?\s+"
    r"|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]\s+"
    r"|\(\d{1,3}\)\s+"
    r"|\d{1,2}(?:\.\d{1,3})+\s+"
    r"|(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Finally),\s+"
    r"|[-•·*?]\s+)"
)


def comparable(text):
    """A recommendation's words as compared: whitespace squashed, without a leading label or trailing punctuation."""
    text = " ".join((text or "").split())
    text = LEADING_LABEL.sub("", text, count=1)
    return text.rstrip(" .;,:")


@dataclass
class Result:
    slug: str
    shape: str
    expected: list
    found: list
    # Pairs of (expected recommendation, found recommendation) whose texts match.
    matched: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    extra: list = field(default_factory=list)


def load_expected(corpus=CORPUS):
    return json.loads((corpus / "expected.json").read_text(encoding="utf-8"))["documents"]


def score(slug, shape, expected, found):
    """Match found to expected recommendations one to one, by their comparable text."""
    result = Result(slug, shape, expected, found)
    remaining = list(found)
    for recommendation in expected:
        wanted = comparable(recommendation["text"])
        match = next((item for item in remaining if comparable(item.text) == wanted), None)
        if match is None:
            result.missed.append(recommendation)
        else:
            remaining.remove(match)
            result.matched.append((recommendation, match))
    result.extra = remaining
    return result


def corpus_results(read=None, find=find_recommendations, corpus=None):
    """One Result per corpus document; `read` turns a document's Markdown blocks into the blocks to search
    (the Markdown blocks themselves by default)."""
    corpus = corpus or CORPUS
    results = []
    for slug, answer in load_expected(corpus).items():
        blocks = read_markdown((corpus / f"{slug}.md").read_text(encoding="utf-8")).blocks
        if read is not None:
            blocks = read(blocks)
        results.append(score(slug, answer["shape"], answer["recommendations"], find(blocks)))
    return results


def find_as_before(blocks):
    """The baseline: the finder this one replaces (tracker.sources.extraction), its paragraphs as found."""
    indexes, _ = extraction.find_recommendations(blocks)
    return [Found([index], blocks[index].text) for index in indexes]


def totals(results):
    """(recall, precision) over all results; 1.0 where nothing was expected or nothing found."""
    expected = sum(len(result.expected) for result in results)
    found = sum(len(result.found) for result in results)
    hits = sum(len(result.matched) for result in results)
    return (hits / expected if expected else 1.0), (hits / found if found else 1.0)


def as_spec(blocks, title=""):
    """Blocks as a docmaker spec, so that tests/docmaker can print them as Word or PDF."""
    return {
        "metadata": {"title": title},
        "blocks": [
            {"kind": block.kind, "level": block.level, "marker": block.marker, "text": block.text, "cells": block.cells}
            for block in blocks
        ],
    }


def seeds_result():
    """(the brief's recommendations as printed, what the finder found in it, what it found in the news article).
    The brief prints its three recommendations as "- " lines under "Recommendations"; those lines are the answer."""
    brief = (SEEDS / BRIEF).read_text(encoding="utf-8")
    printed = [line[2:].strip() for line in brief.splitlines() if line.startswith("- ")]
    found = [item.text for item in find_recommendations(read_text(brief).blocks)]
    news = [item.text for item in find_recommendations(read_text((SEEDS / NEWS).read_text(encoding="utf-8")).blocks)]
    return printed, found, news


def _ratio(numerator, denominator):
    return f"{numerator / denominator:.2f}" if denominator else "  — "


def _agreement(results, field_name):
    """How many matched recommendations agree on a field (actor case-insensitively), among those it applies to."""
    agree = total = 0
    for result in results:
        for expected, found in result.matched:
            wanted = expected.get(field_name, "")
            if field_name in ("title", "response") and not wanted:
                continue
            total += 1
            got = getattr(found, field_name)
            agree += got.casefold() == wanted.casefold() if field_name == "actor" else got == wanted
    return agree, total


def print_table(results, title):
    print(f"\n{title}")
    shapes = defaultdict(lambda: Counter())
    for result in results:
        counts = shapes[result.shape]
        counts["documents"] += 1
        counts["expected"] += len(result.expected)
        counts["found"] += len(result.found)
        counts["hits"] += len(result.matched)
    print(f"  {'shape':<32} {'docs':>4} {'expected':>8} {'found':>6} {'recall':>7} {'precision':>9}")
    for shape, counts in sorted(shapes.items()):
        print(
            f"  {shape:<32} {counts['documents']:>4} {counts['expected']:>8} {counts['found']:>6} "
            f"{_ratio(counts['hits'], counts['expected']):>7} {_ratio(counts['hits'], counts['found']):>9}"
        )
    recall, precision = totals(results)
    expected = sum(len(result.expected) for result in results)
    found = sum(len(result.found) for result in results)
    print(f"  {'OVERALL':<32} {len(results):>4} {expected:>8} {found:>6} {recall:>7.2f} {precision:>9.2f}")
    verdict = "meets" if recall >= GOAL and precision >= GOAL else "misses"
    print(f"  ({verdict} the goal of {GOAL:.2f} for both)")
    return recall, precision


def print_shortfalls(results):
    short = [result for result in results if result.missed or result.extra]
    if not short:
        print("  No document falls short.")
    for result in short:
        print(f"  {result.slug} ({result.shape}): {len(result.matched)}/{len(result.expected)} found")
        for recommendation in result.missed:
            print(f"    missed [{recommendation['label']}] {_clip(recommendation['text'])}")
        for item in result.extra:
            print(f"    extra  [{item.label}] {_clip(item.text)}")


def _clip(text, width=110):
    return text if len(text) <= width else text[: width - 1] + "…"


def print_agreement(results):
    for field_name in ("actor", "title", "response"):
        agree, total = _agreement(results, field_name)
        print(f"  {field_name:<9} agrees on {agree}/{total} matched recommendations ({_ratio(agree, total)})")
    for result in results:
        for expected, found in result.matched:
            if found.actor.casefold() != expected.get("actor", "").casefold():
                print(f"    actor {result.slug} [{expected['label']}]: {found.actor!r}, labelled {expected['actor']!r}")


def main():
    results = corpus_results()
    print_table(results, f"Markdown corpus ({CORPUS.relative_to(ROOT)})")
    before = corpus_results(find=find_as_before)
    recall, precision = totals(before)
    hits = sum(len(result.matched) for result in before)
    expected = sum(len(result.expected) for result in before)
    found = sum(len(result.found) for result in before)
    print(f"  Baseline, the finder it replaces: {hits} of {expected} found, {found} in all:", end=" ")
    print(f"recall {recall:.2f}, precision {precision:.2f}")
    print("\nDocuments that fall short")
    print_shortfalls(results)
    print("\nFields of the matched recommendations")
    print_agreement(results)

    word = corpus_results(lambda blocks: read_docx(make_docx(as_spec(blocks))).blocks)
    print_table(word, "The same documents as Word files, read back with read_docx")
    print_shortfalls(word)
    try:
        pdf = corpus_results(lambda blocks: read_pdf(make_pdf(as_spec(blocks))).blocks)
    except Exception as error:  # noqa: BLE001 - the PDF maker is still changing; its failure is reported, not fatal
        print(f"\nPDF skipped: the PDF maker failed ({error!r})")
    else:
        print_table(pdf, "The same documents as PDFs, read back with read_pdf")
        print_shortfalls(pdf)

    for ordinal, corpus in zip(ORDINALS, HELD_OUT_CORPORA, strict=True):
        results = corpus_results(corpus=corpus)
        how = "no rule written against it" if corpus == UNSEEN else "its misses shaped later rules"
        if corpus in FIRST_CONTACT and corpus != UNSEEN:
            how += " (first contact {:.2f}/{:.2f})".format(*FIRST_CONTACT[corpus])
        print_table(results, f"{ordinal} held-out corpus ({corpus.relative_to(ROOT)}): {how}")
        print_shortfalls(results)

    printed, found, news = seeds_result()
    print("\nSeeds (read as plain text)")
    exact = found == printed
    print(f"  policy brief: {len(found)} found, {'exactly' if exact else 'NOT exactly'} its {len(printed)} printed")
    if not exact:
        for text in found:
            print(f"    found {_clip(text)}")
    print(f"  news article: {len(news)} found (none wanted)")
    for text in news:
        print(f"    found {_clip(text)}")


if __name__ == "__main__":
    main()
