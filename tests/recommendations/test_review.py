"""Reviewing the recommendations found in a document: only what an editor accepts is tracked."""

import pytest
from django.urls import reverse

from tracker.recommendations import review
from tracker.recommendations.models import Candidate, Recommendation, Status
from tracker.sources.services import store_document

REPORT = """Keeping the Baltic grid safe

Undersea cables have been damaged several times this year.

Recommendations

1. Governments should share sabotage warnings with grid operators within a day.
   They should also publish a yearly summary.
2. Navies should patrol the cable routes.

Notes

The warnings were discussed in 2024.
"""


@pytest.fixture
def report(team, bob):
    return review.store_report(team, REPORT, accept=False, created_by=bob).source


def candidate(source, text):
    return source.candidates.get(text__startswith=text)


def act(client, source, item, action, **extra):
    return client.post(reverse("review_action", args=[source.pk]), {"candidate": item.pk, "action": action, **extra})


def test_found_recommendations_await_review_and_nothing_is_tracked(report):
    assert [c.text[:20] for c in report.candidates.order_by("paragraph__number")] == [
        "Governments should s",
        "Navies should patrol",
    ]
    assert not Recommendation.objects.exists()


def test_an_accepted_passage_is_tracked_as_new_with_who_accepted_it(client, bob, report):
    client.force_login(bob)
    item = candidate(report, "Navies")
    response = act(client, report, item, "accept")
    assert response.status_code == 302 and response.url.endswith(f"#candidate-{item.pk}")
    recommendation = Recommendation.objects.get()
    assert (recommendation.text, recommendation.status, recommendation.actor) == (
        "Navies should patrol the cable routes.",
        Status.NEW,
        "Navies",
    )
    created = recommendation.status_changes.get()
    assert created.changed_by == bob and "Accepted from the review" in created.note
    item.refresh_from_db()
    assert (item.state, item.reviewed_by, item.recommendation) == (Candidate.State.ACCEPTED, bob, recommendation)


def test_a_review_sent_twice_or_after_someone_else_changes_nothing_and_says_why(client, alice, bob, report):
    item = candidate(report, "Navies")
    review.reject(item.pk, by=alice)
    client.force_login(bob)
    page = client.get(act(client, report, item, "accept").url).content.decode()
    assert "This passage was already rejected by Alice on" in page and "nothing was changed" in page
    assert not Recommendation.objects.exists()


def test_accept_all_tracks_every_passage_still_awaiting_review(client, alice, bob, report):
    review.reject(candidate(report, "Navies").pk, by=alice)
    client.force_login(bob)
    client.post(reverse("review_accept_all", args=[report.pk]))
    assert list(Recommendation.objects.values_list("text", flat=True)) == [candidate(report, "Governments").text]
    page = client.get(client.post(reverse("review_accept_all", args=[report.pk])).url).content.decode()
    assert "Nothing was awaiting review" in page


def test_a_passage_is_split_at_a_sentence_and_each_part_tracked(client, bob, report):
    client.force_login(bob)
    item = candidate(report, "Governments")
    act(client, report, item, "split", at=1)
    first, second = report.candidates.filter(paragraph=item.paragraph).order_by("sentence")
    assert first.text == "Governments should share sabotage warnings with grid operators within a day."
    assert (second.text, second.sentence) == ("They should also publish a yearly summary.", 1)
    review.accept(first.pk, by=bob)
    review.accept(second.pk, by=bob)
    assert Recommendation.objects.filter(paragraph=item.paragraph).count() == 2


def test_a_passage_is_joined_with_the_next_paragraph(client, bob, report):
    client.force_login(bob)
    item = candidate(report, "Governments")
    act(client, report, item, "join")
    item.refresh_from_db()
    assert item.text.endswith("yearly summary. Navies should patrol the cable routes.")
    assert item.last_paragraph.text == "Navies should patrol the cable routes."
    # The next paragraph's own passage is now part of this one.
    assert report.candidates.count() == 1


def test_a_missed_paragraph_or_some_of_its_sentences_can_be_marked(client, bob, report):
    client.force_login(bob)
    cables = report.paragraphs.get(text__startswith="Undersea")
    client.post(reverse("review_mark", args=[report.pk]), {"number": cables.number})
    assert report.candidates.get(paragraph=cables).text == cables.text
    governments = candidate(report, "Governments").paragraph
    review.reject(candidate(report, "Governments").pk, by=bob)
    response = client.post(reverse("review_mark", args=[report.pk]), {"number": governments.number, "first": 2})
    page = client.get(response.url).content.decode()
    assert report.candidates.get(paragraph=governments, sentence=1).text == "They should also publish a yearly summary."
    assert "proposed: accept it below" in page


def test_a_passage_of_another_document_is_refused(client, bob, report, team):
    other = store_document(team, "Other notes\n\nA paragraph.\n").source
    client.force_login(bob)
    response = act(client, other, candidate(report, "Navies"), "accept")
    assert "That passage is not in this document" in client.get(response.url).content.decode()
    assert not Recommendation.objects.exists()


def test_reading_a_document_again_never_duplicates_a_passage_or_an_item(bob, report):
    review.accept(candidate(report, "Navies").pk, by=bob)
    paragraphs = list(report.paragraphs.order_by("number"))
    again = [review.Proposal(paragraph=p, text=p.text) for p in paragraphs if "should" in p.text]
    assert review.propose(report, again) == []
    assert report.candidates.count() == 2 and Recommendation.objects.count() == 1


def test_a_paragraph_is_tracked_by_hand_from_the_source_page(client, bob, report):
    client.force_login(bob)
    cables = report.paragraphs.get(text__startswith="Undersea")
    page = client.get(reverse("sources:detail", args=[report.pk])).content.decode()
    assert reverse("track_paragraph", args=[report.pk, cables.number]) in page
    assert f'href="{reverse("review", args=[report.pk])}">Review the 2 recommendations found' in page
    response = client.post(reverse("track_paragraph", args=[report.pk, cables.number]))
    recommendation = Recommendation.objects.get()
    assert response.url == reverse("recommendation_detail", args=[recommendation.pk])
    assert recommendation.text == cables.text and recommendation.status_changes.get().changed_by == bob
    again = client.post(reverse("track_paragraph", args=[report.pk, cables.number]))
    assert "already tracked" in client.get(again.url).content.decode()


def test_the_dashboard_lists_documents_awaiting_review(client, alice, report):
    client.force_login(alice)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Documents awaiting review" in page
    assert (
        f'<a href="{reverse("review", args=[report.pk])}">Keeping the Baltic grid safe</a>: 2 recommendations' in page
    )


def test_the_review_page_shows_each_passage_in_context(client, victor, report):
    client.force_login(victor)
    page = client.get(reverse("review", args=[report.pk])).content.decode()
    assert "2 await review" in page
    # Each passage between the paragraphs before and after it.
    assert 'aria-label="Paragraph before">Recommendations</p>' in page
    assert 'aria-label="Paragraph after">Notes</p>' in page
    # A viewer reads the review but cannot act on it.
    assert "Accept all" not in page and 'name="action"' not in page


NEW = reverse("recommendation_new")


def test_a_recommendation_with_no_document_is_added_and_tracked(client, bob, victor, team):
    client.force_login(bob)
    data = {
        "team": team.pk,
        "text": "The Ministry of Defence should publish its stockpile targets every year.",
        "citation": "Defence Committee, Third Report, March 2025, para 42",
        "url": "https://example.org/defence-report",
        "label": "Recommendation 12",
        "owner": victor.pk,
        "priority": 3,
    }
    response = client.post(NEW, data)
    recommendation = Recommendation.objects.get()
    assert response.url == reverse("recommendation_detail", args=[recommendation.pk])
    assert (recommendation.text, recommendation.label, recommendation.owner, recommendation.priority) == (
        data["text"],
        "Recommendation 12",
        victor,
        3,
    )
    assert recommendation.source.citation == "Defence Committee, Third Report, March 2025, para 42"
    assert recommendation.source.url == "https://example.org/defence-report"
    assert recommendation.status_changes.get().note == "Added by hand, with no document in Tracker."
    again = client.post(NEW, data)
    assert "already in Tracker" in again.content.decode() and Recommendation.objects.count() == 1


def test_the_new_recommendation_form_refuses_an_owner_of_another_team_and_viewers(
    client, bob, victor, charlie, team, other_team
):
    client.force_login(bob)
    page = client.post(NEW, {"team": team.pk, "text": "Cut the tariffs.", "citation": "A note", "owner": charlie.pk})
    assert "Select a valid choice" in page.content.decode() or "must be a member" in page.content.decode()
    assert not Recommendation.objects.exists()
    client.force_login(victor)
    assert client.get(NEW).status_code == 403


def test_an_editor_corrects_the_text_title_and_label_and_each_change_is_kept(client, bob, brief):
    rec = brief.recommendations.order_by("paragraph__number").first()
    client.force_login(bob)
    url = reverse("recommendation_correct", args=[rec.pk])
    old_title = rec.title
    client.post(
        url, {"text": rec.text, "title": "Engage the countries concerned", "label": "1", "version": rec.version}
    )
    rec.refresh_from_db()
    assert (rec.title, rec.label) == ("Engage the countries concerned", "1")
    changes = list(rec.corrections.order_by("field").values_list("field", "old", "new", "changed_by__username"))
    assert changes == [("label", "", "1", "bob"), ("title", old_title, "Engage the countries concerned", "bob")]
    page = client.get(reverse("recommendation_detail", args=[rec.pk])).content.decode()
    assert "Title corrected by Bob" in page
    # A form loaded before this change is refused, not applied over it.
    stale = client.post(url, {"text": "Other", "title": "Other", "label": "", "version": rec.version - 1})
    assert "changed after you opened it" in client.get(stale.url).content.decode()
    rec.refresh_from_db()
    assert rec.text != "Other"


def test_an_admin_deletes_a_recommendation_and_can_undo_it(client, alice, bob, brief):
    rec = brief.recommendations.order_by("paragraph__number").first()
    client.force_login(bob)
    assert client.post(reverse("recommendation_delete", args=[rec.pk])).status_code == 403
    client.force_login(alice)
    response = client.post(reverse("recommendation_delete", args=[rec.pk]))
    assert response.url == reverse("recommendation_deleted", args=[rec.pk])
    assert rec.title not in client.get(reverse("recommendation_list")).content.decode()
    assert client.get(reverse("recommendation_detail", args=[rec.pk])).status_code == 404
    assert "Undo the deletion" in client.get(response.url).content.decode()
    client.post(reverse("recommendation_restore", args=[rec.pk]))
    assert client.get(reverse("recommendation_detail", args=[rec.pk])).status_code == 200


def test_an_admin_merges_a_duplicate_keeping_its_evidence_comments_and_history(client, alice, bob, brief, article):
    from tracker.evidence.services import add_paragraph_evidence
    from tracker.recommendations.comments import add_comment

    keep, duplicate = brief.recommendations.order_by("paragraph__number")[:2]
    add_paragraph_evidence(duplicate, article.paragraphs.get(number=4), stance="supports", by=bob)
    add_paragraph_evidence(keep, article.paragraphs.get(number=5), stance="context", by=bob)
    add_paragraph_evidence(duplicate, article.paragraphs.get(number=5), stance="supports", by=bob)
    add_comment(duplicate, author=bob, body="Same as the first one?")
    client.force_login(alice)
    response = client.post(reverse("recommendation_merge", args=[keep.pk]), {"duplicate": duplicate.pk})
    assert "was merged into this recommendation" in client.get(response.url).content.decode()

    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep and duplicate.deleted_at
    assert sorted(keep.evidence.values_list("paragraph__number", "stance")) == [(4, "supports"), (5, "context")]
    assert keep.comments.get().body == "Same as the first one?"
    assert keep.status_changes.count() == 2
    assert duplicate.title not in client.get(reverse("recommendation_list")).content.decode()

    # The item that stays keeps a history row of the merge: who merged what, when, with the duplicate's text.
    merged = keep.corrections.get(field="merged")
    assert merged.changed_by == alice and duplicate.text in merged.old
    page = client.get(reverse("recommendation_detail", args=[keep.pk])).content.decode()
    assert "A duplicate merged in by" in page and duplicate.text[:60] in page


def test_two_recommendations_in_one_paragraph_are_proposed_and_tracked_apart(team, bob):
    # A lead-in with its list run into one paragraph: the finder splits it into its recommendations.
    text = (
        "Market report\n\n"
        "The report recommends that: The Council should apologise to the trader. The Council should also review how it "
        "decides on stalls. Traders should be told of the outcome.\n"
    )
    source = review.store_report(team, text, accept=True, created_by=bob).source
    tracked = list(Recommendation.objects.filter(source=source).order_by("sentence"))
    assert [(r.sentence, r.text) for r in tracked] == [
        (0, "The Council should apologise to the trader."),
        (1, "The Council should also review how it decides on stalls."),
        (2, "Traders should be told of the outcome."),
    ]
    assert tracked[0].paragraph == tracked[1].paragraph


@pytest.mark.django_db(transaction=True)
def test_merging_runs_in_its_own_transaction_as_a_served_request_does(client, alice, team):
    # Served pages run without a transaction around the request (ATOMIC_REQUESTS is off): the merge takes its own.
    from tracker.recommendations.services import create_recommendation

    source = store_document(team, b"Harbour report\n\nThe council should dredge the harbour.\n").source
    paragraph = source.paragraphs.last()
    keep = create_recommendation(team=team, source=source, paragraph=paragraph, text="Dredge it.", title="A")
    duplicate = create_recommendation(
        team=team, source=source, paragraph=paragraph, sentence=1, text="Dredge.", title="B"
    )
    client.force_login(alice)

    response = client.post(reverse("recommendation_merge", args=[keep.pk]), {"duplicate": duplicate.pk})

    assert response.status_code == 302
    assert Recommendation.objects.get(pk=duplicate.pk).merged_into_id == keep.pk
