"""The extractor on report shapes of our own making, not only on the seeds."""

from datetime import date

from tracker.sources.extraction import find_actor, make_title, read_document


def recommendation_texts(text):
    doc = read_document(text)
    return [doc.paragraphs[i].text for i in doc.recommendation_indexes]


NUMBERED = """\
Energy security in the Baltic

The region imports most of its gas. Prices rose sharply in 2022.

Recommendations

1. The government should build a second LNG terminal. It would halve the dependence on a single supplier.
2. Regional grids must be synchronised with the continental network by 2026.
3) Stockpiles should be audited every year.

About the authors

Jane Doe is a fellow.
"""

BULLETS_WRAPPED = """\
# Arctic shipping

Ice is retreating faster than forecast,
and traffic on the northern route doubled.

## Policy Recommendations

* Coastal states should agree common search-and-rescue rules.
  The current patchwork leaves gaps in the high north.
* Insurers need to price ice risk openly.

Published 3 March 2025
"""

OTHER_CASE = """\
Water and conflict
Rivers cross borders and so do droughts.
RECOMMENDATIONS:
• Basin commissions should publish flow data daily.
• Donors should fund joint monitoring stations, and they should do so for at least ten years.
2024-11-30
"""

PLAIN_SECTION = """\
Cities and heat

Heatwaves kill more people than floods.

Recommendations

Municipal governments should open cooling centres on every heat alert.

National agencies should publish heat-health warnings two days ahead.

Annex

Data tables.
"""

NO_SECTION = """\
A quiet week on the front

Little changed along the line of contact. Both armies dug in for winter.
"""


def test_numbered_list_items_until_the_next_heading():
    assert recommendation_texts(NUMBERED) == [
        "The government should build a second LNG terminal. It would halve the dependence on a single supplier.",
        "Regional grids must be synchronised with the continental network by 2026.",
        "Stockpiles should be audited every year.",
    ]


def test_bulleted_items_wrapped_over_lines_under_a_markdown_heading():
    assert recommendation_texts(BULLETS_WRAPPED) == [
        "Coastal states should agree common search-and-rescue rules. "
        "The current patchwork leaves gaps in the high north.",
        "Insurers need to price ice risk openly.",
    ]
    doc = read_document(BULLETS_WRAPPED)
    assert doc.title == "Arctic shipping"
    assert doc.published_on == date(2025, 3, 3)
    # A wrapped paragraph is one paragraph.
    assert (
        doc.paragraphs[1].text == "Ice is retreating faster than forecast, and traffic on the northern route doubled."
    )


def test_heading_in_capitals_with_colon_and_one_paragraph_per_line():
    assert recommendation_texts(OTHER_CASE) == [
        "Basin commissions should publish flow data daily.",
        "Donors should fund joint monitoring stations, and they should do so for at least ten years.",
    ]
    assert read_document(OTHER_CASE).published_on == date(2024, 11, 30)


def test_plain_paragraphs_under_the_heading_when_there_is_no_list():
    assert recommendation_texts(PLAIN_SECTION) == [
        "Municipal governments should open cooling centres on every heat alert.",
        "National agencies should publish heat-health warnings two days ahead.",
    ]


def test_no_recommendations_section():
    doc = read_document(NO_SECTION)
    assert doc.recommendation_indexes == []
    assert doc.has_recommendations_section is False
    assert len(doc.paragraphs) == 2


def test_a_paragraph_mentioning_recommendations_is_not_a_heading():
    text = "Title\n\nThe recommendations of last year were ignored by most ministries.\n\n- Not a recommendation.\n"
    assert recommendation_texts(text) == []


def test_title_is_the_clause_that_recommends_and_names_the_actor():
    text = (
        "Japan will continue to support Ukraine but, if talks take place, Japan should engage the countries "
        "concerned. Other sentences follow."
    )
    assert make_title(text) == "Japan should engage the countries concerned"
    assert find_actor(text) == "Japan"


def test_long_titles_are_cut_at_a_word():
    title = make_title("The ministry should " + "really " * 40 + "act.")
    assert len(title) <= 140
    assert title.endswith("…")
    assert " really…" in title or title.endswith("really…")
