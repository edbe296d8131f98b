"""Linking some sentences of a paragraph by hand: the evidence quotes just those, verbatim."""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from tracker.evidence.models import Evidence, sentence_spans
from tracker.evidence.services import EvidenceError, add_paragraph_evidence
from tracker.sources.services import store_document

ADD = "/evidence/add/"


@pytest.fixture
def paragraph(article):
    """A paragraph of five sentences."""
    paragraph = article.paragraphs.get(number=15)
    assert len(sentence_spans(paragraph.text)) == 5
    return paragraph


def source_url(source):
    return reverse("sources:detail", args=[source.pk])


def sentences(paragraph):
    return [paragraph.text[start:end] for start, end in sentence_spans(paragraph.text)]


def link(client, recommendation, paragraph, **extra):
    back = f"{source_url(paragraph.source)}#{paragraph.anchor}"
    data = {"recommendation": recommendation.pk, "paragraph": paragraph.pk, "stance": "supports", "next": back}
    return client.post(ADD, {**data, **extra}, follow=True)


def quote_on_page(client, recommendation):
    page = client.get(reverse("recommendation_detail", args=[recommendation.pk])).content.decode()
    return page, re.search(r'<blockquote class="verbatim">(.*?)</blockquote>', page, re.S).group(1)


def test_the_link_form_offers_the_paragraphs_sentences(client, bob, paragraph):
    client.force_login(bob)
    url = f"{source_url(paragraph.source)}?link={paragraph.number}"
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<legend>Sentences to quote</legend>" in form
    assert f'<label for="evidence-first-{paragraph.number}">From sentence</label>' in form
    assert f'<label for="evidence-last-{paragraph.number}">To sentence</label>' in form
    first = form.split('name="first_sentence"')[1].split("</select>")[0]
    last = form.split('name="last_sentence"')[1].split("</select>")[0]
    # The whole paragraph unless the person narrows it: from its first sentence to its last.
    assert first.count("<option") == last.count("<option") == 5
    assert '<option value="1" data-sentence=' in first and "selected" in first.split("<option")[1]
    assert "selected" in last.split("<option")[5]
    assert "2. Ukraine is holding on" in first


def test_a_paragraph_of_one_sentence_is_linked_whole(client, bob, article):
    client.force_login(bob)
    one = article.paragraphs.get(number=12)
    form = client.get(f"{source_url(article)}?link=12", headers={"HX-Request": "true"}).content.decode()
    assert len(sentence_spans(one.text)) == 1
    assert "Sentences to quote" not in form and "Link paragraph 12 as evidence" in form


def test_linking_some_sentences_quotes_only_those(client, bob, recommendation, paragraph):
    client.force_login(bob)
    response = link(client, recommendation, paragraph, first_sentence=2, last_sentence=3)
    assert f"Sentences 2–3 of paragraph {paragraph.number} linked as evidence" in response.content.decode()

    evidence = Evidence.objects.get()
    one, two, three, four, five = sentences(paragraph)
    quoted = paragraph.text[evidence.sentence_start : evidence.sentence_end]
    assert quoted.startswith(two) and quoted.endswith(three) and quoted in paragraph.text
    assert (evidence.quotes_span, evidence.passage, evidence.sentences_label) == (True, quoted, "sentences 2–3")

    # The recommendation's page quotes those two sentences, verbatim, and marks them within their paragraph.
    page, quote = quote_on_page(client, recommendation)
    assert quote.strip() == quoted
    assert one not in quote and four not in quote and five not in quote
    assert f"paragraph {paragraph.number}, sentences 2–3</a>" in page
    in_paragraph = page.split('<details class="in-paragraph">')[1].split("</details>")[0]
    assert f'<mark><span class="visually-hidden">Quoted: </span>{quoted}</mark>' in in_paragraph
    assert one in in_paragraph and five in in_paragraph

    # The source page says which sentences the evidence quotes.
    source_page = client.get(paragraph.get_absolute_url()).content.decode()
    assert '<span class="muted">(sentences 2–3)</span>' in source_page


def test_one_sentence_or_all_of_them(client, bob, recommendation, paragraph, article):
    client.force_login(bob)
    link(client, recommendation, paragraph, first_sentence=4, last_sentence=4)
    evidence = Evidence.objects.get()
    assert (evidence.passage, evidence.sentences_label) == (sentences(paragraph)[3], "sentence 4")

    # From the first sentence to the last is the whole paragraph: nothing narrowed, nothing marked.
    whole = article.paragraphs.get(number=14)
    link(client, recommendation, whole, first_sentence=1, last_sentence=2)
    evidence = Evidence.objects.get(paragraph=whole)
    assert (evidence.quotes_span, evidence.passage, evidence.sentences_label) == (False, whole.text, "")


@pytest.mark.parametrize(
    "first, last, message",
    [
        (2, 9, "Paragraph 15 has no sentences 2 to 9 (it has 5 sentences); nothing was added."),
        (6, 6, "Paragraph 15 has no sentences 6 to 6 (it has 5 sentences); nothing was added."),
        (3, 2, "Paragraph 15 has no sentences 3 to 2 (the last sentence comes before the first); nothing was added."),
        (0, 2, "Evidence not added: Sentences are counted from 1."),
        ("-1", "2", "Evidence not added: Sentences are counted from 1."),
        ("two", "3", "Evidence not added: Choose the sentences by their number."),
        (2, "", "Evidence not added: Choose both the first and the last sentence to quote, or neither"),
    ],
)
def test_a_forged_run_of_sentences_is_refused_with_a_message(
    client, bob, recommendation, paragraph, first, last, message
):
    client.force_login(bob)
    response = link(client, recommendation, paragraph, first_sentence=first, last_sentence=last)
    # Back on the source's page, at the paragraph, saying why.
    assert response.redirect_chain[-1][0].startswith(source_url(paragraph.source))
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_sentences_of_another_teams_paragraph_are_not_found(client, bob, recommendation, other_team):
    source = store_document(other_team, "A note\n\nOne sentence here. Another one there. A third.\n").source
    client.force_login(bob)
    form = {"recommendation": recommendation.pk, "paragraph": source.paragraphs.last().pk, "stance": "supports"}
    response = client.post(ADD, {**form, "first_sentence": 1, "last_sentence": 2})
    assert response.status_code == 404
    assert "belong to a team you are not in" in response.content.decode()
    assert not Evidence.objects.exists()


def test_sentences_belong_to_a_paragraph_not_a_web_page(client, bob, recommendation):
    client.force_login(bob)
    data = {
        "recommendation": recommendation.pk,
        "url": "https://example.org/",
        "excerpt": "Quoted.",
        "stance": "context",
    }
    response = client.post(ADD, {**data, "first_sentence": 1, "last_sentence": 1})
    assert "Sentences are chosen from a source&#x27;s paragraph, not from a web page." in response.content.decode()
    assert not Evidence.objects.exists()


def test_linking_a_suggestion_by_hand_quotes_the_sentences_chosen(client, bob, recommendation, paragraph):
    spans = sentence_spans(paragraph.text)
    suggestion = Evidence.objects.create(
        recommendation=recommendation,
        paragraph=paragraph,
        state=Evidence.State.DISMISSED,
        score=0.4,
        sentence_start=spans[0][0],
        sentence_end=spans[0][1],
    )
    client.force_login(bob)
    link(client, recommendation, paragraph, first_sentence=5, last_sentence=5)
    suggestion.refresh_from_db()
    assert suggestion.state == Evidence.State.CONFIRMED
    assert (suggestion.quotes_span, suggestion.passage) == (True, sentences(paragraph)[4])


def test_a_confirmed_suggestion_still_quotes_its_whole_paragraph(recommendation, paragraph):
    spans = sentence_spans(paragraph.text)
    evidence = Evidence.objects.create(
        recommendation=recommendation,
        paragraph=paragraph,
        score=0.4,
        sentence_start=spans[1][0],
        sentence_end=spans[1][1],
    )
    assert (evidence.passage, evidence.sentences_label) == (paragraph.text, "")


def test_the_service_refuses_sentences_the_paragraph_does_not_have(recommendation, paragraph, bob):
    with pytest.raises(EvidenceError, match="no sentences 4 to 6"):
        add_paragraph_evidence(recommendation, paragraph, stance="supports", sentences=(4, 6), by=bob)
    assert not Evidence.objects.exists()


def test_a_quoted_span_needs_its_sentences(recommendation, paragraph):
    with pytest.raises(IntegrityError):
        Evidence.objects.create(recommendation=recommendation, paragraph=paragraph, quotes_span=True, sentence_start=5)
