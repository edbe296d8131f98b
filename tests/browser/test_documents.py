"""Adding a PDF and a Word file in a real browser, then reading them on the source page: numbered
paragraphs, with the page each starts on for the PDF."""

import re

import pytest
from playwright.sync_api import expect

from tests.docmaker import load_specs
from tests.docmaker.docx import make_docx
from tests.docmaker.pdf import make_pdf

SPEC = load_specs()["uk-commons-liaison-legacy-report"]


@pytest.mark.parametrize(
    ("name", "make", "has_pages"),
    [("legacy-report.pdf", make_pdf, True), ("legacy-report.docx", make_docx, False)],
)
def test_an_editor_adds_a_pdf_or_word_file_and_reads_its_numbered_paragraphs(
    page, live_server, login, bob, seeded, tmp_path, name, make, has_pages
):
    path = tmp_path / name
    path.write_bytes(make(SPEC))
    login(page, bob)
    page.get_by_role("link", name="Add document").click()
    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Add document").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_text("Succeeded")).to_be_visible()
    page.get_by_role("link", name=SPEC["metadata"]["title"]).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SPEC["metadata"]["title"])
    first_text = next(block["text"] for block in SPEC["blocks"] if block["kind"] == "text")
    paragraph = page.locator(".paragraph", has_text=first_text[:60])
    expect(paragraph).to_have_count(1)
    expect(paragraph.locator(".pnum a")).to_have_text(re.compile(r"Paragraph\s*\d+"))
    if has_pages:
        expect(paragraph.locator(".ppage")).to_have_text(re.compile(r"^p\. \d+$"))
        expect(page.locator(".ppage", has_text="p. 2").first).to_be_visible()
    else:
        expect(page.locator(".ppage")).to_have_count(0)
    item = next(block for block in SPEC["blocks"] if block["kind"] == "item")
    expect(page.locator(".item", has_text=item["text"][:50]).first.locator(".marker")).to_have_text(item["marker"])
