"""The web page reader on the corpus pages, on reports published as HTML, and on pages made to break it."""

import lxml.html
import pytest

from tests.docmaker import CORPUS, accuracy, expected_paragraphs, load_specs, read_paragraphs, squash
from tests.docmaker.html import report_page
from tracker.sources.document import ITEM, NOTE, PartialDate, ReadError
from tracker.sources.readers.html import read_html

SPECS = load_specs()
PAGES = sorted((CORPUS / "html").glob("*.html"))
# Page furniture every corpus page has, none of which is a block.
FURNITURE_PHRASES = [
    "We use cookies",
    "Accept all cookies",
    "Academic rigour",
    "Share this article",
    "Republish this article",
    "Related articles",
    "Get the newsletter",
    "Free daily news",
    "Privacy policy",
    "Who we are",
    "Topics:",
    "Read more",
]


@pytest.fixture(params=PAGES, ids=lambda path: path.stem)
def page(request):
    return request.param


def test_a_corpus_page_gives_its_article_blocks(page):
    spec = SPECS[page.stem]
    document = read_html(page.read_bytes())
    assert accuracy(expected_paragraphs(spec), read_paragraphs(document)) >= 0.95


def test_a_corpus_page_gives_none_of_its_furniture(page):
    document = read_html(page.read_bytes())
    texts = [block.text for block in document.blocks]
    furniture = _furniture_texts(page.read_text(encoding="utf-8"))
    assert furniture, "the page has furniture to leave out"
    assert not [text for text in texts if text in furniture]
    assert not [(phrase, text) for phrase in FURNITURE_PHRASES for text in texts if phrase in text]


def test_a_corpus_page_gives_its_metadata(page):
    spec = SPECS[page.stem]
    metadata = spec["metadata"]
    document = read_html(page.read_bytes(), url="https://example.org/read-from-here")
    assert document.title == metadata["title"]
    assert document.author == metadata["author"]
    assert document.publisher == metadata["publisher"]
    assert document.url == spec["source"]["url"]
    if metadata["date"]:
        year, month, day = (int(part) for part in metadata["date"].split("-"))
        assert document.published == PartialDate(year, month, day)
    else:
        assert document.published is None


def _furniture_texts(html):
    """The texts of a corpus page outside its article's body (and its in-article promos), title aside."""
    tree = lxml.html.document_fromstring(html)
    body = tree.find_class("content-body")[0]
    promos = [element for element in body.iter() if "promo" in element.get("class", "")]
    for element in promos:
        element.getparent().remove(element)
    body.getparent().remove(body)
    for element in tree.xpath("//h1 | //head"):
        element.getparent().remove(element)
    texts = [squash(text) for text in tree.xpath("//text()")] + [squash(promo.text_content()) for promo in promos]
    return {text for text in texts if len(text) > 3}


# Reports published as web pages: the corpus's reports, with their numbered paragraphs, nested lists, tables,
# quotes and footnotes, written as a report site writes them.

REPORTS = sorted(slug for slug, spec in SPECS.items() if any(block["kind"] != "text" for block in spec["blocks"]))


@pytest.mark.parametrize("slug", REPORTS)
def test_a_report_published_as_html_keeps_its_headings_lists_tables_and_quotes(slug):
    spec = SPECS[slug]
    document = read_html(report_page(slug, spec))
    assert accuracy(expected_paragraphs(spec), read_paragraphs(document)) >= 0.95
    read = [block.text for block in document.blocks]
    assert not [text for text in read for phrase in FURNITURE_PHRASES if phrase in text]
    items = [(block["marker"], block["text"]) for block in spec["blocks"] if block["kind"] == "item"]
    assert [(block.marker, block.text) for block in document.blocks if block.kind == ITEM] == items
    notes = [(block["marker"], block["text"]) for block in spec["blocks"] if block["kind"] == "note"]
    assert [(block.marker, block.text) for block in document.blocks if block.kind == NOTE] == notes


def test_a_numbered_list_keeps_the_numbers_the_browser_prints():
    page = _article(
        "<p>The committee makes the following recommendations, each of which is explained below.</p>"
        '<ol start="3"><li>Publish the data.</li><li>Fund the audit.<ol type="a"><li>This year.</li>'
        '<li>Next year.</li></ol></li></ol><ol type="i"><li>First roman.</li><li>Second roman.</li></ol>'
    )
    items = [(block.marker, block.level, block.text) for block in read_html(page).blocks if block.kind == ITEM]
    assert items == [
        ("3.", 1, "Publish the data."),
        ("4.", 1, "Fund the audit."),
        ("a.", 2, "This year."),
        ("b.", 2, "Next year."),
        ("i.", 1, "First roman."),
        ("ii.", 1, "Second roman."),
    ]


def _article(body, head=""):
    sentences = " ".join(["The grid is old and repairs are slow, so storms cut power to many homes."] * 3)
    return (
        f"<html><head><title>Grid report</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Grid report</h1><p>{sentences}</p>{body}</article><footer>Footer text</footer></body></html>"
    )


# Pages made to break the reader.


@pytest.fixture
def no_extraction(monkeypatch):
    """trafilatura cannot be stopped once it runs, and is slow on such pages: they must be refused before it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the page reached trafilatura")

    monkeypatch.setattr("tracker.sources.readers.html.trafilatura.bare_extraction", refuse)


def test_deeply_nested_lists_are_refused_before_the_page_is_parsed(no_extraction):
    page = "<html><body>" + "<ul><li>x" * 200_000 + "</body></html>"
    with pytest.raises(ReadError, match="nested more than 100 levels"):
        read_html(page)


def test_a_page_of_more_list_items_than_a_document_may_have_is_refused_before_it_is_parsed(no_extraction):
    page = "<html><body><ul>" + "<li>x" * 200_000 + "</ul></body></html>"
    with pytest.raises(ReadError, match="more than 20,000 paragraphs"):
        read_html(page)


def test_a_paragraph_of_thousands_of_links_is_read_as_its_text():
    page = _article("<p>" + "<a href='/x'>word</a> " * 8000 + "</p>")
    document = read_html(page)
    assert any(block.text.startswith("word word word") for block in document.blocks)


def test_a_page_with_its_text_in_divs_is_read_by_walking_its_body():
    page = (
        "<html><head><title>Notice</title></head><body>"
        "<div class='menu'><div>Home</div><div>About</div></div>"
        "<div id='content'><div><div>Short notice.</div><div>Offices close at noon.<br><br>Back on Monday.</div>"
        "</div></div><footer>Copyright</footer></body></html>"
    )
    document = read_html(page)
    assert [(block.kind, block.text) for block in document.blocks] == [
        ("text", "Short notice."),
        ("text", "Offices close at noon."),
        ("text", "Back on Monday."),
    ]
    assert document.title == "Notice"


@pytest.mark.parametrize(
    "where",
    [
        '<meta property="article:published_time" content="2010-06">',
        '<script type="application/ld+json">{"@type": "Report", "datePublished": "2010-06"}</script>',
    ],
)
def test_a_month_only_date_stays_a_month(where):
    document = read_html(_article("", head=where))
    assert document.published == PartialDate(2010, 6)
    assert document.published.precision == "month"


def test_a_month_only_date_in_the_byline_stays_a_month():
    page = _article('<p class="date">Published June 2010</p>')
    assert read_html(page).published == PartialDate(2010, 6)


def test_a_date_in_the_text_or_in_related_articles_is_not_the_page_date():
    page = _article(
        "<p>Since 2020 the rules have changed twice.</p>"
        "<aside class='related'><time datetime='2024-03-03'>3 March 2024</time></aside>"
    )
    assert read_html(page).published is None


def test_the_declared_charset_decodes_the_page():
    page = _article("<p>Café prices rose – by a fifth.</p>", head='<meta charset="windows-1252">')
    document = read_html(page.encode("windows-1252"))
    assert "Café prices rose – by a fifth." in [block.text for block in document.blocks]


def test_a_page_without_a_declared_charset_is_read_as_utf8_or_guessed():
    page = _article("<p>Naïve estimates of the cost were wrong.</p>")
    assert "Naïve estimates of the cost were wrong." in [block.text for block in read_html(page.encode()).blocks]


def test_a_relative_canonical_address_is_resolved_against_the_page_address():
    page = _article("", head='<link rel="canonical" href="/reports/grid">')
    assert read_html(page, url="https://example.org/x?utm_source=feed").url == "https://example.org/reports/grid"


@pytest.mark.parametrize("data", [b"", b"   ", b"\x89PNG\r\n\x1a\n\x00\x00binary"])
def test_an_empty_or_binary_page_is_refused(data):
    with pytest.raises(ReadError):
        read_html(data)
