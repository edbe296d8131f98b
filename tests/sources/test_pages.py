"""The sources list and the source page: paragraphs, what cites them, and linking a paragraph as evidence."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.evidence.models import Evidence
from tracker.recommendations import review
from tracker.recommendations.models import Recommendation
from tracker.sources import services as source_services


@pytest.fixture
def rec(brief):
    """The brief's first recommendation (paragraph 13)."""
    return brief.recommendations.order_by("paragraph__number").first()


def link_evidence(client, rec, paragraph, stance="supports", note="", next_url=""):
    data = {"recommendation": rec.pk, "paragraph": paragraph.pk, "stance": stance, "note": note, "next": next_url}
    return client.post(reverse("evidence:add"), data)


# The sources list


@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("viewer", 200), ("editor", 200), ("admin", 200)])
def test_sources_list_permissions(client_as, seeded, who, expected):
    assert client_as(who).get(reverse("sources:list")).status_code == expected


def test_sources_list_shows_my_teams_sources_with_recommendation_counts(client, alice, brief, article):
    client.force_login(alice)
    page = client.get(reverse("sources:list")).content.decode()
    rows = {
        m[0]: m[1]
        for m in re.findall(
            r'href="/sources/(\d+)/">.*?</td>.*?<td>.*?</td>\s*<td>(\d+) recommendations?</td>', page, re.S
        )
    }
    assert rows == {str(brief.pk): "3", str(article.pk): "0"}


def test_another_team_sees_none_of_our_sources(client, charlie, brief):
    client.force_login(charlie)
    page = client.get(reverse("sources:list")).content.decode()
    assert brief.title not in page
    assert "No sources in your teams yet" in page


def test_sources_list_queries_do_not_grow_with_sources(client, alice, team, django_assert_max_num_queries):
    for n in range(12):
        source_services.store_document(team, f"Document {n}\n\nA paragraph about topic {n}.\n")
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("sources:list"))
    assert len(re.findall(r'href="/sources/\d+/"', response.content.decode())) == 12


# The source page


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("viewer", 200), ("editor", 200), ("admin", 200), ("other", 404)],
)
def test_source_page_permissions(client_as, brief, who, expected):
    assert client_as(who).get(reverse("sources:detail", args=[brief.pk])).status_code == expected


def test_unknown_source_is_404(client, alice, seeded):
    client.force_login(alice)
    assert client.get(reverse("sources:detail", args=[999999])).status_code == 404


def test_paragraphs_are_numbered_and_anchored(client, victor, article):
    client.force_login(victor)
    page = client.get(reverse("sources:detail", args=[article.pk])).content.decode()
    for paragraph in article.paragraphs.all():
        assert f'id="p{paragraph.number}"' in page
        assert f'href="#p{paragraph.number}"' in page
    first = article.paragraphs.get(number=1)
    assert first.text[:60] in page
    # In document order.
    assert page.index('id="p2"') < page.index('id="p10"') < page.index('id="p30"')


def test_headings_are_headings_and_recommendations_are_marked_at_their_paragraph(client, victor, brief):
    client.force_login(victor)
    page = client.get(reverse("sources:detail", args=[brief.pk])).content.decode()
    headings = list(brief.paragraphs.filter(kind="heading").values_list("text", flat=True))
    assert headings == ["Recommendations"]
    for heading in headings:
        assert f"<h2>{heading}</h2>" in page
    for rec in brief.recommendations.select_related("paragraph"):
        block = paragraph_block(page, rec.paragraph.number)
        assert f'href="{reverse("recommendation_detail", args=[rec.pk])}"' in block
        assert "Recommendation" in block
    assert "Recommendation" not in paragraph_block(page, 1)


def paragraph_block(page, number):
    start = page.index(f'id="p{number}"')
    end = page.find('class="paragraph', start)
    return page[start : end if end != -1 else len(page)]


def test_confirmed_evidence_is_marked_and_suggestions_are_not(client, victor, brief, article, rec):
    Evidence.objects.create(recommendation=rec, paragraph=article.paragraphs.get(number=4), stance="undercuts")
    Evidence.objects.create(
        recommendation=rec, paragraph=article.paragraphs.get(number=5), state=Evidence.State.SUGGESTED, score=0.9
    )
    client.force_login(victor)
    page = client.get(reverse("sources:detail", args=[article.pk])).content.decode()
    block = paragraph_block(page, 4)
    assert "Evidence: undercuts" in block
    assert f'href="{reverse("recommendation_detail", args=[rec.pk])}"' in block
    assert "Evidence" not in paragraph_block(page, 5)


def test_another_teams_evidence_is_never_shown(client, alice, other_team, brief, article):
    # A row that the services would refuse (another team's recommendation citing our paragraph) stays hidden.
    review.store_report(other_team, brief.text, accept=True)
    theirs = Recommendation.objects.filter(team=other_team).first()
    Evidence.objects.create(recommendation=theirs, paragraph=article.paragraphs.get(number=4), stance="supports")
    client.force_login(alice)
    page = client.get(reverse("sources:detail", args=[article.pk])).content.decode()
    assert "Evidence" not in paragraph_block(page, 4)
    assert reverse("recommendation_detail", args=[theirs.pk]) not in page


def test_source_page_queries_do_not_grow_with_paragraphs(
    client, bob, brief, article, rec, django_assert_max_num_queries
):
    for paragraph in article.paragraphs.all()[:10]:
        Evidence.objects.create(recommendation=rec, paragraph=paragraph, stance="context")
    client.force_login(bob)
    for source in (brief, article):
        with django_assert_max_num_queries(11):
            response = client.get(reverse("sources:detail", args=[source.pk]) + "?link=3")
        assert response.status_code == 200
    assert response.content.decode().count("Evidence: context") == 10


def test_editor_can_open_the_evidence_form_at_a_paragraph(client, bob, brief, article):
    client.force_login(bob)
    url = reverse("sources:detail", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'href="?link=7#p7"' in page
    page = client.get(url + "?link=7").content.decode()
    block = paragraph_block(page, 7)
    assert f'action="{reverse("evidence:add")}"' in block
    paragraph = article.paragraphs.get(number=7)
    assert f'name="paragraph" value="{paragraph.pk}"' in block
    assert f'name="next" value="{url}?link=7#p7"' in block
    for rec in brief.recommendations.all():
        assert f'name="recommendation" value="{rec.pk}"' in block
    for stance in ("supports", "undercuts", "context"):
        assert f'<option value="{stance}">' in block
    assert '<label for="evidence-note-7">' in block
    # Only one paragraph's form at a time.
    assert page.count('action="/evidence/add/"') == 1


def test_evidence_form_comes_as_a_fragment_for_htmx(client, bob, article):
    client.force_login(bob)
    response = client.get(reverse("sources:detail", args=[article.pk]) + "?link=7", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="evidence-link" id="link-form-7">')
    assert "<html" not in html
    assert 'id="evidence-find-7"' in html and 'name="recommendation"' in html


def test_the_evidence_form_finds_recommendations_by_their_words_and_offers_a_few(client, bob, brief, article, team):
    from tests.recommendations.conftest import make_source
    from tracker.evidence.panels import LINK_CHOICES
    from tracker.recommendations.services import create_recommendation

    many = make_source(team, "Long plan", [f"Point {i}: ports should publish their tariffs." for i in range(12)])
    for paragraph in many.paragraphs.all():
        create_recommendation(team=team, source=many, paragraph=paragraph, text=paragraph.text, title=paragraph.text)
    wanted = brief.recommendations.order_by("pk").first()
    client.force_login(bob)
    url = reverse("sources:detail", args=[article.pk])

    offered = client.get(url, {"link": 7}).content.decode().count('name="recommendation" value=')
    assert offered == LINK_CHOICES
    word = wanted.title.split()[0]
    found = client.get(url, {"link": 7, "find": word}, headers={"HX-Request": "true"}).content.decode()
    assert f'name="recommendation" value="{wanted.pk}"' in found
    assert "ports should publish" not in found
    nothing = client.get(url, {"link": 7, "find": "zzzqqq"}).content.decode()
    assert "No recommendation matches “zzzqqq”." in nothing


def test_viewer_gets_no_evidence_form(client, victor, article):
    client.force_login(victor)
    url = reverse("sources:detail", args=[article.pk])
    assert "Link as evidence" not in client.get(url).content.decode()
    assert 'action="/evidence/add/"' not in client.get(url + "?link=7").content.decode()


# Linking a paragraph as evidence


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("viewer", 403), ("editor", 302), ("admin", 302), ("other", 404)],
)
def test_link_evidence_permissions(client_as, article, rec, who, expected):
    paragraph = article.paragraphs.get(number=4)
    response = link_evidence(client_as(who), rec, paragraph)
    assert response.status_code == expected
    created = Evidence.objects.filter(recommendation=rec, paragraph=paragraph).exists()
    assert created == (expected == 302 and who != "anonymous")


def test_editor_links_a_paragraph_and_returns_to_it(client, bob, article, rec):
    Recommendation.objects.filter(pk=rec.pk).update(stale_since=timezone.now())
    client.force_login(bob)
    paragraph = article.paragraphs.get(number=4)
    back = reverse("sources:detail", args=[article.pk]) + "#p4"
    response = link_evidence(client, rec, paragraph, stance="undercuts", note="Contradicts the premise", next_url=back)
    assert response["Location"] == back
    evidence = Evidence.objects.get(recommendation=rec, paragraph=paragraph)
    assert (evidence.state, evidence.stance, evidence.note, evidence.added_by) == (
        "confirmed",
        "undercuts",
        "Contradicts the premise",
        bob,
    )
    rec.refresh_from_db()
    assert rec.stale_since is None
    page = client.get(back.split("#")[0]).content.decode()
    assert "Paragraph 4 linked as evidence" in page
    assert "Evidence: undercuts" in paragraph_block(page, 4)


def test_linking_a_dismissed_suggestion_confirms_it(client, bob, article, rec):
    paragraph = article.paragraphs.get(number=6)
    Evidence.objects.create(recommendation=rec, paragraph=paragraph, state=Evidence.State.DISMISSED, score=0.4)
    client.force_login(bob)
    link_evidence(client, rec, paragraph, stance="supports")
    evidence = Evidence.objects.get(recommendation=rec, paragraph=paragraph)
    assert (evidence.state, evidence.stance, evidence.reviewed_by) == ("confirmed", "supports", bob)


def test_paragraph_of_another_teams_source_is_404(client, alice, charlie, other_team, rec):
    theirs = source_services.store_document(other_team, "Their document\n\nTheir own paragraph.\n").source
    client.force_login(alice)
    response = link_evidence(client, rec, theirs.paragraphs.first())
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_bad_stance_or_unsafe_next_are_refused(client, bob, article, rec):
    client.force_login(bob)
    paragraph = article.paragraphs.get(number=4)
    back = reverse("sources:detail", args=[article.pk]) + "#p4"
    response = link_evidence(client, rec, paragraph, stance="loves", next_url=back)
    assert response["Location"] == back
    assert not Evidence.objects.exists()
    response = link_evidence(client, rec, paragraph, next_url="https://elsewhere.example/")
    assert response["Location"].split("#")[0] == reverse("recommendation_detail", args=[rec.pk])


def test_link_evidence_refuses_get(client, bob, seeded):
    client.force_login(bob)
    assert client.get(reverse("evidence:add")).status_code == 405


def test_a_long_source_is_read_page_by_page_and_a_citation_lands_on_its_paragraph(
    client, alice, team, django_assert_max_num_queries
):
    from tracker.sources.models import PARAGRAPHS_PER_PAGE

    text = "A long report\n\n" + "\n\n".join(f"Finding number {n} of the inquiry." for n in range(1, 1001))
    source = source_services.store_document(team, text).source
    far = source.paragraphs.get(number=2 * PARAGRAPHS_PER_PAGE + 5)
    client.force_login(alice)

    first = client.get(reverse("sources:detail", args=[source.pk])).content.decode()
    assert first.count('class="paragraph ') == PARAGRAPHS_PER_PAGE
    assert f"Paragraphs 1–{PARAGRAPHS_PER_PAGE} of 1001" in first
    assert far.get_absolute_url() == f"{reverse('sources:detail', args=[source.pk])}?page=3#{far.anchor}"
    with django_assert_max_num_queries(10):
        third = client.get(far.get_absolute_url()).content.decode()
    assert f'id="{far.anchor}"' in third and "Finding number 404 of the inquiry." in third
    assert 'id="p1"' not in third


def test_the_sources_list_is_paged(client, alice, team):
    from tests.recommendations.conftest import make_source
    from tracker.sources.views import SOURCES_PER_PAGE

    for n in range(SOURCES_PER_PAGE + 3):
        make_source(team, f"Brief {n:03d}", [f"Paragraph of brief {n}."])
    client.force_login(alice)
    first = client.get(reverse("sources:list")).content.decode()
    assert len(re.findall(r'href="/sources/\d+/"', first)) == SOURCES_PER_PAGE
    assert f"{SOURCES_PER_PAGE + 3} sources · page 1 of 2" in first and 'rel="next"' in first
    second = client.get(reverse("sources:list"), {"page": 2}).content.decode()
    assert len(re.findall(r'href="/sources/\d+/"', second)) == 3
