from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tracker.evidence.models import Evidence
from tracker.recommendations.models import Recommendation, Status, StatusChange
from tracker.sources.models import Paragraph, Source

SEEDS = Path(settings.BASE_DIR) / "seeds"
BRIEF = SEEDS / "policy-brief-russia-ukraine-ceasefire-recommendations.txt"
ARTICLE = SEEDS / "news-article-seven-weeks-until-trump.txt"

EXPECTED = [
    "The outcome of the war of attrition between Ukraine and Russia could tip the balance in favor of the latter, "
    "which has superior endurance. In addition, the start of the Trump administration could bring about a ceasefire "
    "favorable to Russia. Japan will continue to support Ukraine but, if negotiations for a ceasefire take place, "
    "Japan should engage the countries concerned to ensure that any resultant agreement disallows a unilateral "
    "change of the status quo by military force. In other words, if ceasefire negotiations led by the US and Russia "
    "make progress, there would be practical benefits to Japan actively participating in the process - using the "
    "precedent of the Northern Territories issues as a reference - to ensure that Ukraine's territorial sovereignty "
    "is not undermined.",
    "Closer Russia-China and Russia-North Korea cooperation in response to indirect Russian threats in the East "
    "Asian region would be undesirable. These cooperative efforts are not irreversible but can change depending on "
    "the international situation and relations among major powers and require a flexible approach from a medium- to "
    "long-term perspective, e.g., through cooperation among like-minded countries.",
    "Regardless of the outcome of the invasion, Russia will continue to exist as a neighbor of Japan. Maintaining "
    "and developing channels of dialogue with Russia through Track 2 meetings and cultural exchanges should "
    "continue.",
]


def run(*args):
    """Import as `make run` does: the recommendations found are tracked at once (--accept)."""
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, "--accept", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_imports_the_brief_with_its_three_recommendations_verbatim_and_in_order():
    out, _ = run("--team", "Europe desk")
    brief = Source.objects.get(title__startswith="Will the Trump administration")
    recs = list(Recommendation.objects.filter(source=brief).order_by("paragraph__number"))
    assert [r.text for r in recs] == EXPECTED
    # Each cites its own paragraph, whose text is the recommendation.
    assert [r.paragraph.number for r in recs] == [13, 14, 15]
    assert all(r.paragraph.text == r.text for r in recs)
    assert all(r.status == Status.NEW and r.team.name == "Europe desk" for r in recs)
    assert recs[0].actor == "Japan"
    assert recs[0].title.startswith("Japan should engage the countries concerned")
    assert str(brief.published_on) == "2024-12-06"
    # The creation of each item is in its history.
    assert StatusChange.objects.filter(recommendation__in=recs, from_status="", to_status=Status.NEW).count() == 3
    assert "Created 2 sources and 3 recommendations" in out


@pytest.mark.django_db
def test_imports_the_article_as_citable_paragraphs_without_recommendations():
    out, _ = run(str(ARTICLE))
    article = Source.objects.get()
    assert article.title == "7 weeks until Trump: Russia and Ukraine fight for advantage before peace talks are imposed"
    assert article.published_on is None
    assert article.recommendations.count() == 0
    paragraphs = list(article.paragraphs.values_list("number", "text"))
    assert len(paragraphs) == 30
    assert paragraphs[2] == (3, paragraphs[2][1])
    assert paragraphs[2][1].startswith("LONDON — There may be only seven weeks left")
    assert "30 paragraphs, no recommendations found" in out


@pytest.mark.django_db
def test_a_second_run_creates_nothing_and_says_so():
    run()
    counts = (Source.objects.count(), Paragraph.objects.count(), Recommendation.objects.count())
    out, _ = run()
    assert (Source.objects.count(), Paragraph.objects.count(), Recommendation.objects.count()) == counts
    assert "Nothing new: all 2 files were already imported" in out
    assert out.count("unchanged") == 2


@pytest.mark.django_db
def test_a_missing_directory_is_a_clear_error():
    with pytest.raises(CommandError, match=r"/no/such/dir: no such file or directory"):
        run("/no/such/dir")
    assert Source.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"   \n\n  \n", "the file is empty"),
        (b"GIF8" + bytes(range(40)), "this is a GIF image, not a document"),
        (b"Plain words" + b"\x00" * 3 + b"binary", "not a text file"),
        ("Caf\u00e9 au lait".encode("latin-1") + b"\n\nMore text here.", "not UTF-8 text"),
        (b"Only a title\n", "the document has no paragraphs"),
    ],
)
def test_bad_files_get_one_line_naming_the_file_and_import_nothing(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file could not be imported"):
        call_command("import_seeds", str(bad), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"error: {bad}: {message}")
    assert err.getvalue().count("\n") == 1
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "a-broken.txt"
    bad.write_bytes(b"\xc3\x28 invalid")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 files"):
        call_command("import_seeds", str(bad), str(BRIEF), "--accept", stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == f"error: {bad}: not UTF-8 text (undecodable byte at position 0)"
    assert Source.objects.get().recommendations.count() == 3


@pytest.mark.django_db
def test_a_file_that_fails_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    from tracker.recommendations import review, services

    def explode(**kwargs):
        raise services.InvalidStatus("boom")

    monkeypatch.setattr(review, "create_recommendation", explode)
    with pytest.raises(services.InvalidStatus):
        run(str(BRIEF))
    assert Source.objects.count() == 0 and Paragraph.objects.count() == 0


@pytest.mark.django_db
def test_one_file_is_counted_in_the_singular_and_a_new_team_is_announced():
    out, _ = run(str(BRIEF), "--team", "Asia desk")
    assert out.startswith("Created the team “Asia desk”.\n")
    assert "16 paragraphs, 3 recommendations tracked\n" in out
    assert "Created 1 source and 3 recommendations in “Asia desk”." in out
    again, _ = run(str(BRIEF), "--team", "Asia desk")
    assert "Created the team" not in again
    assert "Nothing new: the file was already imported into “Asia desk”." in again


@pytest.mark.django_db
def test_markdown_and_html_files_are_read_in_their_format(tmp_path):
    (tmp_path / "a.md").write_text(
        "# Fisheries\n\nStocks are *falling*.\n\n## Recommendations\n\n"
        "1. **The commission** should cut quotas.\n2. Norway should join the scheme.\n\n## Notes\n\nSurvey.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        "<html><head><title>Ports</title><style>p {}</style></head><body><nav>Menu</nav><h1>Ports</h1>"
        "<p>Trade is shifting.</p><h2>Policy recommendations</h2><ul><li>Customs should go digital.</li></ul>"
        "<h2>References</h2><p>Data.</p></body></html>",
        encoding="utf-8",
    )
    out, _ = run(str(tmp_path))
    assert "Created 2 sources and 3 recommendations" in out
    fisheries = Source.objects.get(title="Fisheries")
    assert [r.text for r in fisheries.recommendations.order_by("paragraph__number")] == [
        "The commission should cut quotas.",
        "Norway should join the scheme.",
    ]
    ports = Source.objects.get(title="Ports")
    assert [r.text for r in ports.recommendations.all()] == ["Customs should go digital."]
    assert "<" not in ports.text and "Menu" not in ports.text


@pytest.mark.django_db
def test_a_damaged_pdf_or_an_oversized_file_is_refused_by_name(tmp_path, settings):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7 binary")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file could not be imported"):
        call_command("import_seeds", str(pdf), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"error: {pdf}: this file is not a PDF that can be read")

    settings.UPLOAD_MAX_BYTES = 100
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n" + "Words and words. " * 20, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(big), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"error: {big}: too large")
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_a_team_name_that_slugifies_like_another_gets_its_own_team():
    run(str(BRIEF), "--team", "Demo team")
    out, _ = run(str(BRIEF), "--team", "Demo-team")
    assert "Created 1 source and 3 recommendations in “Demo-team”." in out
    assert sorted(Source.objects.values_list("team__slug", flat=True)) == ["demo-team", "demo-team-2"]


@pytest.mark.django_db
def test_a_blank_team_name_is_refused():
    with pytest.raises(CommandError, match="--team needs a team name"):
        run("--team", "  ")
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_importing_with_suggest_proposes_the_article_as_evidence_for_the_brief():
    out, _ = run("--suggest")
    brief = Source.objects.get(title__startswith="Will the Trump administration")
    suggested = Evidence.objects.filter(recommendation__source=brief, state=Evidence.State.SUGGESTED)
    assert suggested.exists()
    assert "7 weeks" in {e.paragraph.source.title[:7] for e in suggested}
    assert f"Suggested {suggested.count()} passages as evidence, awaiting review." in out
    # A second run suggests nothing more.
    again, _ = run("--suggest")
    assert "Suggested" not in again
    assert Evidence.objects.count() == suggested.count()


@pytest.mark.django_db
def test_pdf_and_word_files_are_imported_and_each_unreadable_one_gets_its_reason(tmp_path):
    from tests.docmaker import load_specs
    from tests.docmaker.broken import locked_pdf, scanned_pdf, zipped
    from tests.docmaker.docx import make_docx
    from tests.docmaker.pdf import make_pdf

    spec = load_specs()["gao-2022-fragmentation-overlap-duplication"]
    good_pdf = make_pdf(spec)
    (tmp_path / "a-report.pdf").write_bytes(good_pdf)
    (tmp_path / "b-report.docx").write_bytes(make_docx(load_specs()["uk-commons-liaison-legacy-report"]))
    bad = {
        "c-scanned.pdf": (scanned_pdf(), "this PDF has no text to read; it looks scanned"),
        "d-locked.pdf": (locked_pdf(good_pdf), "this PDF is protected by a password"),
        "e-cut.pdf": (good_pdf[: len(good_pdf) // 3], "this file is not a PDF that can be read"),
        "f-broken.docx": (zipped({"word/document.xml": "<w:document"}), "this Word file is damaged"),
        "g-bomb.docx": (zipped({"word/document.xml": " " * (300 * 1024 * 1024)}), "it may be a zip bomb"),
    }
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="5 of 7 files could not be imported"):
        call_command("import_seeds", str(tmp_path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 5
    for line, (name, (_, reason)) in zip(lines, sorted(bad.items()), strict=True):
        assert line.startswith(f"error: {tmp_path / name}: ") and reason in line
    assert sorted(Source.objects.values_list("format", flat=True)) == ["docx", "pdf"]
    pdf = Source.objects.get(format="pdf")
    assert pdf.filename == "a-report.pdf" and pdf.paragraphs.filter(page=1).exists()


@pytest.mark.django_db
def test_a_month_only_date_is_kept_as_a_month_not_invented_as_a_day(team):
    from tracker.sources.services import store_document

    page = (
        "<!doctype html><html><head><title>Organizing for influence</title>"
        "</head><body><article>"
        "<h1>Organizing for influence</h1><p>Published June 2010</p>"
        "<p>The United Kingdom should set out a clear strategy for the decade ahead.</p></article></body></html>"
    )
    # Stated in the text only, or in the page's metadata too.
    source = store_document(team, page.encode(), filename="report.html").source
    assert source.published_precision == Source.DatePrecision.MONTH
    assert source.citation.endswith(", June 2010")
    tagged = page.replace("</head>", '<meta property="article:published_time" content="2010-06"></head>')
    tagged = tagged.replace("<p>Published June 2010</p>", "")
    source = store_document(team, tagged.encode(), filename="other.html").source
    assert (source.published_on.isoformat(), source.date_label) == ("2010-06-01", "June 2010")


@pytest.mark.django_db
def test_without_accept_the_recommendations_found_await_review():
    out, err = StringIO(), StringIO()
    call_command("import_seeds", str(BRIEF), "--team", "Review desk", stdout=out, stderr=err)
    source = Source.objects.get()
    assert f"16 paragraphs, 3 recommendations found, awaiting review at /sources/{source.pk}/review/" in out.getvalue()
    assert "3 recommendations found await review (import with --accept to track them at once)" in out.getvalue()
    assert not Recommendation.objects.exists()
    assert source.candidates.pending().count() == 3
