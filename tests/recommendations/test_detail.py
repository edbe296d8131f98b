import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.html import escape

from tracker.evidence.models import Evidence, Stance
from tracker.evidence.panels import SUGGESTIONS_SHOWN
from tracker.recommendations import comments, services
from tracker.recommendations.models import Status
from tracker.recommendations.pages import COMMENTS_SHOWN


def detail_url(recommendation):
    return reverse("recommendation_detail", args=[recommendation.pk])


@pytest.mark.parametrize(
    "person, expected",
    [("anonymous", 302), ("viewer", 200), ("editor", 200), ("admin", 200), ("outsider", 404)],
    indirect=["person"],
)
def test_who_may_see_the_page(client_as, person, expected, recommendation):
    response = client_as(person).get(detail_url(recommendation))
    assert response.status_code == expected
    if person is None:
        assert response.url.startswith(reverse("login"))


def test_an_unknown_recommendation_is_not_found(client, alice, recommendation):
    client.force_login(alice)
    response = client.get(reverse("recommendation_detail", args=[recommendation.pk + 1000]))
    assert response.status_code == 404
    assert b"no such page or item in your teams" in response.content


def test_page_quotes_the_recommendation_and_links_its_paragraph(client, victor, recommendation):
    client.force_login(victor)
    page = client.get(detail_url(recommendation)).content.decode()
    source_link = f"{reverse('sources:detail', args=[recommendation.source_id])}#p{recommendation.paragraph.number}"
    assert escape(recommendation.text.split("\n")[0]) in page
    assert f'href="{source_link}"' in page
    assert escape(f"{recommendation.source.citation}, paragraph {recommendation.paragraph.number}") in page
    source_page = client.get(source_link.split("#")[0]).content.decode()
    assert f'id="p{recommendation.paragraph.number}"' in source_page


def test_viewer_sees_no_status_or_evidence_controls_but_can_comment(client, victor, recommendation):
    client.force_login(victor)
    page = client.get(detail_url(recommendation)).content.decode()
    assert 'name="status"' not in page
    assert reverse("evidence:add") not in page
    assert reverse("comment_add", args=[recommendation.pk]) in page


def test_editor_sees_the_status_control_with_the_current_status_and_version(client, bob, recommendation):
    client.force_login(bob)
    page = client.get(detail_url(recommendation)).content.decode()
    assert '<option value="new" selected>New</option>' in page
    assert f'name="version" value="{recommendation.version}"' in page
    assert reverse("evidence:add") in page


def test_history_is_newest_first_with_who_and_note(client, bob, recommendation):
    services.change_status(recommendation.pk, Status.UNDER_REVIEW, by=bob, note="Asked the desk")
    services.change_status(recommendation.pk, Status.IN_PROGRESS, by=bob, note="Work started")
    client.force_login(bob)
    page = client.get(detail_url(recommendation)).content.decode()
    history = page.split('id="history-list"')[1].split("</ol>")[0]
    assert history.index("Work started") < history.index("Asked the desk") < history.index("Created as")
    # People are named as everywhere else: by full name.
    assert "Bob" in history


def test_evidence_is_grouped_by_stance_with_suggestions_apart(client, bob, recommendation, article):
    first, second, third = article.paragraphs.all()[:3]
    Evidence.objects.create(recommendation=recommendation, paragraph=first, stance=Stance.UNDERCUTS, added_by=bob)
    Evidence.objects.create(recommendation=recommendation, paragraph=second, state=Evidence.State.SUGGESTED, score=0.87)
    Evidence.objects.create(recommendation=recommendation, paragraph=third, state=Evidence.State.DISMISSED)
    client.force_login(bob)
    page = client.get(detail_url(recommendation)).content.decode()
    undercuts = page.split('id="stance-undercuts"')[1].split("</section>")[0]
    assert escape(first.text[:60]) in undercuts
    assert f"#p{first.number}" in undercuts
    suggested = page.split('id="suggested-heading"')[1].split("</section>")[0]
    assert escape(second.text[:60]) in suggested and "0.87" in suggested
    assert reverse("evidence:confirm", args=[second.evidence.get().pk]) in suggested
    assert escape(third.text[:60]) not in page


def test_comments_render_markdown_and_mentions(client, victor, bob, recommendation):
    comments.add_comment(recommendation, author=victor, body="Ask **@bob** about <script>alert(1)</script>it")
    client.force_login(victor)
    page = client.get(detail_url(recommendation)).content.decode()
    assert '<strong><span class="mention">@bob</span></strong>' in page
    assert "alert(1)" not in page


@pytest.mark.parametrize("rows", [3, 40])
def test_page_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, alice, recommendation, add_volume, rows
):
    add_volume(recommendation, rows, by=alice)
    client.force_login(alice)
    with django_assert_max_num_queries(13):
        response = client.get(detail_url(recommendation))
    page = response.content.decode()
    assert page.count('class="comment"') == min(rows, COMMENTS_SHOWN)
    assert page.count('class="history-entry"') == rows + 1
    # A third of the evidence is suggested; the page lists the best SUGGESTIONS_SHOWN of those.
    suggested = len(range(1, rows, 3))
    assert page.count('<li id="evidence-') == rows - suggested + min(suggested, SUGGESTIONS_SHOWN)


def test_a_long_discussion_opens_on_its_newest_comments(client, alice, recommendation):
    for number in range(COMMENTS_SHOWN + 5):
        comments.add_comment(recommendation, author=alice, body=f"Remark {number}")
    client.force_login(alice)
    soup = BeautifulSoup(client.get(detail_url(recommendation)).content, "html.parser")
    panel = soup.select_one("#comments")
    assert panel.h2.get_text(" ", strip=True) == f"Comments ({COMMENTS_SHOWN + 5})"
    shown = [body.get_text(strip=True) for body in panel.select(".comment-body")]
    assert shown == [f"Remark {number}" for number in range(5, COMMENTS_SHOWN + 5)]
    earlier = panel.select_one("a#earlier-comments")
    assert earlier.get_text(strip=True) == "Show 5 earlier comments"
    assert earlier["href"] == detail_url(recommendation) + "?comments=all#comments"
    # Without htmx the link loads the page with every comment; with htmx only the panel, which takes the focus.
    every = BeautifulSoup(client.get(earlier["href"]).content, "html.parser").select_one("#comments")
    assert len(every.select(".comment-body")) == COMMENTS_SHOWN + 5 and not every.select("#earlier-comments")
    fragment = client.get(earlier["hx-get"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="comments"')
    listed = BeautifulSoup(fragment, "html.parser").select_one("ol.comment-list")
    assert listed.has_attr("autofocus") and len(listed.select(".comment-body")) == COMMENTS_SHOWN + 5
    # A new comment's panel opens on the newest again, its own included.
    added = client.post(
        reverse("comment_add", args=[recommendation.pk]), {"body": "Latest"}, headers={"HX-Request": "true"}
    )
    bodies = [body.get_text(strip=True) for body in BeautifulSoup(added.content, "html.parser").select(".comment-body")]
    assert len(bodies) == COMMENTS_SHOWN and bodies[-1] == "Latest"


def test_an_edited_comment_is_shown_among_all_comments(client, alice, recommendation):
    first = comments.add_comment(recommendation, author=alice, body="First")
    for number in range(COMMENTS_SHOWN):
        comments.add_comment(recommendation, author=alice, body=f"Remark {number}")
    client.force_login(alice)
    response = client.post(reverse("comment_edit", args=[first.pk]), {"body": "First, edited"})
    assert response.url == detail_url(recommendation) + f"?comments=all#comment-{first.pk}"
    page = BeautifulSoup(client.get(response.url).content, "html.parser")
    assert page.select_one(f"#comment-{first.pk} .comment-body").get_text(strip=True) == "First, edited"


def test_the_page_lists_the_best_suggestions_and_sends_to_the_inbox_for_the_rest(
    client, alice, recommendation, article
):
    paragraphs = list(article.paragraphs.order_by("number")[: SUGGESTIONS_SHOWN + 2])
    for number, paragraph in enumerate(paragraphs):
        Evidence.objects.create(
            recommendation=recommendation, paragraph=paragraph, state=Evidence.State.SUGGESTED, score=number / 100
        )
    client.force_login(alice)
    panel = BeautifulSoup(client.get(detail_url(recommendation)).content, "html.parser").select_one(".suggestions")
    assert panel.h3.get_text(" ", strip=True) == f"Suggested ({SUGGESTIONS_SHOWN + 2})"
    scores = [p.get_text(strip=True) for p in panel.select("li.suggested .score")]
    assert scores == [f"Relevance {number / 100:.2f}" for number in range(SUGGESTIONS_SHOWN + 1, 1, -1)]
    inbox = panel.find("a", string=f"Review all {SUGGESTIONS_SHOWN + 2} in the evidence inbox")
    assert inbox["href"] == reverse("evidence:inbox") + f"?recommendation={recommendation.pk}"
