import pytest
from django.urls import reverse

from tracker.recommendations import comments
from tracker.recommendations.markdown import render_markdown
from tracker.recommendations.models import Comment, Mention

HTMX = {"HX-Request": "true"}


def add_url(recommendation):
    return reverse("comment_add", args=[recommendation.pk])


@pytest.mark.parametrize(
    "person, expected",
    [("anonymous", 302), ("viewer", 302), ("editor", 302), ("admin", 302), ("outsider", 404)],
    indirect=["person"],
)
def test_who_may_comment(client_as, person, expected, recommendation):
    response = client_as(person).post(add_url(recommendation), {"body": "Looks right"})
    assert response.status_code == expected
    assert Comment.objects.filter(body="Looks right").exists() is (expected == 302 and person is not None)


def test_htmx_comment_returns_the_comments_with_the_new_one_and_an_empty_form(client, victor, recommendation):
    client.force_login(victor)
    response = client.post(add_url(recommendation), {"body": "Needs **checking**"}, headers=HTMX)
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="comments"')
    assert "Needs <strong>checking</strong>" in fragment
    assert 'Comments <span class="count">(1)</span>' in fragment
    assert "Needs **checking**</textarea>" not in fragment


def test_an_empty_comment_shows_the_error_by_the_field(client, victor, recommendation):
    client.force_login(victor)
    response = client.post(add_url(recommendation), {"body": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="comment-body_error"' in page or "This field is required." in page
    assert not Comment.objects.exists()


def test_comments_count_as_activity(client, victor, recommendation):
    recommendation.__class__.objects.filter(pk=recommendation.pk).update(stale_since="2026-01-01T00:00:00Z")
    client.force_login(victor)
    client.post(add_url(recommendation), {"body": "Still relevant"})
    recommendation.refresh_from_db()
    assert recommendation.stale_since is None


@pytest.mark.parametrize(
    "markdown, absent, present",
    [
        (
            "**bold** <script>window.pwned = 1</script>\n\n<script>alert(2)</script>",
            ["<script", "pwned", "alert"],
            ["<strong>bold</strong>"],
        ),
        ('<img src="x" onerror="alert(1)">', ["onerror", "alert"], []),
        ("[click](javascript:alert(1))", ['href="javascript', "<a "], []),
        ('<a href="javascript:alert(1)" onclick="x()">a</a>', ["javascript", "onclick"], []),
        ('<a href="vbscript:x">v</a> <a href="data:text/html,x">d</a>', ["vbscript", "data:"], []),
        ("[docs](https://example.org/a)", [], ['<a href="https://example.org/a" rel="noopener noreferrer nofollow">']),
        ('<iframe src="https://evil.example"></iframe><style>body{}</style>', ["iframe", "<style"], []),
    ],
)
def test_markdown_is_sanitised(markdown, absent, present):
    html = render_markdown(markdown)
    for text in absent:
        assert text not in html
    for text in present:
        assert text in html


def test_mentions_of_team_members_are_recorded_and_others_ignored(bob, victor, charlie, recommendation):
    comment = comments.add_comment(
        recommendation, author=victor, body="@bob and @charlie, see `@victor` and @nobody. mail bob@example.org"
    )
    assert {mention.user for mention in comment.mentions.all()} == {bob}


def test_editing_a_comment_updates_its_mentions(bob, alice, victor, recommendation):
    comment = comments.add_comment(recommendation, author=victor, body="@bob please look")
    comments.edit_comment(comment, by=victor, body="@alice please look")
    assert list(Mention.objects.filter(comment=comment).values_list("user__username", flat=True)) == ["alice"]


def edit_url(comment):
    return reverse("comment_edit", args=[comment.pk])


def delete_url(comment):
    return reverse("comment_delete", args=[comment.pk])


@pytest.fixture
def bobs_comment(bob, recommendation):
    return comments.add_comment(recommendation, author=bob, body="Original")


@pytest.mark.parametrize(
    "person, expected",
    [("anonymous", 302), ("viewer", 403), ("editor", 302), ("admin", 403), ("outsider", 404)],
    indirect=["person"],
)
def test_only_the_author_edits_a_comment(client_as, person, expected, bobs_comment):
    response = client_as(person).post(edit_url(bobs_comment), {"body": "Changed"})
    assert response.status_code == expected
    bobs_comment.refresh_from_db()
    assert (bobs_comment.body == "Changed") is (person is not None and person.username == "bob")


@pytest.mark.parametrize(
    "person, expected",
    [("anonymous", 302), ("viewer", 403), ("editor", 302), ("admin", 302), ("outsider", 404)],
    indirect=["person"],
)
def test_the_author_or_an_admin_deletes_a_comment(client_as, person, expected, bobs_comment):
    response = client_as(person).post(delete_url(bobs_comment))
    assert response.status_code == expected
    assert Comment.objects.filter(pk=bobs_comment.pk).exists() is (expected != 302 or person is None)


def test_a_viewer_edits_and_deletes_their_own_comment(client, victor, recommendation):
    comment = comments.add_comment(recommendation, author=victor, body="Mine")
    client.force_login(victor)
    assert client.post(edit_url(comment), {"body": "Mine, edited"}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "Mine, edited"
    assert client.post(delete_url(comment)).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_htmx_edit_shows_the_form_in_place_then_the_saved_comment(client, bob, bobs_comment):
    client.force_login(bob)
    form = client.get(edit_url(bobs_comment), headers=HTMX).content.decode()
    assert form.lstrip().startswith(f'<form class="comment comment-edit" id="comment-{bobs_comment.pk}"')
    assert ">\nOriginal</textarea>" in form
    saved = client.post(edit_url(bobs_comment), {"body": "_Revised_ for @victor"}, headers=HTMX).content.decode()
    assert saved.lstrip().startswith(f'<article class="comment" id="comment-{bobs_comment.pk}"')
    assert "<em>Revised</em>" in saved and "(edited)" in saved


def test_edit_page_without_javascript(client, bob, bobs_comment):
    client.force_login(bob)
    page = client.get(edit_url(bobs_comment)).content.decode()
    assert "<h1>Edit your comment</h1>" in page
    response = client.post(edit_url(bobs_comment), {"body": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Comment.objects.get(pk=bobs_comment.pk).body == "Original"


def test_htmx_delete_returns_the_comments_without_it(client, alice, bobs_comment):
    client.force_login(alice)
    fragment = client.post(delete_url(bobs_comment), headers=HTMX).content.decode()
    assert fragment.lstrip().startswith('<section id="comments"')
    assert "Original" not in fragment and "No comments yet." in fragment


def test_an_unknown_comment_is_not_found(client, bob, bobs_comment):
    client.force_login(bob)
    assert client.post(delete_url(bobs_comment).replace(str(bobs_comment.pk), "999999")).status_code == 404
