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


NUMBERED_SECTIONS = """\
Grid resilience

1. Introduction

Storms cut power to a million homes last winter.

2. Recommendations

2.1 The ministry should bury the most exposed lines. Overhead lines fail first.

2.2 Operators must publish outage data within a day.

3. Conclusion

Resilience is cheaper than repair.
"""


def test_numbered_section_headings_end_the_section():
    doc = read_document(NUMBERED_SECTIONS)
    assert recommendation_texts(NUMBERED_SECTIONS) == [
        "2.1 The ministry should bury the most exposed lines. Overhead lines fail first.",
        "2.2 Operators must publish outage data within a day.",
    ]
    kinds = {block.text: block.kind for block in doc.paragraphs}
    assert kinds["2. Recommendations"] == "heading" and kinds["3. Conclusion"] == "heading"
    assert make_title(doc.paragraphs[4].text) == "The ministry should bury the most exposed lines"


def test_notes_and_references_right_after_the_last_item_are_not_part_of_it():
    text = (
        "# Ports\n\nTrade is shifting south.\n\n## Policy recommendations\n\n"
        "1. Port authorities should share berth data. They should do so daily,\n"
        "   starting next year.\n"
        "2. Customs should accept electronic manifests.\n"
        "### Notes\n"
        "1. Data from 2024.\n"
    )
    assert recommendation_texts(text) == [
        "Port authorities should share berth data. They should do so daily, starting next year.",
        "Customs should accept electronic manifests.",
    ]
    plain_text = text.replace("### Notes", "References")
    assert recommendation_texts(plain_text)[-1] == "Customs should accept electronic manifests."
    assert [b.text for b in read_document(plain_text).paragraphs][-2:] == ["References", "Data from 2024."]


def test_a_notes_line_ends_a_section_of_plain_paragraphs():
    text = (
        "Report\nIntro.\nRecommendations\nThe state should act.\nDonors should fund.\nNotes: funded by the Y trust.\n"
    )
    assert recommendation_texts(text) == ["The state should act.", "Donors should fund."]


def test_windows_line_endings_and_a_byte_order_mark():
    text = "\ufeff" + NUMBERED.replace("\n", "\r\n")
    doc = read_document(text)
    assert doc.title == "Energy security in the Baltic"
    assert recommendation_texts(text) == recommendation_texts(NUMBERED)
    assert all("\r" not in block.text and "\ufeff" not in block.text for block in doc.paragraphs)


def test_markdown_emphasis_in_headings_and_titles():
    text = (
        "**Fisheries**\n\nStocks are falling.\n\n**Policy recommendations:**\n\n"
        "- **Quotas.** The commission should cut quotas by a fifth.\n"
        "- __Norway__ should join the monitoring scheme.\n\n*Notes*\n\nSurvey of 2025.\n"
    )
    doc = read_document(text)
    headings = [b.text for b in doc.paragraphs if b.kind == "heading"]
    assert headings == ["Fisheries", "Policy recommendations:", "Notes"]
    assert doc.title == "Fisheries"
    items = recommendation_texts(text)
    # The recommendation stays verbatim; its title and actor are read without the markup.
    assert items[0] == "**Quotas.** The commission should cut quotas by a fifth."
    assert make_title(items[0]) == "The commission should cut quotas by a fifth"
    assert make_title(items[1]) == "Norway should join the monitoring scheme"
    assert find_actor(items[1]) == "Norway"
    assert make_title("The snake_case_name should stay") == "The snake_case_name should stay"


def test_html_tags_and_entities_do_not_reach_titles():
    assert make_title("The state <em>should</em> act &amp; pay.") == "The state should act & pay"


def test_a_paragraph_indented_under_an_item_continues_it():
    text = (
        "Report\n\nIntro.\n\nRecommendations\n\n"
        "1. The state should act. Soon.\n\n   This matters because of the winter.\n\n"
        "2. Donors should fund the repairs.\n\nA closing remark, not indented.\n"
    )
    assert recommendation_texts(text) == [
        "The state should act. Soon. This matters because of the winter.",
        "Donors should fund the repairs.",
    ]
    assert read_document(text).paragraphs[-1].text == "A closing remark, not indented."


def test_a_table_of_contents_naming_the_section_is_passed_over():
    text = (
        "Grid resilience\n\nContents\n\n1. Introduction\n2. Recommendations\n3. Conclusion\n\n"
        "1. Introduction\n\nStorms cut power last winter.\n\n2. Recommendations\n\n"
        "- The ministry should bury exposed lines.\n- Operators must publish outage data.\n\n"
        "3. Conclusion\n\nResilience is cheaper than repair.\n"
    )
    assert recommendation_texts(text) == [
        "The ministry should bury exposed lines.",
        "Operators must publish outage data.",
    ]
