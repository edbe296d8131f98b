"""The plain text and Markdown readers: the extractor's paragraph rules kept, list depth and Markdown's own
structure added."""

import pytest

from tests.docmaker import accuracy, expected_paragraphs, load_specs, read_paragraphs
from tests.docmaker.markdown import as_markdown, markdown_can_write
from tests.sources import test_extraction
from tracker.sources.document import HEADING, ITEM, QUOTE, ROW, TEXT, Limits, PartialDate, ReadError
from tracker.sources.readers.text import read_markdown, read_text

# What the extractor's split_blocks made of report shapes (its tests, tests/sources/test_extraction.py, now read
# through read_text): headings, wrapped paragraphs, items with the marker as written, emphasis kept verbatim.
NUMBERED_FIRST_ITEM_END = "It would halve the dependence on a single supplier."
SPLIT_AS_BEFORE = {
    "numbered": (
        test_extraction.NUMBERED,
        [
            (HEADING, "Energy security in the Baltic", ""),
            (TEXT, "The region imports most of its gas. Prices rose sharply in 2022.", ""),
            (HEADING, "Recommendations", ""),
            (ITEM, "The government should build a second LNG terminal. " + NUMBERED_FIRST_ITEM_END, "1."),
            (ITEM, "Regional grids must be synchronised with the continental network by 2026.", "2."),
            (ITEM, "Stockpiles should be audited every year.", "3)"),
            (HEADING, "About the authors", ""),
            (TEXT, "Jane Doe is a fellow.", ""),
        ],
    ),
    "one paragraph per line": (
        test_extraction.OTHER_CASE,
        [
            (HEADING, "Water and conflict", ""),
            (TEXT, "Rivers cross borders and so do droughts.", ""),
            (HEADING, "RECOMMENDATIONS:", ""),
            (ITEM, "Basin commissions should publish flow data daily.", "•"),
            (ITEM, "Donors should fund joint monitoring stations, and they should do so for at least ten years.", "•"),
            (TEXT, "2024-11-30", ""),
        ],
    ),
    "numbered sections": (
        test_extraction.NUMBERED_SECTIONS,
        [
            (HEADING, "Grid resilience", ""),
            (ITEM, "Introduction", "1."),
            (TEXT, "Storms cut power to a million homes last winter.", ""),
            (ITEM, "Recommendations", "2."),
            (TEXT, "2.1 The ministry should bury the most exposed lines. Overhead lines fail first.", ""),
            (TEXT, "2.2 Operators must publish outage data within a day.", ""),
            (ITEM, "Conclusion", "3."),
            (TEXT, "Resilience is cheaper than repair.", ""),
        ],
    ),
    "emphasis": (
        "**Fisheries**\n\nStocks are falling.\n\n**Policy recommendations:**\n\n"
        "- **Quotas.** The commission should cut quotas by a fifth.\n"
        "- __Norway__ should join the monitoring scheme.\n\n*Notes*\n\nSurvey of 2025.\n",
        [
            (HEADING, "Fisheries", ""),
            (TEXT, "Stocks are falling.", ""),
            (HEADING, "Policy recommendations:", ""),
            (ITEM, "**Quotas.** The commission should cut quotas by a fifth.", "-"),
            (ITEM, "__Norway__ should join the monitoring scheme.", "-"),
            (HEADING, "Notes", ""),
            (TEXT, "Survey of 2025.", ""),
        ],
    ),
    "notes right after items": (
        "# Ports\n\nTrade is shifting south.\n\n## Policy recommendations\n\n"
        "1. Port authorities should share berth data. They should do so daily,\n"
        "   starting next year.\n"
        "2. Customs should accept electronic manifests.\n"
        "### Notes\n"
        "1. Data from 2024.\n",
        [
            (HEADING, "Ports", ""),
            (TEXT, "Trade is shifting south.", ""),
            (HEADING, "Policy recommendations", ""),
            (ITEM, "Port authorities should share berth data. They should do so daily, starting next year.", "1."),
            (ITEM, "Customs should accept electronic manifests.", "2."),
            (HEADING, "Notes", ""),
            (ITEM, "Data from 2024.", "1."),
        ],
    ),
    "a paragraph indented under an item": (
        "Report\n\nIntro.\n\nRecommendations\n\n"
        "1. The state should act. Soon.\n\n   This matters because of the winter.\n\n"
        "2. Donors should fund the repairs.\n\nA closing remark, not indented.\n",
        [
            (HEADING, "Report", ""),
            (TEXT, "Intro.", ""),
            (HEADING, "Recommendations", ""),
            (ITEM, "The state should act. Soon. This matters because of the winter.", "1."),
            (ITEM, "Donors should fund the repairs.", "2."),
            (TEXT, "A closing remark, not indented.", ""),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SPLIT_AS_BEFORE))
def test_plain_text_is_split_as_the_extractor_split_it(name):
    text, expected = SPLIT_AS_BEFORE[name]
    assert [(block.kind, block.text, block.marker) for block in read_text(text).blocks] == expected


def test_windows_line_endings_and_a_byte_order_mark():
    document = read_text("\ufeffTitle\r\n\r\nA paragraph,\r\nwrapped.\r\n")
    assert [(block.kind, block.text) for block in document.blocks] == [
        (HEADING, "Title"),
        (TEXT, "A paragraph, wrapped."),
    ]
    assert document.title == "Title"


def test_plain_text_title_and_date_as_written():
    document = read_text(test_extraction.BULLETS_WRAPPED)
    assert document.title == "Arctic shipping"
    assert document.published == PartialDate(2025, 3, 3)
    assert read_text("Grid report\n\nStorms cut power.\n\nJune 2010\n").published == PartialDate(2010, 6)


def test_plain_text_list_depth_follows_indentation():
    text = (
        "Recommendations\n\n"
        "1. Bury the lines.\n"
        "   (a) The exposed ones first.\n"
        "       i. Near the coast.\n"
        "   (b) Then the rest.\n"
        "2. Publish outage data.\n"
        "- A bullet after the list.\n"
    )
    items = [(block.marker, block.level, block.text) for block in read_text(text).blocks if block.kind == ITEM]
    assert items == [
        ("1.", 1, "Bury the lines."),
        ("(a)", 2, "The exposed ones first."),
        ("i.", 3, "Near the coast."),
        ("(b)", 2, "Then the rest."),
        ("2.", 1, "Publish outage data."),
        ("-", 1, "A bullet after the list."),
    ]


def test_plain_text_past_the_limits_is_refused():
    with pytest.raises(ReadError, match="more than 20,000 paragraphs"):
        read_text("A paragraph.\n\n" * 20_001)
    with pytest.raises(ReadError, match="longer than 50,000 characters"):
        read_text("word " * 12_000)
    with pytest.raises(ReadError, match="more than 3 paragraphs"):
        read_text("One.\n\nTwo.\n\nThree.\n\nFour.", Limits(max_blocks=3))


MARKDOWN = """\
# Arctic shipping

Ice is *retreating* faster than forecast,
and traffic on the **northern** route doubled.

## Policy recommendations

1. **Quotas.** Coastal states should agree common rules.
   - A nested bullet.
   - Another one, with `code`.
2. Insurers need to price ice risk openly.

   A second paragraph of the same item.

3) A third, with a bracket.

> A quote from a minister,
> over two lines.

| Year | Ships |
|------|-------|
| 2020 | 41 |
| 2024 | 96 |

### Notes

Published June 2025
"""


def test_markdown_blocks_with_levels_markers_and_depth():
    document = read_markdown(MARKDOWN)
    assert [(block.kind, block.level, block.marker, block.text) for block in document.blocks] == [
        (HEADING, 1, "", "Arctic shipping"),
        (TEXT, 0, "", "Ice is retreating faster than forecast, and traffic on the northern route doubled."),
        (HEADING, 2, "", "Policy recommendations"),
        (ITEM, 1, "1.", "Quotas. Coastal states should agree common rules."),
        (ITEM, 2, "-", "A nested bullet."),
        (ITEM, 2, "-", "Another one, with code."),
        (ITEM, 1, "2.", "Insurers need to price ice risk openly. A second paragraph of the same item."),
        (ITEM, 1, "3)", "A third, with a bracket."),
        (QUOTE, 0, "", "A quote from a minister, over two lines."),
        (ROW, 0, "", "Year | Ships"),
        (ROW, 0, "", "2020 | 41"),
        (ROW, 0, "", "2024 | 96"),
        (HEADING, 3, "", "Notes"),
        (TEXT, 0, "", "Published June 2025"),
    ]
    assert document.blocks[-3].cells == ["2024", "96"]
    assert document.title == "Arctic shipping"
    assert document.published == PartialDate(2025, 6)


def test_markdown_past_the_limits_is_refused():
    with pytest.raises(ReadError, match="more than 5 paragraphs"):
        read_markdown("- item\n" * 6, Limits(max_blocks=5))
    with pytest.raises(ReadError, match="nested more than 2 levels"):
        read_markdown("- one\n  - two\n    - three\n", Limits(max_depth=2))


SPECS = load_specs()


@pytest.mark.parametrize("slug", sorted(slug for slug, spec in SPECS.items() if markdown_can_write(spec)))
def test_a_corpus_document_written_in_markdown_reads_back(slug):
    spec = SPECS[slug]
    document = read_markdown(as_markdown(spec))
    assert accuracy(expected_paragraphs(spec), read_paragraphs(document)) >= 0.95


def test_one_paragraph_per_line_with_a_stray_blank_line_is_still_one_paragraph_per_line():
    lines = [
        "Cable report",
        "Undersea cables were damaged several times this year.",
        "Operators repaired them within weeks.",
        "",
        "Recommendations",
        "Governments should share sabotage warnings within a day.",
        "Navies should patrol the cable routes.",
        "Regulators should fund spare cable stocks.",
    ]
    document = read_text("\n".join(lines))
    assert [(block.kind, block.text) for block in document.blocks] == [
        (HEADING, "Cable report"),
        (TEXT, "Undersea cables were damaged several times this year."),
        (TEXT, "Operators repaired them within weeks."),
        (HEADING, "Recommendations"),
        (TEXT, "Governments should share sabotage warnings within a day."),
        (TEXT, "Navies should patrol the cable routes."),
        (TEXT, "Regulators should fund spare cable stocks."),
    ]


def test_text_wrapped_to_a_width_is_still_joined_into_paragraphs():
    text = (
        "Cable report\n\nUndersea cables were damaged several times this year, and the operators\n"
        "repaired them within weeks, at a cost that the regulators have not yet\npublished.\n\n"
        "The navies of the region have begun to patrol the routes of the cables\nmore often than before."
    )
    assert [block.text for block in read_text(text).blocks][1:] == [
        "Undersea cables were damaged several times this year, and the operators repaired them within weeks, at a "
        "cost that the regulators have not yet published.",
        "The navies of the region have begun to patrol the routes of the cables more often than before.",
    ]


def test_a_list_whose_items_end_in_sentences_keeps_an_indented_line_with_its_item():
    text = (
        "Cable report\n\nUndersea cables were damaged several times this year.\n\nRecommendations\n\n"
        "1. Governments should share sabotage warnings within a day.\n"
        "   They should also publish a yearly summary.\n"
        "2. Navies should patrol the cable routes.\n"
        "3. Regulators should fund spare cable stocks.\n"
    )
    items = [block.text for block in read_text(text).blocks if block.kind == ITEM]
    assert items == [
        "Governments should share sabotage warnings within a day. They should also publish a yearly summary.",
        "Navies should patrol the cable routes.",
        "Regulators should fund spare cable stocks.",
    ]


def _read(markdown):
    return [(block.kind, block.marker, block.text) for block in read_markdown(markdown).blocks]


def test_markdown_lines_opening_with_bullets_markdown_does_not_know_are_items():
    markdown = (
        "## Findings\n\n"
        "3 of 5 met\n"
        "  • Met\n"
        "  • Harbour dues should be published each spring (4.2)\n"
        "  • The port authority should keep a register\n"
        "    of every vessel it inspects (4.7)\n"
        "1 of 2 met\n"
        "  » Pilots should be licensed (5.1)\n"
    )
    assert _read(markdown) == [
        (HEADING, "", "Findings"),
        (TEXT, "", "3 of 5 met"),
        (ITEM, "•", "Met"),
        (ITEM, "•", "Harbour dues should be published each spring (4.2)"),
        (ITEM, "•", "The port authority should keep a register of every vessel it inspects (4.7)"),
        (TEXT, "", "1 of 2 met"),
        (ITEM, "»", "Pilots should be licensed (5.1)"),
    ]


def test_a_dash_that_opens_a_wrapped_line_is_no_bullet():
    markdown = "The harbour plan\n– which the board adopted in 2019 – was never funded.\n"
    assert _read(markdown) == [(TEXT, "", "The harbour plan – which the board adopted in 2019 – was never funded.")]
    capitalised = "The two sides\n– The Port and the Town – agreed on a plan.\n"
    assert _read(capitalised) == [(TEXT, "", "The two sides – The Port and the Town – agreed on a plan.")]
    dashes = "Steps to take:\n– Publish the dues\n– Keep a register\n"
    assert _read(dashes) == [
        (TEXT, "", "Steps to take:"),
        (ITEM, "–", "Publish the dues"),
        (ITEM, "–", "Keep a register"),
    ]


def test_a_list_marker_alone_on_its_line_opens_an_item_of_the_lines_after_it():
    markdown = (
        "7.\n"
        "The Board recommends that the port authority:\n"
        "(a)\n"
        "Publish its harbour dues each\n"
        "spring;\n"
        "(b)\n"
        "Keep a register of vessels.\n"
    )
    assert _read(markdown) == [
        (ITEM, "7.", "The Board recommends that the port authority:"),
        (ITEM, "(a)", "Publish its harbour dues each spring;"),
        (ITEM, "(b)", "Keep a register of vessels."),
    ]


def test_a_marker_alone_at_a_paragraphs_end_marks_the_next_paragraph():
    markdown = (
        "The review recommends the following;\na)\n\nDues - The port should publish its dues.\n\n(ii)\n\n## Annex\n"
    )
    assert _read(markdown) == [
        (TEXT, "", "The review recommends the following;"),
        (ITEM, "a)", "Dues - The port should publish its dues."),
        (TEXT, "", "(ii)"),
        (HEADING, "", "Annex"),
    ]


def test_a_markdown_paragraph_written_one_sentence_per_line_is_one_paragraph_per_line():
    markdown = (
        "# Main proposals\n"
        "There should be one harbour authority for the coast. It should publish its dues.\n"
        "Pilots should be licensed.\n"
        "The ports should share a register of vessels.\n"
    )
    assert [text for kind, _, text in _read(markdown) if kind == TEXT] == [
        "There should be one harbour authority for the coast. It should publish its dues.",
        "Pilots should be licensed.",
        "The ports should share a register of vessels.",
    ]


def test_a_markdown_paragraph_wrapped_to_a_width_stays_whole_where_a_line_ends_a_sentence():
    markdown = (
        "The harbour authority has published its dues for the first time.\n"
        "Pilots are now licensed, and the register of vessels is shared.\n"
    )
    assert _read(markdown) == [
        (
            TEXT,
            "",
            "The harbour authority has published its dues for the first time. Pilots are now licensed, and the "
            "register of vessels is shared.",
        )
    ]


def test_lines_inside_a_paragraph_that_open_with_a_marker_markdown_does_not_know_are_items():
    markdown = (
        "The Board recommends that the port authority:\n"
        "(a) Publish its harbour dues each spring, as set out in paragraph\n"
        "(b) of the charter;\n"
        "(b) Keep a register of vessels.\n"
    )
    assert _read(markdown) == [
        (TEXT, "", "The Board recommends that the port authority:"),
        (ITEM, "(a)", "Publish its harbour dues each spring, as set out in paragraph (b) of the charter;"),
        (ITEM, "(b)", "Keep a register of vessels."),
    ]


def test_marked_lines_inside_a_markdown_list_item_are_its_sub_items():
    markdown = "7. The Board recommends that the port authority:\n   (a) Publish its dues;\n   (b) Keep a register.\n"
    assert [(block.kind, block.level, block.marker, block.text) for block in read_markdown(markdown).blocks] == [
        (ITEM, 1, "7.", "The Board recommends that the port authority:"),
        (ITEM, 2, "(a)", "Publish its dues;"),
        (ITEM, 2, "(b)", "Keep a register."),
    ]


def test_a_marker_alone_as_a_paragraph_marks_the_next_paragraph():
    assert _read("c)\n\nPilots - The port should license its pilots.\n") == [
        (ITEM, "c)", "Pilots - The port should license its pilots.")
    ]


def test_plain_text_lines_opening_with_other_bullets_are_items():
    text = "Harbour proposals\n\n» Publish the dues each spring.\n» Keep a register of vessels.\n"
    assert [(block.kind, block.marker, block.text) for block in read_text(text).blocks][1:] == [
        (ITEM, "»", "Publish the dues each spring."),
        (ITEM, "»", "Keep a register of vessels."),
    ]


def test_a_paragraph_number_opens_an_item_only_after_a_line_that_ended_its_sentence():
    markdown = (
        "page 4\n"
        "34. The Board recommends that the port publish its dues as chapter\n"
        "12. Harbour Dues sets out.\n"
        "35. The Board again encourages the port to license its pilots.\n"
    )
    assert [(block.kind, block.marker, block.text) for block in read_markdown(markdown).blocks] == [
        (TEXT, "", "page 4"),
        (ITEM, "34.", "The Board recommends that the port publish its dues as chapter 12. Harbour Dues sets out."),
        (ITEM, "35.", "The Board again encourages the port to license its pilots."),
    ]


def test_plain_text_markers_alone_on_their_lines_open_items_of_the_lines_after_them():
    text = (
        "Harbour review\n\n7.\nThe Board recommends that the port authority:\n(a)\nPublish its harbour dues each\n"
        "spring;\n(b)\n\nKeep a register of vessels.\n"
    )
    assert [(block.kind, block.marker, block.text) for block in read_text(text).blocks][1:] == [
        (ITEM, "7.", "The Board recommends that the port authority:"),
        (ITEM, "(a)", "Publish its harbour dues each spring;"),
        (ITEM, "(b)", "Keep a register of vessels."),
    ]


def test_a_list_run_into_one_line_is_split_at_its_bullets():
    assert _read("2 of 3 met • Met • Pilots should be licensed (5.1)\n\nHome • Contact\n") == [
        (TEXT, "", "2 of 3 met"),
        (ITEM, "•", "Met"),
        (ITEM, "•", "Pilots should be licensed (5.1)"),
        (TEXT, "", "Home • Contact"),
    ]


def test_a_list_run_together_on_one_line_is_split_at_its_markers_in_order():
    markdown = (
        "The board recommends that the council:\n\n"
        "(a) Publish its accounts;\n\n"
        "(b) Repeal the old bylaw; (c) Open the depot on Sundays, as agreed in (e) of the 2019 plan; "
        "(d) Report each year.\n"
    )
    # A paragraph opening with one marker stays a paragraph (the finder reads its marker); one holding a run of
    # markers in order is the list it was.
    assert _read(markdown)[1:] == [
        (TEXT, "", "(a) Publish its accounts;"),
        (ITEM, "(b)", "Repeal the old bylaw;"),
        (ITEM, "(c)", "Open the depot on Sundays, as agreed in (e) of the 2019 plan;"),
        (ITEM, "(d)", "Report each year."),
    ]


def test_a_name_over_a_list_is_not_run_into_the_paragraph_or_item_before_it():
    # Pasted text: a department's name on its own line over each list, and a page number between two lines.
    markdown = (
        "The recommendations are set out below.\n"
        "Harbour Department\n"
        "1. Dredge the channel.\n"
        "2. Repair the quay.\n"
        "Parks Department\n"
        "1. Plant more trees.\n"
        "2. Open the gates earlier, in the summer\n"
        "4\n"
        "months too.\n"
    )
    assert _read(markdown) == [
        (TEXT, "", "The recommendations are set out below."),
        (TEXT, "", "Harbour Department"),
        (ITEM, "1.", "Dredge the channel."),
        (ITEM, "2.", "Repair the quay."),
        (TEXT, "", "Parks Department"),
        (ITEM, "1.", "Plant more trees."),
        (ITEM, "2.", "Open the gates earlier, in the summer months too."),
    ]


def test_lines_after_a_lead_in_that_stop_short_are_one_paragraph_each():
    markdown = (
        "The inquiry made nine recommendations, including:\n"
        "A single register of licensed landlords\n"
        "Fines for agents who break the rules, and a public list of them\n"
        "Tenants to be told of their rights at signing\n"
    )
    assert [text for _, _, text in _read(markdown)] == [
        "The inquiry made nine recommendations, including:",
        "A single register of licensed landlords",
        "Fines for agents who break the rules, and a public list of them",
        "Tenants to be told of their rights at signing",
    ]
    # Wrapped prose after a colon fills its lines: one paragraph.
    wrapped = (
        "The council said this about the plan:\n"
        "It would raise rents across the city over the coming years and it\n"
        "Would also slow the building of new homes, in the view of most of\n"
        "The members who spoke at the meeting on Tuesday evening last week.\n"
    )
    assert len(_read(wrapped)) == 1


def test_a_records_field_lines_are_one_paragraph_each():
    markdown = (
        "Finding: Grants were reported late.\n"
        "Cause: No one checked the returns.\n"
        "Recommendation: The finance office should check each return.\n"
        "Status: Open\n"
    )
    assert [text for _, _, text in _read(markdown)] == [
        "Finding: Grants were reported late.",
        "Cause: No one checked the returns.",
        "Recommendation: The finance office should check each return.",
        "Status: Open",
    ]


def test_a_forms_fields_are_one_paragraph_each_with_its_title_empty_fields_and_signature():
    markdown = (
        "Council Item\n"
        "Meeting Date: 4/2/2031\n"
        "Subject: Harbour dues\n"
        "Attachments:\n"
        "Summary : The dues were last set in 2020.\n"
        "Recommendation: That the Council raise the dues.\n"
        "Signed By:\n"
        "Ann Lee - Clerk\n"
    )
    assert [text for _, _, text in _read(markdown)] == [
        "Council Item",
        "Meeting Date: 4/2/2031",
        "Subject: Harbour dues",
        "Attachments:",
        "Summary : The dues were last set in 2020.",
        "Recommendation: That the Council raise the dues.",
        "Signed By:",
        "Ann Lee - Clerk",
    ]
    # Prose wrapped so that a few lines open with a word and a colon stays one paragraph.
    prose = (
        "Note: the dues were last set in 2020.\n"
        "Since then: costs have risen across the harbour and the\n"
        "Council: has not reviewed them, which the clerk regrets.\n"
        "Many boats now moor elsewhere, as the survey of owners showed.\n"
    )
    assert len(_read(prose)) == 1


def test_a_heading_line_in_capitals_inside_pasted_text_is_a_heading():
    markdown = (
        "The council asked for advice on the budget.\n"
        "RECOMMENDATIONS\n"
        "Staff recommends that the Council adopt the budget.\n"
        "FISCAL IMPACT\n"
        "None.\n"
    )
    assert _read(markdown) == [
        (TEXT, "", "The council asked for advice on the budget."),
        (HEADING, "", "RECOMMENDATIONS"),
        (TEXT, "", "Staff recommends that the Council adopt the budget."),
        (HEADING, "", "FISCAL IMPACT"),
        (TEXT, "", "None."),
    ]
    # A text set all in capitals keeps its lines together.
    telegram = "WG MET ON MONDAY.\nBRAZIL\nWG RECOMMENDS FURTHER STUDY.\n"
    assert len(_read(telegram)) == 1


def test_a_memos_header_lines_and_its_lead_in_are_one_paragraph_each_and_prose_after_a_list_is_its_own():
    markdown = (
        "To: Harbour Board\n"
        "From: Port Office of the Town of Easton\n"
        "Subject: Dredging\n"
        "Annual channel works\n"
        "That the Harbour Board:\n"
        "1. Approve the dredging plan;\n"
        "2. Direct the clerk to publish it.\n"
        "Budget\n"
        "The works are paid from the harbour fund. They start in May.\n"
    )
    assert _read(markdown) == [
        (TEXT, "", "To: Harbour Board"),
        (TEXT, "", "From: Port Office of the Town of Easton"),
        (TEXT, "", "Subject: Dredging"),
        (TEXT, "", "Annual channel works"),
        (TEXT, "", "That the Harbour Board:"),
        (ITEM, "1.", "Approve the dredging plan;"),
        (ITEM, "2.", "Direct the clerk to publish it."),
        (TEXT, "", "Budget"),
        (TEXT, "", "The works are paid from the harbour fund. They start in May."),
    ]
    # Prose wrapped to a width that ends in a colon fills its lines: one paragraph.
    wrapped = (
        "The harbour board met on Tuesday to discuss the\n"
        "Dredging of the channel and agreed on the plan\n"
        "That the port office had prepared, as follows:\n"
    )
    assert len(_read(wrapped)) == 1


def test_a_date_on_a_paragraphs_first_line_is_a_paragraph_of_its_own():
    markdown = "4 May 2020\nShips queued all day.\nThe harbour reopened on Monday after the storm.\n"
    assert _read(markdown) == [
        (TEXT, "", "4 May 2020"),
        (TEXT, "", "Ships queued all day."),
        (TEXT, "", "The harbour reopened on Monday after the storm."),
    ]


def test_a_table_flattened_one_row_per_line_each_opening_with_its_reference():
    markdown = (
        "Number The Harbour Board recommends that… Report Rating\n"
        "H19-01 the Port Office review the channel depth every year. R19 Satisfactory\n"
        "H19-02 the Port Office publish its mooring rules. R19 Unsatisfactory\n"
    )
    assert [text for _, _, text in _read(markdown)] == [
        "Number The Harbour Board recommends that… Report Rating",
        "H19-01 the Port Office review the channel depth every year. R19 Satisfactory",
        "H19-02 the Port Office publish its mooring rules. R19 Unsatisfactory",
    ]


def test_a_subtitle_run_into_a_press_releases_dateline_paragraph_is_its_own():
    markdown = (
        "Harbour Silting Worse Than Thought\n"
        "EASTON (May 1, 2007) – The Port Office must dredge the channel this year, according to a new survey.\n"
    )
    assert [text for _, _, text in _read(markdown)] == [
        "Harbour Silting Worse Than Thought",
        "EASTON (May 1, 2007) – The Port Office must dredge the channel this year, according to a new survey.",
    ]


def test_points_set_down_one_a_line_without_bullets_or_full_stops_are_one_paragraph_each():
    markdown = (
        "Harbour boards and port offices should work together\n"
        "The council must fund dredging\n"
        "the port office must publish a report on the depth of the channel every spring and every autumn\n"
    )
    assert [text for _, _, text in _read(markdown)] == [
        "Harbour boards and port offices should work together",
        "The council must fund dredging",
        "the port office must publish a report on the depth of the channel every spring and every autumn",
    ]
    # Lines wrapped to a width fill them, and a line ending on "the" goes on: one paragraph.
    wrapped = (
        "Harbour boards and port offices should work together on the\n"
        "Dredging of the channel because silt builds up every year and\n"
        "Boats cannot reach the quay at low tide in the winter months\n"
    )
    assert len(_read(wrapped)) == 1


def test_a_sentence_over_a_dividing_rule_is_a_paragraph_and_a_short_line_over_it_a_heading():
    markdown = (
        "## Text\n"
        "Publish the harbour's dues each year, with the costs they pay for, so that owners can check them.\n"
        "---\n"
        "Harbour dues\n"
        "---\n"
    )
    assert _read(markdown) == [
        (HEADING, "", "Text"),
        (TEXT, "", "Publish the harbour's dues each year, with the costs they pay for, so that owners can check them."),
        (HEADING, "", "Harbour dues"),
    ]
