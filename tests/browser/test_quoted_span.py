"""Linking some sentences of a paragraph from a source's page, by keyboard, and reading the quote."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe  # noqa: F401
from tracker.evidence.models import Evidence, sentence_spans


def test_link_two_sentences_of_a_paragraph_by_keyboard(page, live_server, login, bob, brief, article, axe):  # noqa: F811
    paragraph = article.paragraphs.get(number=15)
    sentences = [paragraph.text[start:end] for start, end in sentence_spans(paragraph.text)]
    login(page, bob)
    page.goto(f"{live_server.url}{reverse('sources:detail', args=[article.pk])}")
    page.get_by_role("link", name="Link as evidence (paragraph 15)").focus()
    page.keyboard.press("Enter")
    first = page.get_by_label("From sentence")
    last = page.get_by_label("To sentence")
    expect(first).to_have_value("1")
    expect(last).to_have_value("5")
    assert axe(page) == []

    # Arrow keys walk the sentences; the quote shows as it is chosen, and the run never reads backwards.
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(first).to_have_value("2")
    preview = page.locator("#link-preview-15")
    expect(preview).to_have_text(f"Quoting sentences 2–5: “{' '.join(sentences[1:])}”")
    last.focus()
    for _ in range(4):
        page.keyboard.press("ArrowUp")
    expect(last).to_have_value("1")
    expect(first).to_have_value("1")
    expect(preview).to_contain_text("Quoting sentence 1:")
    last.select_option("3")
    first.select_option("2")
    expect(preview).to_have_text(f"Quoting sentences 2–3: “{sentences[1]} {sentences[2]}”")

    chosen = int(page.locator("#link-choices-15 input:checked").get_attribute("value"))
    page.get_by_role("button", name="Link as evidence").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#p15")
    expect(page.get_by_text("Sentences 2–3 of paragraph 15 linked as evidence")).to_be_visible()
    expect(page.locator("#p15 .cites-evidence")).to_contain_text("(sentences 2–3)")

    # The recommendation's page quotes the two sentences, and shows them marked in their paragraph on request.
    evidence = Evidence.objects.get(recommendation=chosen, paragraph=paragraph)
    quoted = paragraph.text[evidence.sentence_start : evidence.sentence_end]
    page.goto(f"{live_server.url}{reverse('recommendation_detail', args=[chosen])}#evidence")
    item = page.locator(".evidence-list li", has_text=quoted)
    expect(item.locator("blockquote.verbatim")).to_have_text(quoted)
    expect(item.locator("mark")).to_be_hidden()
    item.get_by_text("In its paragraph").focus()
    page.keyboard.press("Enter")
    expect(item.locator(".in-paragraph mark")).to_have_text(f"Quoted: {quoted}")
    expect(item.locator(".in-paragraph p")).to_contain_text(sentences[4])
    assert axe(page) == []
