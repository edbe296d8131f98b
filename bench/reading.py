"""How well and how fast documents are read.

    .venv/bin/python bench/reading.py [--pages 300]

1. Paragraph accuracy per format over the corpus in tests/fixtures/documents/ (real text from public
   reports and articles, with the blocks each must give written down before any reader ran): each document
   is made as PDF (one and two columns, with running headers, page numbers, footnotes and hyphenation),
   as Word, as a report web page, as Markdown where Markdown can write its list markers, and the four real-
   world-shaped news pages are read as they are. Accuracy is the share of expected paragraphs read exactly
   (same kind and text); the goal is 0.95 or better on every format.
2. The time and peak memory to read a PDF of at least --pages pages (made here from the corpus), in a
   process of its own so that its peak is its own: the goal is under 60 s and under 500 MB on this machine.
   The baseline, timed in the same run, is pdfplumber's plain extract_text() over the same file: what
   reading costs beyond getting the characters off the pages.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from tests.docmaker import CORPUS, accuracy, expected_paragraphs, load_specs, read_paragraphs  # noqa: E402
from tests.docmaker.docx import make_docx  # noqa: E402
from tests.docmaker.html import report_page  # noqa: E402
from tests.docmaker.markdown import as_markdown, markdown_can_write  # noqa: E402
from tests.docmaker.pdf import make_pdf  # noqa: E402
from tests.docmaker.text import as_text  # noqa: E402
from tracker.sources.readers import read_docx, read_html, read_markdown, read_pdf, read_text  # noqa: E402

GOAL_ACCURACY = 0.95


def corpus_accuracy():
    specs = load_specs()
    formats = {
        "PDF, one column": lambda spec: read_pdf(make_pdf(spec)),
        "PDF, two columns": lambda spec: read_pdf(make_pdf(spec, columns=2)),
        "Word (.docx)": lambda spec: read_docx(make_docx(spec)),
        "Report as web page": lambda spec: read_html(report_page("report", spec)),
        "Markdown": lambda spec: read_markdown(as_markdown(spec)) if markdown_can_write(spec) else None,
        "Plain text": lambda spec: read_text(as_text(spec)),
    }
    rows = []
    for name, read in formats.items():
        scores, short = [], []
        for slug, spec in specs.items():
            document = read(spec)
            if document is None:
                continue
            score = accuracy(expected_paragraphs(spec), read_paragraphs(document))
            scores.append(score)
            if score < GOAL_ACCURACY:
                short.append(f"{slug} {score:.2f}")
        rows.append((name, len(scores), statistics.mean(scores), min(scores), short))
    pages = sorted((CORPUS / "html").glob("*.html"))
    scores = [accuracy(expected_paragraphs(specs[p.stem]), read_paragraphs(read_html(p.read_bytes()))) for p in pages]
    short = [f"{p.stem} {s:.2f}" for p, s in zip(pages, scores, strict=True) if s < GOAL_ACCURACY]
    rows.append(("News page with furniture", len(scores), statistics.mean(scores), min(scores), short))
    return rows


def timed_read(path, how):
    """Read the PDF at `path` in a child process; (seconds, peak resident MB, blocks or characters)."""
    code = (
        "import os, sys, time, resource, django;"
        f"sys.path.insert(0, {str(ROOT)!r}); os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings');"
        "django.setup();"
        f"data = open({str(path)!r}, 'rb').read(); started = time.perf_counter();"
    )
    if how == "tracker":
        code += (
            "from tracker.sources.document import Limits; from tracker.sources.readers import read_pdf;"
            "result = len(read_pdf(data, Limits(max_pages=2000, max_blocks=200000, max_seconds=600)).blocks);"
        )
    else:
        code += (
            "import io, pdfplumber; pdf = pdfplumber.open(io.BytesIO(data));"
            "result = sum(len(page.extract_text() or '') for page in pdf.pages);"
        )
    code += (
        "elapsed = time.perf_counter() - started;"
        "print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, megabytes, result = output.stdout.split()
    return float(seconds), float(megabytes), int(result)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300, help="pages of the large PDF (default 300)")
    args = parser.parse_args()

    print("Paragraph accuracy over the corpus (share of expected paragraphs read exactly)")
    print(f"{'format':<28} {'docs':>4} {'mean':>6} {'lowest':>7}  below {GOAL_ACCURACY}")
    for name, count, mean, lowest, short in corpus_accuracy():
        print(f"{name:<28} {count:>4} {mean:>6.3f} {lowest:>7.3f}  {', '.join(short) or '-'}")

    specs = load_specs()
    largest = max(specs.values(), key=lambda spec: len(spec["blocks"]))
    started = time.perf_counter()
    pdf = make_pdf(largest, columns=2, pages_at_least=args.pages)
    made = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        baseline = timed_read(file.name, "baseline")
        reading = timed_read(file.name, "tracker")
    pages_read = len(__import__("pypdfium2").PdfDocument(pdf))
    print()
    print(f"A {pages_read}-page two-column PDF ({len(pdf) / 1e6:.1f} MB, made in {made:.0f} s)")
    print(f"{'':<34} {'seconds':>8} {'peak MB':>8}")
    print(f"{'pdfplumber extract_text (baseline)':<34} {baseline[0]:>8.1f} {baseline[1]:>8.0f}")
    print(f"{'Tracker read_pdf':<34} {reading[0]:>8.1f} {reading[1]:>8.0f}   {reading[2]:,} blocks")
    print(f"ratio to baseline: {reading[0] / baseline[0]:.2f}x time; goal under 60 s and under 500 MB")


if __name__ == "__main__":
    main()
