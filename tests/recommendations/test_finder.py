"""The recommendation finder on report shapes written here, on the seeds, and over the labelled corpus."""

from pathlib import Path

import pytest

from bench.extraction import comparable, corpus_results, totals
from tracker.recommendations.finder import DANGLING, TITLE_LIMIT, find_actor, find_recommendations, make_title
from tracker.sources.document import HEADING, ITEM, ROW, TEXT, Block
from tracker.sources.readers import read_markdown, read_text

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
# The corpus level this finder reached (recall and precision both 1.00 on 98 labelled recommendations), rounded
# down to 0.05: a rule change that loses or invents a recommendation there fails.
CORPUS_LEVEL = 1.00


def texts(markdown):
    return [found.text for found in find_recommendations(read_markdown(markdown).blocks)]


def found_in(markdown):
    return find_recommendations(read_markdown(markdown).blocks)


# --- Sections under a heading that names recommendations


@pytest.mark.parametrize(
    "heading",
    [
        "## Recommendations",
        "## RECOMMENDATIONS",
        "### Summary of recommendations",
        "## Key recommendations",
        "## Main recommendations",
        "## Our recommendations",
        "## Policy recommendations",
        "## Recommendations for the government",
        "## 8.2 Recommendations",
        "**Recommendations**",
        "Recommendations:",
    ],
)
def test_items_under_any_heading_that_names_recommendations(heading):
    document = (
        f"# Ports\n\nTrade is shifting south.\n\n{heading}\n\n"
        "- Ports should share berth data.\n- Customs should accept electronic manifests.\n"
    )
    assert texts(document) == ["Ports should share berth data.", "Customs should accept electronic manifests."]


def test_a_section_ends_at_the_next_heading_of_the_same_level():
    document = (
        "## Recommendations\n\n### Energy\n\n1. Build a second terminal.\n\n### Water\n\n1. Meter every farm.\n\n"
        "## Background\n\n- Prices rose sharply.\n"
    )
    assert texts(document) == ["Build a second terminal.", "Meter every farm."]


def test_plain_text_headings_and_wrapped_lines():
    document = (
        "Water and conflict\n\nRivers cross borders.\n\nRecommendations\n\n"
        "1. Basin commissions should publish flow data\n   daily, in one shared format.\n"
        "2. Donors should fund joint monitoring stations.\n\nAbout the authors\n\nJane Doe is a fellow.\n"
    )
    assert [found.text for found in find_recommendations(read_text(document).blocks)] == [
        "Basin commissions should publish flow data daily, in one shared format.",
        "Donors should fund joint monitoring stations.",
    ]


def test_plain_paragraphs_under_the_heading_only_when_worded_as_recommendations():
    document = (
        "## Recommendations\n\nThis chapter sets out what we propose.\n\n"
        "Municipal governments should open cooling centres on every heat alert.\n\n"
        "We note that heatwaves now kill more people than floods.\n\n"
        "The committee found that warnings came too late.\n\n"
        "National agencies must publish heat-health warnings two days ahead.\n\n"
        "The committee recommends that hospitals plan for surges.\n\n"
        "Publish the data every day.\n"
    )
    assert texts(document) == [
        "Municipal governments should open cooling centres on every heat alert.",
        "National agencies must publish heat-health warnings two days ahead.",
        "The committee recommends that hospitals plan for surges.",
        "Publish the data every day.",
    ]


def test_under_conclusions_and_recommendations_only_the_items_that_recommend():
    document = (
        "## Conclusions and recommendations\n\n"
        "1. The scheme has worked well in its first year. (Paragraph 12)\n"
        "2. We recommend that the scheme be extended to all regions. (Paragraph 15)\n"
        "3. We welcome the Minister's statement. (Paragraph 18)\n"
        "4. The Department should publish its evaluation within six months. (Paragraph 21)\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("2", "We recommend that the scheme be extended to all regions. (Paragraph 15)"),
        ("4", "The Department should publish its evaluation within six months. (Paragraph 21)"),
    ]


def test_findings_in_a_list_of_recommendations_are_left_out():
    document = (
        "# Summary of the main recommendations\n\nThe Conference:\n\n"
        "1. recommended that member countries fund the programme;\n"
        "2. noted the offer of one member to host the next session.\n"
    )
    assert texts(document) == ["recommended that member countries fund the programme;"]


# --- Lead-ins that announce a list


@pytest.mark.parametrize(
    "lead_in",
    [
        "The report recommends that:",
        "We recommend:",
        "It was recommended that:",
        "The committee makes six recommendations, including:",
        "In order for the plan to succeed, the authors advocate that:",
        "We recommend that the Government:",
    ],
)
def test_a_lead_in_sentence_announces_its_list(lead_in):
    document = (
        f"# Report\n\nSome context first.\n\n{lead_in}\n\n- Fund the monitoring stations.\n"
        "- Publish flow data daily.\n\nThe report was launched in May.\n"
    )
    assert texts(document) == ["Fund the monitoring stations.", "Publish flow data daily."]


def test_a_lead_in_names_the_actor_of_items_that_name_none():
    document = "We recommend that the Government:\n\n(1) Deepens coordination between departments\n\n(2) Publishes it\n"
    found = found_in(document)
    assert [(item.label, item.text, item.actor) for item in found] == [
        ("1", "Deepens coordination between departments", "the Government"),
        ("2", "Publishes it", "the Government"),
    ]


def test_the_list_after_we_note_that_holds_no_recommendations():
    document = (
        "# Complete table of recommendations\n\nTo avoid repetition, we note that:\n\n"
        "- Unless stated otherwise, recommendations are directed at central government.\n"
        "- Planning should be informed by modelling.\n\n"
        "| Recommendation | Responsible agency |\n|---|---|\n| Establish a central agency function. | Cabinet |\n"
    )
    assert texts(document) == ["Establish a central agency function."]


def test_a_lead_in_without_its_list_gives_nothing():
    document = (
        "82. The workshop met in March.\n\n83. The participants made the following recommendations:\n\n"
        "84. The session accepted the report.\n"
    )
    assert texts(document) == []


@pytest.mark.parametrize(
    "lead_in",
    [
        "The brief suggests three actions for regulators:",
        "Urgent measures for the coming year:",
        "Our priorities for the next parliament:",
        "First-year policies should include:",
        "We make one further recommendation, namely:",
    ],
)
def test_a_lead_in_that_announces_actions_without_recommending(lead_in):
    document = f"# Water\n\nRivers are drying.\n\n{lead_in}\n\n- Meter every farm.\n- Publish flow data daily.\n"
    assert texts(document) == ["Meter every farm.", "Publish flow data daily."]


def test_items_under_a_lead_in_may_be_instructions_or_gerunds():
    document = (
        "The review proposes four steps:\n\n"
        "- Find a permanent home for the archive. Its lease ends next year.\n"
        "- Strengthen ties with the universities.\n"
        "- Parliament funding a second reading room.\n"
        "- The board reviewing its fees every two years.\n"
    )
    assert texts(document) == [
        "Find a permanent home for the archive. Its lease ends next year.",
        "Strengthen ties with the universities.",
        "Parliament funding a second reading room.",
        "The board reviewing its fees every two years.",
    ]


def test_a_line_ending_in_a_colon_is_a_lead_in_never_a_recommendation_itself():
    document = (
        "# Rail\n\nShort-term fixes should include:\n\n- Operators publishing delay data.\n\n"
        "Longer-term, the ministry should include:\n\n## Background\n\nThe network is old.\n"
    )
    assert texts(document) == ["Operators publishing delay data."]


def test_a_recommending_paragraph_that_ends_in_a_colon_announces_its_list():
    document = (
        "# Tariffs\n\nThe ministry should consider the following:\n\n- a levy on imported steel;\n"
        "- a rebate for small firms.\n"
    )
    found = found_in(document)
    assert [(item.text, item.actor) for item in found] == [
        ("a levy on imported steel;", "The ministry"),
        ("a rebate for small firms.", "The ministry"),
    ]


def test_paragraphs_after_a_lead_in_give_their_recommending_sentences():
    document = (
        "The committee recommends:\n\nFares rose twice last year. Operators should freeze them until 2027.\n\n"
        "Councils must publish bus timetables in one format.\n"
    )
    assert texts(document) == [
        "Operators should freeze them until 2027.",
        "Councils must publish bus timetables in one format.",
    ]


def test_a_lead_in_naming_conclusions_too_keeps_only_the_items_worded_as_recommendations():
    document = (
        "The council offers the following conclusions and recommendations:\n\n"
        "- Unless fares fall, ridership will keep dropping.\n"
        "- The operator should cut peak fares by a tenth.\n"
    )
    assert texts(document) == ["The operator should cut peak fares by a tenth."]


def test_the_list_after_key_findings_holds_no_recommendations():
    document = "Key findings include:\n\n- Councils should have acted sooner.\n- Budgets fell by a fifth.\n"
    assert texts(document) == []


# --- "Recommendation N" blocks, anywhere


def test_recommendation_label_on_its_own_line_labels_the_next_paragraph():
    document = (
        "Recommendation 1\n\n6.1 The committee recommends that the Australian Government restore the budget.\n\n"
        "Recommendation 2\n\n6.2 That the Act be amended.\n\nNavigation: Previous Page | Contents | Next Page\n"
    )
    found = found_in(document)
    assert [(item.label, item.text, item.actor) for item in found] == [
        (
            "Recommendation 1",
            "The committee recommends that the Australian Government restore the budget.",
            "the Australian Government",
        ),
        ("Recommendation 2", "That the Act be amended.", ""),
    ]


def test_recommendation_label_as_a_heading_and_in_the_paragraph():
    blocks = [
        Block(HEADING, "Findings", level=1),
        Block(TEXT, "Costs rose."),
        Block(HEADING, "Recommendation 3", level=2),
        Block(TEXT, "The ministry should bury the most exposed lines."),
        Block(TEXT, "Recommendation 4: Operators must publish outage data within a day."),
        Block(TEXT, "(U) Rec. 4.a: The OIG recommended that the Secretary designate an entity."),
    ]
    found = find_recommendations(blocks)
    assert [(item.indexes, item.label, item.text) for item in found] == [
        ([3], "Recommendation 3", "The ministry should bury the most exposed lines."),
        ([4], "Recommendation 4", "Operators must publish outage data within a day."),
        ([5], "Rec. 4.a", "The OIG recommended that the Secretary designate an entity."),
    ]


def test_labels_in_capitals_are_labels():
    document = (
        "RECOMMENDATION 7: The ministry should publish outage data within a day.\n\n"
        "REC. 8 – Operators must test their backup lines every quarter.\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("RECOMMENDATION 7", "The ministry should publish outage data within a day."),
        ("REC. 8", "Operators must test their backup lines every quarter."),
    ]
    # The benchmark compares texts without such a label, whatever its case.
    assert comparable("RECOMMENDATION 7: The ministry should act.") == "The ministry should act"


def test_items_lettered_from_a_after_a_numbered_recommendation_are_its_parts():
    document = (
        "RECOMMENDATION 4.2: Harbour dues should be set by the port board.\n\n"
        "a. The board should publish them each spring.\n\n"
        "b. Dues should be lower for fishing boats.\n\n"
        "RECOMMENDATION 4.3: Pilots should be licensed.\n"
    )
    assert [(item.label, item.text) for item in found_in(document)] == [
        (
            "RECOMMENDATION 4.2",
            "Harbour dues should be set by the port board. a. The board should publish them each spring. "
            "b. Dues should be lower for fishing boats.",
        ),
        ("RECOMMENDATION 4.3", "Pilots should be licensed."),
    ]
    roman = "RECOMMENDATION 5: Pilots should be licensed.\n\n(i) Licences should last five years.\n"
    assert texts(roman) == ["Pilots should be licensed. (i) Licences should last five years."]


def test_a_label_without_a_number_is_left_out_of_the_text():
    document = (
        "# Outages\n\nOutages doubled.\n\n**Recommendation:** The ministry should publish outage data.\n\n"
        "Recommendation – Test the backup lines every quarter.\n\nRecommendation: Accepted\n"
    )
    assert texts(document) == ["The ministry should publish outage data.", "Test the backup lines every quarter."]


def test_prose_that_mentions_a_recommendation_is_not_one():
    document = "# Follow-up\n\nRecommendation 3 was rejected by the Government last year.\n"
    assert texts(document) == []


# --- Item shapes


@pytest.mark.parametrize(
    "first, second, labels",
    [
        ("1.", "2.", ["1", "2"]),
        ("1)", "2)", ["1", "2"]),
        ("(1)", "(2)", ["1", "2"]),
        ("a.", "b.", ["a", "b"]),
        ("(a)", "(b)", ["a", "b"]),
        ("i.", "ii.", ["i", "ii"]),
        ("(i)", "(ii)", ["i", "ii"]),
        ("8.2(a)", "8.2(b)", ["8.2(a)", "8.2(b)"]),
        ("-", "-", ["", ""]),
        ("•", "•", ["", ""]),
    ],
)
def test_numbered_lettered_and_bulleted_items(first, second, labels):
    document = (
        f"Recommendations\n\n{first} The regulator should publish prices.\n\n"
        f"{second} Suppliers must report outages within a day.\n"
    )
    found = find_recommendations(read_text(document).blocks)
    assert [(item.label, item.text) for item in found] == [
        (labels[0], "The regulator should publish prices."),
        (labels[1], "Suppliers must report outages within a day."),
    ]


def test_an_item_runs_over_sentences_and_keeps_its_sub_items_and_indented_remark():
    document = (
        "## Recommendations\n\n"
        "1. We recommend that the Standing Order be amended to read:\n\n"
        "All committees shall have power:\n\n"
        "(a) to publish reports under embargo; or\n\n"
        "(b) to consult those they criticise. (Paragraph 47)\n\n"
        "2. The House should act. It should do so this session.\n\n"
        "   This matters because the session is short.\n\n"
        "3. The Clerk should report annually.\n"
    )
    assert texts(document) == [
        "We recommend that the Standing Order be amended to read: All committees shall have power: "
        "(a) to publish reports under embargo; or (b) to consult those they criticise. (Paragraph 47)",
        "The House should act. It should do so this session. This matters because the session is short.",
        "The Clerk should report annually.",
    ]


def test_a_labelled_recommendation_keeps_its_numbered_sub_list():
    document = (
        "Recommendation 4\n\n7.46 The committee recommends that an audit be conducted, including an analysis of:\n\n"
        "  1. incidents which were downgraded; and\n  2. evidence of follow-up.\n\nRecommendation 5\n\n"
        "7.51 The committee recommends that the Government appoint an advocate.\n"
    )
    assert texts(document) == [
        "The committee recommends that an audit be conducted, including an analysis of: "
        "1. incidents which were downgraded; and 2. evidence of follow-up.",
        "The committee recommends that the Government appoint an advocate.",
    ]


def test_bold_lead_in_items_get_the_lead_in_as_title():
    document = (
        "# The report sets out recommendations for the next government\n\n"
        "- **Navigating great power dynamics:** the next government will face an unpredictable context. "
        "The report recommends that the government establish a coherent approach.\n"
        "- **Improving relations with neighbours:** a new government will have opportunities to do so.\n"
    )
    found = found_in(document)
    assert [(item.title, item.actor) for item in found] == [
        ("Navigating great power dynamics", "the government"),
        ("Improving relations with neighbours", ""),
    ]
    assert found[0].text.startswith("Navigating great power dynamics: the next government")
    plain_bold = "- **Quotas:** the commission should cut quotas by a fifth.\n"
    assert make_title(read_text(plain_bold).blocks[0].text) == "Quotas"


def test_rows_of_a_table_with_a_recommendation_column():
    document = (
        "| Group 1: Strengthen coordination | |\n|---|---|\n"
        "| A summary row that should not count. | |\n"
        "| Recommendations | Responsible agency |\n"
        "| 1 | Establish a central agency function. |\n"
        "| Group 2: Plan for surges | |\n"
        "| 2 | Prepare a surge plan. |\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("1", "Establish a central agency function."),
        ("2", "Prepare a surge plan."),
    ]


def test_a_table_copied_as_text_with_slashes_between_cells():
    # Copied from a web page, the rows run together: each row's number shows where it starts.
    document = (
        "Response to the review\n\nNo. / Recommendation / Response / Progress\n"
        "3.1 / The ministry should publish ferry timetables a year ahead. / Accept / Done in 2031.\n"
        "3.2 / Councils should share pier repair costs. Port users should pay a levy. / Accept in part /\n"
    )
    found = found_in(document)
    assert [(item.label, item.text, item.response) for item in found] == [
        ("3.1", "The ministry should publish ferry timetables a year ahead.", "Accept"),
        ("3.2", "Councils should share pier repair costs. Port users should pay a levy.", "Accept in part"),
    ]
    # Rows that cannot be told apart are not guessed at: the paragraph stays one.
    unnumbered = "No. / Recommendation / Response / Progress / Councils should share costs. / Accept"
    assert [(item.label, item.text) for item in found_in(unnumbered)] == [("", unnumbered)]


def test_a_status_column_and_a_trailing_label_in_an_audit_table():
    blocks = [
        Block(ROW, "", cells=["Agency", "Recommendation", "Status"]),
        Block(ROW, "", cells=["Tax office", "The Commissioner should clarify the rules. (Recommendation 3)", "Open"]),
    ]
    (found,) = find_recommendations(blocks)
    assert (found.label, found.text, found.actor, found.response) == (
        "Recommendation 3",
        "The Commissioner should clarify the rules.",
        "The Commissioner",
        "Open",
    )


def test_a_number_column_labels_rows_and_a_party_note_names_who_acts():
    document = (
        "| Audit No. | Recommendation (Responsible Office) | Priority | Office Response | Status |\n"
        "|---|---|---|---|---|\n"
        "| 2.1 | Publish ferry timetables a year ahead (Port Office). | 1 | Agreed. | 3 |\n"
        "| 2.2 | Repair the north pier (Works Dept.). | 2 | Under way. | 1 |\n"
    )
    assert [(item.label, item.text, item.actor, item.response) for item in found_in(document)] == [
        ("2.1", "Publish ferry timetables a year ahead (Port Office).", "Port Office", "Agreed."),
        ("2.2", "Repair the north pier (Works Dept.).", "Works Dept.", "Under way."),
    ]


@pytest.mark.parametrize("header", ["Recommended actions", "Recommendation and responsible office"])
def test_other_names_of_a_recommendation_column(header):
    document = f"| Ref | {header} |\n|---|---|\n| 2.1 | Publish the harbour dues each spring. |\n"
    assert [(item.label, item.text) for item in found_in(document)] == [
        ("2.1", "Publish the harbour dues each spring.")
    ]


def test_a_column_of_who_is_to_act_gives_each_rows_actor():
    document = (
        "| No. | Recommendation | Lead agency | Status |\n|---|---|---|---|\n"
        "| 5 | Publish the harbour dues each spring. | Port Board | Open |\n"
    )
    assert [(item.label, item.actor, item.response) for item in found_in(document)] == [("5", "Port Board", "Open")]


def test_ordinal_paragraphs_and_recommending_paragraphs_outside_any_section():
    document = (
        "# Strengthening our voice\n\nWe published the group's recommendations this week.\n\n"
        "First, the government should avoid further cuts.\n\nSecond, the UK should support reform.\n\n"
        "First, a word on method: we met twelve times.\n\n"
        "108. Countries should make use of the study.\n\n109. The Conference agreed with the proposed action.\n\n"
        "110. The Conference suggested that follow-up actions be reviewed next year.\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("First", "the government should avoid further cuts."),
        ("Second", "the UK should support reform."),
        ("108", "Countries should make use of the study."),
        ("110", "The Conference suggested that follow-up actions be reviewed next year."),
    ]


def test_a_news_story_that_quotes_advice_has_no_recommendations():
    document = (
        "# Talks loom\n\nThe envoy argued the US “should offer to delay membership.”\n\n"
        "Officials said both sides must now decide.\n\n“We should talk,” she said.\n"
    )
    assert texts(document) == []
    headline = "# Council rejects library recommendations\n\nMayor Smith said the city should wait.\n"
    assert texts(headline) == []
    attributed = (
        "# Libraries\n\nThe city should wait, Mayor Smith said.\n\n“The city must wait,” said the mayor.\n\n"
        "The inquiry will make recommendations on what needs to change.\n"
    )
    assert texts(attributed) == []


def test_resolve_reports_of_calls_and_calls_for_nothing_in_particular_are_no_recommendations():
    document = (
        "# Ferries\n\nSo we can and we must do more for the islands.\n\n"
        "The review includes calls for cheaper fares and more sailings.\n\n"
        "Two unions have jointly called for urgent action, arguing that the timetable fails islanders.\n"
    )
    assert texts(document) == []
    assert texts("The board calls for cheaper fares on every route.\n") == [
        "The board calls for cheaper fares on every route."
    ]


def test_a_sentence_that_advises_someone_named_inside_a_paragraph_that_opens_otherwise():
    document = (
        "The 40-page report documents delays on every ferry route. Inspectors found broken ramps on six piers. "
        "Island councils should publish the timetables a year ahead. Ferry operators should compensate "
        "passengers for cancelled sailings.\n\n"
        "The harbour was busy. Skippers must not moor at the north pier. As islanders we should be proud of "
        "the service. Its value cannot be overstated and the board must be thanked. By May every island will "
        "have a berth, and traffic must rise further. The operator should have warned the skippers. The whole "
        "town should be proud of its harbour. Passengers should expect delays in May.\n"
    )
    assert texts(document) == [
        "Island councils should publish the timetables a year ahead.",
        "Ferry operators should compensate passengers for cancelled sailings.",
    ]


def test_a_press_releases_dateline_is_no_part_of_its_recommendation():
    document = (
        "Oslo, 3 March 2031 – Ferry fares must be capped for islanders, according to a report published today.\n\n"
        "(Bergen) – The port board should publish its dues each spring.\n"
    )
    assert texts(document) == [
        "Ferry fares must be capped for islanders, according to a report published today.",
        "The port board should publish its dues each spring.",
    ]


def test_a_modal_in_a_title_is_no_advice():
    document = (
        "# The year in review\n\nThe second report, Ferries First: Ports Should Serve Islands, looked at fares. "
        "It contained 12 recommendations.\n\nTHE MINISTRY SHOULD PUBLISH FARES EACH YEAR.\n"
    )
    assert texts(document) == ["THE MINISTRY SHOULD PUBLISH FARES EACH YEAR."]


def test_a_sentence_mentioning_recommendations_is_not_a_heading():
    document = "Title\n\nThe recommendations of last year were ignored by most ministries.\n\n- Budgets were cut.\n"
    assert find_recommendations(read_text(document).blocks) == []


# --- Sentences, runs of instructions and mixed items


def test_a_recommending_sentence_inside_a_paragraph_that_opens_otherwise():
    document = (
        "# Decision\n\nSummary: Mr Y complains the board lost his records. We find the board at fault. "
        "We recommend the board apologise and pay Mr Y £200. We also recommend the board review its filing.\n\n"
        "The audit began in May. The board recommended a new filing system in 2019.\n"
    )
    assert texts(document) == [
        "We recommend the board apologise and pay Mr Y £200.",
        "We also recommend the board review its filing.",
    ]


def test_a_body_asking_another_to_act_as_a_summary_reports_it():
    document = (
        "The Assembly adopted a resolution on river transport by 301 votes to 90. The resolution was tabled by two "
        "groups. The Assembly urged the Ministry to publish its dredging plans every spring. It regretted the delays. "
        "It expected from the port authorities a clearer account of their fees. Analysts expected the ministry to "
        "cut fees. Finally, the Assembly called on the Ministry to:\n"
    )
    assert texts(document) == [
        "The Assembly urged the Ministry to publish its dredging plans every spring.",
        "It expected from the port authorities a clearer account of their fees.",
    ]


def test_our_own_recommendation_restated_in_the_past_tense():
    document = (
        "# Our recent reports\n\n4.2\nWe looked at how ferries are inspected. Inspections were often late. "
        "We recommended that the ports publish inspection dates.\n\n"
        "4.3\nOur main recommendations were for the Ministry. We recommended that the Ministry:\n"
    )
    assert texts(document) == ["We recommended that the ports publish inspection dates."]


def test_sentences_that_count_off_advice_in_a_paragraph():
    document = (
        "The panel met six times. It makes two proposals. First, the port board should publish its dues each "
        "spring. Second, the harbour master should license pilots. The panel will report again in May.\n\n"
        "First, we arrived late. Second, the ferry should have waited.\n"
    )
    assert [(item.label, item.text) for item in found_in(document)] == [
        ("First", "the port board should publish its dues each spring."),
        ("Second", "the harbour master should license pilots."),
    ]


def test_steps_to_take_set_out_in_prose():
    document = (
        "# After the floods\n\nTowns rebuilt slowly. Their first step is to map every culvert (1) by size and "
        "(2) by age. Their second step is to agree who clears them. Crews are scarce.\n\n"
        "The levee failed twice. A sensible next step would be to fund a survey.\n\n"
        "Our method is simple. The first step is to count the homes flooded. The second step is to price the "
        "repairs. In 2019 the town's first step was to rebuild the bridge.\n"
    )
    assert texts(document) == [
        "Their first step is to map every culvert (1) by size and (2) by age.",
        "Their second step is to agree who clears them.",
        "A sensible next step would be to fund a survey.",
    ]


def test_a_need_stated_without_a_modal():
    document = (
        "# Rural clinics\n\nClinic budgets vary by region. Remote clinics require more funding for night staff "
        "because patients travel far. In the cities, attention is needed on waiting times.\n\n"
        "The closure of the Ashby clinic requires re-examination given the winter. The board recommends that it "
        "reopen.\n\n"
        "The law requires review every five years. There is no need to act. Staff go where they are needed. "
        "The clinics required more beds in 2019. A form is needed for each patient.\n"
    )
    assert texts(document) == [
        "Remote clinics require more funding for night staff because patients travel far.",
        "In the cities, attention is needed on waiting times.",
        "The closure of the Ashby clinic requires re-examination given the winter. The board recommends that it "
        "reopen.",
    ]


def test_sentences_that_advise_in_an_abstract():
    document = (
        "# Ferry subsidies in small island states\n\n## Abstract\n\nSubsidies have grown for a decade. This paper "
        "argues that subsidies should follow passengers rather than operators. Critics argue that fares should "
        "rise. Moreover, to curb waste, the regulators should audit routes every year. Demand should fall as "
        "fares rise.\n\n## Introduction\n\n"
        "Ferries are lifelines. In our view, the regulators should audit routes.\n"
    )
    assert texts(document) == [
        "This paper argues that subsidies should follow passengers rather than operators.",
        "Moreover, to curb waste, the regulators should audit routes every year.",
    ]


def test_a_purpose_clause_or_a_relative_clause_before_the_modal():
    document = (
        "# Records\n\nTo allow for claims made late, councils that run care homes should keep their records for "
        "forty years.\n\n"
        "Operators which have lost records must tell the regulator within a week.\n\n"
        "It is clear that councils should act. Records were lost in 2019.\n"
    )
    assert texts(document) == [
        "To allow for claims made late, councils that run care homes should keep their records for forty years.",
        "Operators which have lost records must tell the regulator within a week.",
    ]


def test_a_table_border_copied_after_a_paragraph_is_left_out():
    document = "# Conclusions\n\n12. The ministry should publish fares. This will help travellers. |\n"
    assert texts(document) == ["The ministry should publish fares. This will help travellers."]


def test_the_documents_own_view_that_someone_should_act():
    document = (
        "# Ferries\n\nFerries ran late all winter.\n\n"
        "We believe that the Government should publish the timetable.\n\n"
        "The Committee is of the view that the port authority must reopen the pier.\n\n"
        "The mayor believes the city should wait.\n\n"
        "In 2019 the committee believed that the city should wait.\n"
    )
    assert texts(document) == [
        "We believe that the Government should publish the timetable.",
        "The Committee is of the view that the port authority must reopen the pier.",
    ]


def test_other_wordings_of_advice_and_labels():
    document = (
        "# Ferries\n\nFerries ran late all winter.\n\n"
        "R3. The agency should publish fares.\n\n"
        "Our main recommendation is that the ministry publish a ferry plan.\n\n"
        "The Conference may wish to consider a working group on ferries.\n\n"
        "Requests the Secretary-General to report on ferries at the next session.\n\n"
        "Member States are encouraged to share ferry data.\n\n"
        "You may wish to read the annex. The recommendation was that fares rise.\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("R3", "The agency should publish fares."),
        ("", "Our main recommendation is that the ministry publish a ferry plan."),
        ("", "The Conference may wish to consider a working group on ferries."),
        ("", "Requests the Secretary-General to report on ferries at the next session."),
        ("", "Member States are encouraged to share ferry data."),
    ]


def test_a_paragraph_whose_first_sentence_recommends_is_taken_whole():
    document = "# Decision\n\nWe recommend the board apologise. It should also pay Mr Y £200 within a month.\n"
    assert texts(document) == ["We recommend the board apologise. It should also pay Mr Y £200 within a month."]


def test_under_a_recommendations_heading_only_the_sentences_that_recommend():
    document = (
        "## Recommendations\n\nThe audit covered three years of accounts. The trust should publish its "
        "reserves policy. Its reserves doubled in that time.\n"
    )
    assert texts(document) == ["The trust should publish its reserves policy."]


def test_a_list_run_into_its_lead_in_paragraph_is_split_into_its_items():
    document = (
        "# Schools\n\nThe paper recommends that: Every school should employ a nurse. This would cut absences. "
        "Councils must also fund breakfast clubs.\n"
    )
    assert texts(document) == [
        "Every school should employ a nurse. This would cut absences.",
        "Councils must also fund breakfast clubs.",
    ]


def test_a_lettered_or_semicolon_list_run_into_its_lead_in_is_split_into_its_items():
    lettered = (
        "The Board recommends that the port authority: (a) Publish its dues each spring; (b) Keep a register of "
        "vessels; (c) Repair the north pier.\n"
    )
    assert [(item.label, item.text, item.actor) for item in found_in(lettered)] == [
        ("a", "Publish its dues each spring;", "the port authority"),
        ("b", "Keep a register of vessels;", "the port authority"),
        ("c", "Repair the north pier.", "the port authority"),
    ]
    semicolons = (
        "The panel recommends that Millbrook: survey its bridges; publish a repair plan for the “worst first”; "
        "and hold a public meeting each year.\n"
    )
    assert [(item.text, item.actor) for item in found_in(semicolons)] == [
        ("survey its bridges", "Millbrook"),
        ("publish a repair plan for the “worst first”", "Millbrook"),
        ("hold a public meeting each year", "Millbrook"),
    ]
    after_scene = (
        "The panel's report was published on Tuesday. It recommends that Millbrook: survey its bridges; and hold "
        "a public meeting each year.\n"
    )
    assert texts(after_scene) == ["survey its bridges", "hold a public meeting each year"]


def test_a_hard_wrapped_lettered_list_with_each_letter_on_its_own_line():
    document = (
        "page 4\n7.\nThe Board recommends that the port authority:\n(a)\nPublish its harbour dues each\nspring;\n"
        "(b)\nKeep a register of vessels.\n\n## Pilots\n8.\nWhile noting the new licences, the Board remains "
        "concerned:\n(a)\nAt the lack of training;\n(b)\nThat fees vary between ports.\n"
    )
    assert [(item.label, item.text, item.actor) for item in found_in(document)] == [
        ("a", "Publish its harbour dues each spring;", "the port authority"),
        ("b", "Keep a register of vessels.", "the port authority"),
    ]


def test_paragraphs_opening_with_other_bullets_are_items():
    document = (
        "The panel sets out three proposals for the harbour:\n\n» Publish the dues each spring.\n\n"
        "● Keep a register of vessels.\n\n■ Licence every pilot.\n\nThe panel met in May.\n"
    )
    assert [(item.label, item.text) for item in found_in(document)] == [
        ("", "Publish the dues each spring."),
        ("", "Keep a register of vessels."),
        ("", "Licence every pilot."),
    ]


def test_three_paragraphs_in_a_row_that_open_with_an_instruction():
    document = (
        "# An agenda for the year\n\nThe minister has a year left.\n\n"
        "Reform the planning rules. Permits take two years on average…\n\n"
        "Strengthen regional courts. Their backlog grew by half…\n\n"
        "Recommit to the rail link. The tender stalled in spring…\n"
    )
    assert texts(document) == [
        "Reform the planning rules. Permits take two years on average…",
        "Strengthen regional courts. Their backlog grew by half…",
        "Recommit to the rail link. The tender stalled in spring…",
    ]


def test_instructions_need_three_in_a_row_and_no_finite_verb():
    two = "# Notes\n\nReform the planning rules. Permits take years.\n\nStrengthen the courts. Backlogs grew.\n"
    assert texts(two) == []
    described = (
        "# Notes\n\nReform is slow. Permits take years.\n\nStrengthen the courts, he said. Backlogs grew.\n\n"
        "Review panels have met twice. Nothing changed.\n"
    )
    assert texts(described) == []


def test_instruction_items_under_topic_lines_are_one_run():
    document = (
        "FERRY REVIEW 2031\n\nHARBOURS\n\n* Gradually raise berth fees at peak hours.\n\n"
        "* Stabilise and modernise the dredging budget.\n\nCREWS\n\n"
        "* Incentivise operators to train deckhands on the job and improve rosters, including through longer "
        "contracts for seasonal staff on the northern routes.\n\n(Source: Island Transport Board)\n"
    )
    assert texts(document) == [
        "Gradually raise berth fees at peak hours.",
        "Stabilise and modernise the dredging budget.",
        "Incentivise operators to train deckhands on the job and improve rosters, including through longer "
        "contracts for seasonal staff on the northern routes.",
    ]


def test_instruction_items_need_three_and_a_list_no_lead_in_announced_otherwise():
    two = "HARBOURS\n\n* Raise berth fees at peak hours.\n* Publish the dredging budget.\n"
    assert texts(two) == []
    aims = (
        "The ferry programme will:\n\n* Raise berth fees at peak hours.\n* Publish the dredging budget.\n"
        "* Train deckhands on the job.\n"
    )
    assert texts(aims) == []
    guide = (
        "## How to complain\n\n* Write to the council before you write to us.\n* Keep copies of your letters.\n"
        "* Seek advice from your local advice centre.\n"
    )
    assert texts(guide) == []
    steps = "How does a review work?\n\n1. Set the terms of reference.\n2. Appoint a chair.\n3. Hold hearings.\n"
    assert texts(steps) == []
    asked = steps.replace("How does a review work?", "What should the council do?")
    assert texts(asked) == ["Set the terms of reference.", "Appoint a chair.", "Hold hearings."]
    links = "Share this page\n\n* Share on Mastodon\n* Share on Threads\n* Share on Bluesky\n"
    assert texts(links) == []
    # "Family" and "Early" are no adverbs, and "Further support for" is a noun phrase.
    described = "HARBOURS\n\n* Family support grew.\n* Early review of fees began.\n* Further support for crews.\n"
    assert texts(described) == []


def test_numbered_headings_worded_as_instructions():
    document = (
        "# Three ways the port can grow\n\nThe port is at a turning point.\n\n"
        "### 1. Deepen the channel for larger ships\n\nShips have doubled in size since 2000.\n\n"
        "### 2. Review of the dredging contract\n\nThe contract ends in 2030.\n\n"
        "## Recommendations\n\n### 3. Publish berth data\n\nThe port should publish berth data daily.\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("1", "Deepen the channel for larger ships"),
        ("", "The port should publish berth data daily."),
    ]


def test_an_item_that_mixes_a_finding_with_a_recommendation_is_taken_whole():
    document = (
        "# Summary\n\n- Trust in the agency has fallen.\n- The new director should publish a plan.\n"
        "- Staff turnover is high. The director needs to fix pay.\n"
    )
    assert texts(document) == [
        "The new director should publish a plan.",
        "Staff turnover is high. The director needs to fix pay.",
    ]


def test_lettered_comments_under_a_lead_in_item_count_where_they_recommend():
    document = (
        "1. THE PANEL MET IN MAY.\n\n2. FOLLOWING ARE PANEL COMMENTS ON EACH CASE:\n\n"
        "(A) NORTH- PANEL RECOMMENDS FURTHER STUDY.\n\n"
        "(B) SOUTH- NO FURTHER ACTION RECOMMENDED.\n\n"
        "(C) EAST- REPLIES WERE LATE. PANEL RECOMMENDS THAT THE BOARD ASK FOR DATES.\n"
    )
    found = found_in(document)
    assert [(item.label, item.text) for item in found] == [
        ("A", "NORTH- PANEL RECOMMENDS FURTHER STUDY."),
        ("C", "EAST- REPLIES WERE LATE. PANEL RECOMMENDS THAT THE BOARD ASK FOR DATES."),
    ]
    # Under a lead-in that announces conclusions, an item's "should" is part of the conclusion.
    conclusions = "115. Our principal conclusions are:\n\na) The reforms have worked and should be kept\n"
    assert texts(conclusions) == []


# --- What is not a recommendation


def test_a_contents_list_naming_the_section_is_passed_over():
    document = (
        "Grid resilience\n\nContents\n\n1. Introduction\n2. Recommendations\n3. Conclusion\n\n"
        "1. Introduction\n\nStorms cut power last winter.\n\n2. Recommendations\n\n"
        "- The ministry should bury exposed lines.\n- Operators must publish outage data.\n\n"
        "3. Conclusion\n\nResilience is cheaper than repair.\n"
    )
    assert [found.text for found in find_recommendations(read_text(document).blocks)] == [
        "The ministry should bury exposed lines.",
        "Operators must publish outage data.",
    ]


def test_contents_with_page_numbers_and_a_heading_followed_by_a_heading():
    document = (
        "# Report\n\n## Contents\n\nExecutive Summary........ 1\n\nKey Recommendations........ 1\n\n"
        "## Key recommendations\n\n## Background\n\n- Prices rose sharply.\n- Demand fell.\n"
    )
    assert texts(document) == []


def test_back_matter_ends_the_section():
    document = (
        "## Policy recommendations\n\n1. Port authorities should share berth data.\n"
        "2. Customs should accept electronic manifests.\n\n### Notes\n\n1. Data from 2024 should be read with care.\n"
    )
    assert texts(document) == [
        "Port authorities should share berth data.",
        "Customs should accept electronic manifests.",
    ]


def test_responses_are_kept_apart():
    document = (
        "## Recommendations\n\n"
        "Recommendation 1: The committee recommends that agencies develop a strategy.\n\n"
        "Response:\n\nThe Government notes this recommendation. It should be reviewed.\n\n"
        "Recommendation 2\n\nThe committee recommends that the register be updated.\n\n"
        "Government response: Agreed.\n"
    )
    found = found_in(document)
    assert [(item.text, item.response) for item in found] == [
        (
            "The committee recommends that agencies develop a strategy.",
            "The Government notes this recommendation. It should be reviewed.",
        ),
        ("The committee recommends that the register be updated.", "Agreed."),
    ]
    assert found[0].indexes == [1] and found[0].response_indexes == [2, 3]
    statuses = (
        "## Recommendations\n\n1. The agency should publish data.\n\nStatus: Open\n\n2. The agency should audit.\n"
    )
    assert [(item.text, item.response) for item in found_in(statuses)] == [
        ("The agency should publish data.", "Open"),
        ("The agency should audit.", ""),
    ]


def test_in_a_response_document_the_paragraphs_after_a_labelled_recommendation_answer_it():
    document = (
        "# The Port Board's Response to the Recommendations of the Harbour Review\n\n"
        "RECOMMENDATION 1.1: The port board should publish its dues each spring.\n\n"
        "The Board welcomes this recommendation. Skippers should know their costs a season ahead.\n\n"
        "Pilots must be licensed already, and the register should be kept as it is.\n\n"
        "RECOMMENDATION 1.2: The harbour master should license pilots.\n"
    )
    found = found_in(document)
    assert [(item.label, item.text, item.response) for item in found] == [
        (
            "RECOMMENDATION 1.1",
            "The port board should publish its dues each spring.",
            "The Board welcomes this recommendation. Skippers should know their costs a season ahead. Pilots "
            "must be licensed already, and the register should be kept as it is.",
        ),
        ("RECOMMENDATION 1.2", "The harbour master should license pilots.", ""),
    ]


def test_a_paragraph_that_answers_a_recommendation_is_its_response():
    document = (
        "3.1 The port board should publish its dues each spring.\n\n"
        "The Board accepts this recommendation. Skippers should know their costs a season ahead.\n\n"
        "Harbour masters must already publish the tide tables.\n\n"
        "## Pilots\n\n3.2 The harbour master should license pilots.\n"
    )
    found = found_in(document)
    assert [(item.text, item.response) for item in found] == [
        (
            "The port board should publish its dues each spring.",
            "The Board accepts this recommendation. Skippers should know their costs a season ahead. Harbour masters "
            "must already publish the tide tables.",
        ),
        ("The harbour master should license pilots.", ""),
    ]


def test_a_recommendation_denied_is_none():
    document = (
        "# Cases\n\n- North: no further action recommended.\n- South: this approach is not recommended.\n\n"
        "We do not recommend any change to the levy.\n"
    )
    assert texts(document) == []


def test_fields_and_headings_about_recommendations_open_no_section():
    document = (
        "# Implementation of recommendations\n\n- Case ref: 2041\n- Date: May 2024\n"
        "- Outcome: Upheld, recommendations\n\n"
        "Factors in the implementation of recommendations\n\n- Strong leadership and clear budgets.\n"
        "- Establishing a monitoring unit.\n"
    )
    assert texts(document) == []
    fields = "## Recommendations\n\n- Sector: Health\n- The board should audit its records.\n"
    assert texts(fields) == ["The board should audit its records."]


def test_numbered_paragraphs_that_encourage_or_repeat_a_recommendation():
    document = (
        "21. The Board notes the progress made in licensing pilots.\n\n"
        "22. The Board again encourages the port authority to publish its dues each spring.\n\n"
        "23. The Board reiterates its recommendation that the port authority should keep a register of vessels.\n\n"
        "24. The Board recommends that the port authority repair the north pier.\n"
    )
    assert [(item.label, item.text) for item in found_in(document)] == [
        ("22", "The Board again encourages the port authority to publish its dues each spring."),
        ("23", "The Board reiterates its recommendation that the port authority should keep a register of vessels."),
        ("24", "The Board recommends that the port authority repair the north pier."),
    ]


def test_a_status_on_its_own_is_a_legend_not_a_recommendation():
    document = (
        "## Main recommendations\n\n"
        "- Implemented\n- Not implemented\n- In progress\n"
        "- Harbour dues should be published each spring (4.2)\n"
    )
    assert texts(document) == ["Harbour dues should be published each spring (4.2)"]


# --- Titles and actors


LONG_TEXTS = [
    "The committee recommends that the Australian Government restore the budget cuts for the period 2010-11 to "
    "2013-14 as a matter of urgency and report on the progress of the restoration to the Senate by the year's end.",
    "We recommend that SO No. 145 (Liaison Committee) be amended by inserting in para (2) after 'Prime Minister', "
    "'and from the Deputy Prime Minister' and in para (10) to reduce the quorum for oral evidence sessions to six.",
    "The ministry should " + "really " * 40 + "act.",
    "Guidelines on the development and introduction of co-management of the fisheries of the region by the states "
    "and the communities that depend on them should be developed with assistance.",
    "The remit of the new council should not define the mission too broadly - it should focus on direct threats "
    "to citizens that could have severe consequences for their welfare within a limited time horizon.",
]


@pytest.mark.parametrize("text", LONG_TEXTS)
def test_a_title_is_short_and_never_ends_mid_phrase(text):
    title = make_title(text)
    assert len(title) <= TITLE_LIMIT + 1
    last = title.rstrip("…").split()[-1].lower().strip(",;:()")
    assert last not in DANGLING
    assert title.count("(") == title.count(")")
    if len(title) > 60:
        assert title.endswith("…")


def test_titles_and_actors():
    text = (
        "Japan will continue to support Ukraine but, if talks take place, Japan should engage the countries "
        "concerned. Other sentences follow."
    )
    assert make_title(text) == "Japan should engage the countries concerned"
    assert find_actor(text) == "Japan"
    assert make_title("The state <em>should</em> act &amp; pay.") == "The state should act & pay"
    assert find_actor("The committee recommends that the Senate pass the bills.") == "the Senate"
    assert find_actor("That the Minister for Home Affairs provide, within three days, an explanation.") == (
        "the Minister for Home Affairs"
    )
    # A passive names nobody, unless it says by whom.
    assert find_actor("We recommend that the Act be amended by inserting a clause.") == ""
    assert find_actor("recommended that the programmes be implemented by countries (as planned);") == "countries"
    assert find_actor("A National Council should be established.") == ""
    assert find_actor("In general, if the Department does not agree, it should say so.") == "the Department"
    assert find_actor("urged the Organization to assist countries.") == "the Organization"


# --- The seeds and the corpus


def test_the_seed_brief_gives_exactly_its_three_recommendations_verbatim():
    brief = (SEEDS / "policy-brief-russia-ukraine-ceasefire-recommendations.txt").read_text(encoding="utf-8")
    printed = [line[2:] for line in brief.splitlines() if line.startswith("- ")]
    found = find_recommendations(read_text(brief).blocks)
    assert len(printed) == 3
    assert [item.text for item in found] == printed
    assert found[0].actor == "Japan"


def test_the_seed_news_article_has_none():
    article = (SEEDS / "news-article-seven-weeks-until-trump.txt").read_text(encoding="utf-8")
    assert find_recommendations(read_text(article).blocks) == []


def test_the_labelled_corpus_keeps_its_recall_and_precision():
    results = corpus_results()
    recall, precision = totals(results)
    short = {
        result.slug: ([r["text"][:60] for r in result.missed], [f.text[:60] for f in result.extra])
        for result in results
        if result.missed or result.extra
    }
    assert recall >= CORPUS_LEVEL and precision >= CORPUS_LEVEL, short


# The levels the held-out corpora reached once their misses shaped rules, rounded down to 0.05: a rule change
# that loses what they taught fails. The eighth corpus (reports-heldout-8) is left out: it is the unseen one.
HELD_OUT_LEVELS = {
    "reports-heldout": 1.00,
    "reports-heldout-2": 0.95,
    "reports-heldout-3": 0.95,
    "reports-heldout-4": 0.85,
    "reports-heldout-5": 0.75,
    "reports-heldout-6": 0.95,
    "reports-heldout-7": 0.85,
}


@pytest.mark.parametrize("name", sorted(HELD_OUT_LEVELS))
def test_the_held_out_corpora_keep_what_their_misses_taught(name):
    results = corpus_results(corpus=Path(__file__).resolve().parent.parent / "fixtures" / name)
    recall, precision = totals(results)
    level = HELD_OUT_LEVELS[name]
    assert recall >= level and precision >= level, (name, round(recall, 2), round(precision, 2))


def test_items_read_from_any_format_are_found_alike():
    blocks = [
        Block(HEADING, "Recommendations", level=1),
        Block(ITEM, "The regulator should publish prices.", level=1, marker="1."),
        Block(ITEM, "Suppliers must report outages", level=1, marker="2."),
        # A PDF reader may leave an item's wrapped line as a paragraph of its own.
        Block(TEXT, "within a day."),
        Block(TEXT, "The regulator was founded in 1990."),
    ]
    assert [found.text for found in find_recommendations(blocks)] == [
        "The regulator should publish prices.",
        "Suppliers must report outages within a day.",
    ]


def test_lists_announced_below_are_found_with_the_name_over_each_as_addressee():
    found = found_in(
        "The review began in May. The recommendations are set out below.\n"
        "Harbour Department\n"
        "1. Dredge the channel before the winter.\n"
        "2. Repair the quay.\n"
        "Parks Department\n"
        "1. Plant more trees.\n\n"
        "The harbour was built in 1850.\n"
    )
    assert [(f.label, f.text, f.actor) for f in found] == [
        ("1", "Dredge the channel before the winter.", "Harbour Department"),
        ("2", "Repair the quay.", "Harbour Department"),
        ("1", "Plant more trees.", "Parks Department"),
    ]
    # Without a sentence announcing them, a list of instructions under names is not taken as recommendations.
    assert texts("Harbour Department\n1. Dredge the channel.\n2. Repair the quay.\n") == []


def test_a_list_that_lost_its_bullets_after_a_lead_in_naming_recommendations():
    markdown = (
        "The inquiry made nine recommendations, including:\n"
        "A single register of licensed landlords\n"
        "Fines for agents who break the rules, and a public list of them\n"
        "Tenants to be told of their rights at signing\n\n"
        "The minister said she would respond in the autumn.\n"
    )
    assert texts(markdown) == [
        "A single register of licensed landlords",
        "Fines for agents who break the rules, and a public list of them",
        "Tenants to be told of their rights at signing",
    ]
    # A lead-in that names no recommendations ("The speakers were:") announces no recommendations.
    assert texts("The speakers were:\nA member of the council\nThe head of the harbour board\nA local trader\n") == []


def test_lettered_items_run_together_on_one_line_are_each_a_recommendation():
    markdown = (
        "The commission recommends that the Government:\n\n"
        "(a) Publish the inquiry's report;\n\n"
        "(b) Repeal the emergency law; (c) Compensate the families; (d) Report to parliament within a year.\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("a", "Publish the inquiry's report;"),
        ("b", "Repeal the emergency law;"),
        ("c", "Compensate the families;"),
        ("d", "Report to parliament within a year."),
    ]


def test_a_paragraph_counting_off_advice_gives_each_advising_sentence():
    markdown = (
        "The audit made plain that some depots overcharged. The first task should thus be to recover the "
        "overcharges from those depots.\n\n"
        "Secondly, the depots should be asked to publish their prices. Thirdly, drivers who were overcharged should "
        "be told how to claim. Most importantly, the council should set a single tariff. Drivers who pay more "
        "should report it online. All those in breach should be fined. This would take some years.\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("", "The first task should thus be to recover the overcharges from those depots."),
        ("Secondly", "the depots should be asked to publish their prices."),
        ("Thirdly", "drivers who were overcharged should be told how to claim."),
        ("", "Most importantly, the council should set a single tariff."),
        ("", "Drivers who pay more should report it online."),
        ("", "All those in breach should be fined."),
    ]
    # One "Secondly," is not a count: the paragraph that opens by recommending stays whole.
    single = "Secondly, the depots should publish their prices. They have said they will.\n"
    assert texts(single) == ["Secondly, the depots should publish their prices. They have said they will."]


def test_a_labelled_recommendation_leaves_out_its_bare_lead_in_and_a_quotation_keeps_its_words():
    markdown = (
        "Recommendation 2\n\n"
        "The Committee recommends that:\n\n"
        "The Government funds the harbour board for five more years.\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("Recommendation 2", "The Government funds the harbour board for five more years.")
    ]
    quoted = "The chair spoke after the vote.\n\n‘The harbour board must use its reserves to rebuild the quay.’\n"
    assert texts(quoted) == ["The harbour board must use its reserves to rebuild the quay."]


def test_a_web_pages_link_after_a_recommendation_is_left_out():
    markdown = (
        "## Our recommendations\n\n"
        "We recommend that the council should publish its budget each spring. Read more here.\n\n"
        "We recommend that ward meetings be held monthly. More here...\n"
    )
    assert texts(markdown) == [
        "We recommend that the council should publish its budget each spring.",
        "We recommend that ward meetings be held monthly.",
    ]


def test_an_audit_findings_recommendation_field_with_its_corrective_action_as_response():
    found = found_in(
        "Finding: Grants were reported late.\n"
        "Cause: No one checked the returns.\n"
        "Recommendation: The finance office should check each return. We recommend that the County train its staff.\n"
        "Corrective Action Plan: The County will check each return from May.\n"
        "Status: In progress\n"
    )
    assert [(f.text, f.response) for f in found] == [
        (
            "The finance office should check each return. We recommend that the County train its staff.",
            "The County will check each return from May.",
        )
    ]


def test_advice_on_how_to_read_a_report_and_the_line_announcing_points_are_not_recommendations():
    assert texts("The findings of this report should not be read in isolation.\n") == []
    assert texts("The chapters should be read alongside the annex on method.\n") == []
    markdown = (
        "The following four points should guide the review:\n\n"
        "The independence of the inspectors must be respected.\n\n"
        "Inspectors have done good work for years.\n"
    )
    assert texts(markdown) == ["The independence of the inspectors must be respected."]


def test_a_table_numbered_by_recommendation_with_its_words_in_a_text_column():
    markdown = (
        "| Rec # | Status | Text |\n|---|---|---|\n"
        "| B-19-004 | Open | TO THE PORT AUTHORITY: Inspect every crane each month. |\n"
        "| B-19-005 | Closed | TO THE UNION: Train crane drivers on fatigue. |\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("B-19-004", "TO THE PORT AUTHORITY: Inspect every crane each month."),
        ("B-19-005", "TO THE UNION: Train crane drivers on fatigue."),
    ]
    # A table of numbered rows that does not say they are recommendations gives none.
    assert texts("| Ref # | Text |\n|---|---|\n| 4 | Inspect every crane each month. |\n") == []


def test_items_marked_a_b_run_into_a_recommending_paragraph():
    markdown = (
        "## Recommendations\n\n"
        "Staff recommends that the Council: a) approve the plan; b) reject the loan;\n"
        "c) defer the vote on the depot; and d) inform the board.\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("a", "approve the plan;"),
        ("b", "reject the loan;"),
        ("c", "defer the vote on the depot;"),
        ("d", "inform the board."),
    ]


def test_a_resolutions_recitals_are_not_recommendations_and_its_call_is():
    markdown = (
        "Recalling its resolution of 2019 on the harbour.\n\n"
        "Reaffirming the need to improve coordination between the port agencies.\n\n"
        "Call on the governments of Member States to:\n\n"
        "1. Fund the harbour board.\n"
        "2. Publish the port's accounts.\n"
    )
    assert texts(markdown) == ["Fund the harbour board.", "Publish the port's accounts."]


def test_a_list_of_past_outcomes_after_a_lead_in_is_not_recommendations():
    markdown = (
        "Last year our reports and recommendations were the catalyst for:\n\n"
        "- increased funding of care for children;\n"
        "- a new, fairer property tax system.\n"
    )
    assert texts(markdown) == []


def test_instructions_not_to_do_something_and_to_do_more_are_instructions():
    markdown = (
        "- Don't let the new act silence charities\n"
        "- Encourage more transparency from grant makers\n"
        "- Understand the rise in volunteering during the crisis\n"
    )
    assert len(texts(markdown)) == 3


def test_news_reporting_a_reviews_advice_to_someone_it_names():
    markdown = (
        "A review of local news was published on Monday.\n\n"
        "The independent review, led by a former editor, said the government should fund local news.\n\n"
        "Among her recommendations were that the regulator should study the market.\n\n"
        "The editor said the weather should improve by Friday.\n"
    )
    assert texts(markdown) == [
        "The independent review, led by a former editor, said the government should fund local news.",
        "Among her recommendations were that the regulator should study the market.",
    ]


def test_an_audits_recommendations_without_their_we_recommend_that():
    markdown = (
        "Under the new programme, the Harbour Office specifically review every grant it makes.\n"
        "The Harbour Office develop controls to check that no grant is paid twice.\n"
        "The Harbour Office require its contractor to keep records.\n\n"
        "The Harbour Office opened in 1990.\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("Under the new programme, the Harbour Office specifically review every grant it makes.", "the Harbour Office"),
        ("The Harbour Office develop controls to check that no grant is paid twice.", "The Harbour Office"),
        ("The Harbour Office require its contractor to keep records.", "The Harbour Office"),
    ]
    # One such sentence is as likely a plural's present tense: "The Council meet on Tuesdays to review grants."
    assert texts("The Councils review the grants each spring.\n") == []


def test_a_resolutions_resolving_clause_that_calls_on_someone():
    markdown = (
        "RESOLUTION\n"
        "Whereas, the harbour needs dredging every year; and\n"
        "Whereas, the state has cut the harbour's funds by a\n"
        "third; and\n"
        "Now, Therefore, Be It Resolved that the Town of Easton hereby calls on the\n"
        "Governor to restore the harbour's funds; and\n"
    )
    found = found_in(markdown)
    assert [f.text for f in found] == [
        "Now, Therefore, Be It Resolved that the Town of Easton hereby calls on the Governor to restore the "
        "harbour's funds; and"
    ]


def test_a_labelled_recommendation_and_its_response_flattened_into_one_paragraph():
    markdown = (
        "RESPONSE TO THE THIRD REPORT Recommendation 1: The rules on harbour dues be reviewed by the board. "
        "Response: The Government agrees and will ask the board to review them.\n"
    )
    assert [(f.label, f.text, f.response) for f in found_in(markdown)] == [
        (
            "Recommendation 1",
            "The rules on harbour dues be reviewed by the board.",
            "The Government agrees and will ask the board to review them.",
        )
    ]


def test_a_verbless_that_lead_in_before_numbered_instructions():
    markdown = (
        "To: Harbour Board\n"
        "From: Port Office of the Town of Easton\n"
        "Subject: Dredging\n"
        "Annual channel works\n"
        "That the Harbour Board:\n"
        "1. Approve the dredging plan;\n"
        "2. Direct the clerk to publish it.\n"
    )
    assert [(f.label, f.text, f.actor) for f in found_in(markdown)] == [
        ("1", "Approve the dredging plan;", "the Harbour Board"),
        ("2", "Direct the clerk to publish it.", "the Harbour Board"),
    ]
    # "That said:" names nobody: the list after it is no list of recommendations.
    assert texts("That said:\n\n1. The harbour was dredged in May.\n2. The quay was repaired.\n") == []


def test_news_reporting_calls_and_a_speakers_unclosed_quotation():
    markdown = (
        "Tenant groups have urged the council to freeze rents this winter.\n"
        "The TGs also asked the council to publish its repair backlog.\n"
        "The council said the budget was tight.\n"
        "Speaking at the meeting, the chair of the group, Ann Lee, said “We want the council to hire more "
        "inspectors. We believe this will cut damp.\n"
        "“On repairs, we are urging the council to fix boilers within a week.\n"
        "“We call on landlords at all levels to answer tenants' letters. The council should fine those who do not.\n"
        "Regarding evictions, the group pleaded with the courts to hear tenants first.\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("Tenant groups have urged the council to freeze rents this winter.", "the council"),
        ("The TGs also asked the council to publish its repair backlog.", "the council"),
        ("We want the council to hire more inspectors.", "the council"),
        ("On repairs, we are urging the council to fix boilers within a week.", "the council"),
        ("We call on landlords at all levels to answer tenants' letters.", "landlords at all levels"),
        ("The council should fine those who do not.", "The council"),
        ("Regarding evictions, the group pleaded with the courts to hear tenants first.", "the courts"),
    ]
    # A speaker's own plans, a view quoted with its attribution and a quoted term are not calls.
    assert (
        texts(
            "The mayor said “We want to build more homes this year.\n"
            "Speaking at the opening, the mayor said “We want people to enjoy the river. It was a long wait.\n"
            "“Rents should fall by spring,” the mayor said.\n"
            "“Smart” meters were fitted in May.\n"
        )
        == []
    )


def test_a_committee_reporting_its_own_recommendations_to_the_house():
    markdown = (
        "Madam Speaker, the accounts were late again this year. We have also recommended that the Treasury should "
        "publish them by June. We noted that the audit office was short of staff. Towards this end, we have "
        "recommended that the board must hire two auditors. We have reiterated our earlier recommendation, which is "
        "that the Port Authority should not audit itself. Instead, this role should be left to the audit office. The "
        "members agreed.\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("We have also recommended that the Treasury should publish them by June.", "the Treasury"),
        ("Towards this end, we have recommended that the board must hire two auditors.", "the board"),
        (
            "We have reiterated our earlier recommendation, which is that the Port Authority should not audit itself. "
            "Instead, this role should be left to the audit office.",
            "the Port Authority",
        ),
    ]


def test_the_sentence_named_as_a_solution_inside_an_item():
    markdown = (
        "The report names three problems facing towns:\n\n"
        "- Weak finances: Towns report falling revenue. Among the solutions: Towns require new powers to levy fees.\n"
        "- Old roads: Traffic is worse every year. Among the solutions: Towns should plan new bus lanes.\n"
    )
    assert texts(markdown) == [
        "Towns require new powers to levy fees.",
        "Towns should plan new bus lanes.",
    ]


def test_what_a_body_may_recommend_and_the_key_to_a_rating_scale_are_not_recommendations():
    options = (
        "After reading the report, the Harbour Ombudsman may recommend to the Port Director that:\n\n"
        "- no action be taken;\n"
        "- the skipper be fined; or\n"
        "- some other action be taken.\n"
    )
    assert texts(options) == []
    legend = (
        "Findings are rated as follows.\n\n"
        "High - A serious gap. Action should be taken within a month.\n\n"
        "The board should review the harbour fees.\n"
    )
    assert texts(legend) == ["The board should review the harbour fees."]
    # What the Ombudsman does recommend is a list of recommendations.
    made = "The Harbour Ombudsman recommends that:\n\n- the skipper be fined;\n- the quay be fenced.\n"
    assert texts(made) == ["the skipper be fined;", "the quay be fenced."]


def test_a_newspaper_dateline_before_a_colon_and_an_impersonal_call_in_the_subjunctive():
    markdown = (
        "EASTON, Dec 23: The harbour board has appealed to the council to dredge the channel.\n\n"
        "“It is essential that the council fund repairs to the quay before winter,” the board's chair said.\n\n"
        "“It is essential that prices fall,” a trader said.\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("The harbour board has appealed to the council to dredge the channel.", "the council"),
        (
            "It is essential that the council fund repairs to the quay before winter,” the board's chair said.",
            "the council",
        ),
    ]


def test_a_flattened_tables_header_carrying_the_lead_in_of_its_referenced_rows():
    markdown = (
        "The Harbour Board has 9 active recommendations, in two groups:\n\n"
        "- unsafe mooring (2 active recommendations)\n"
        "- poor lighting (7 active recommendations)\n\n"
        "Unsafe mooring\n\n"
        "Number The Harbour Board recommends that… Report Rating\n"
        "H19-01 the Port Office review the channel depth every year. R19 Satisfactory in part\n"
        "H19-02 the Port Office publish its mooring rules. R19 Unsatisfactory\n"
    )
    assert [(f.label, f.text, f.actor) for f in found_in(markdown)] == [
        ("H19-01", "the Port Office review the channel depth every year.", "the Port Office"),
        ("H19-02", "the Port Office publish its mooring rules.", "the Port Office"),
    ]


def test_a_press_releases_subtitle_dateline_and_the_statement_it_quotes():
    markdown = (
        "Harbour Silting Worse Than Thought in Every Port on the Coast\n"
        "EASTON (May 1, 2007) – The Port Office must dredge the channel this year, according to a new survey.\n\n"
        "Following is a statement by Ann Lee, director of the Harbour Trust:\n\n"
        "“This survey shows that silt has doubled. The Port Office needs to publish the depths every month.”\n\n"
        "“In addition, the council needs to fund the dredging. We need to rethink how the harbour is used.”\n\n"
        "The survey can be read online.\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("The Port Office must dredge the channel this year, according to a new survey.", "The Port Office"),
        ("The Port Office needs to publish the depths every month.", "The Port Office"),
        ("In addition, the council needs to fund the dredging.", "the council"),
        ("We need to rethink how the harbour is used.", ""),
    ]


def test_a_participle_opening_prose_an_authors_blurb_a_hedged_proposal_and_a_condition_closed_by_then():
    markdown = (
        "Having examined the report of the harbour, the Committee noted the new quay. The Port Office should "
        "publish its accounts.\n\n"
        "Rather than building a second quay, the council should first dredge the first one, argues Ann Lee.\n\n"
        "A better approach might be for the Port Office to audit every lease. It could also hire a surveyor.\n\n"
        "If they are found in breach, then tenants should be fined.\n\n"
        "The harbour should reopen in May, the mayor said.\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("The Port Office should publish its accounts.", "The Port Office"),
        (
            "Rather than building a second quay, the council should first dredge the first one, argues Ann Lee.",
            "the council",
        ),
        ("A better approach might be for the Port Office to audit every lease.", "the Port Office"),
        ("If they are found in breach, then tenants should be fined.", ""),
    ]
    # A recital of a resolution's preamble is still a recital.
    assert texts("Having examined the report of the harbour,\n\n1. Calls on the council to dredge it.\n") == [
        "Calls on the council to dredge it."
    ]


def test_a_standfirst_repeated_by_the_first_sentence_is_one_recommendation():
    markdown = (
        "Ann Lee has urged the council to dredge the harbour.\n\n"
        "Ann Lee has urged the council to dredge the harbour, saying the silt is a danger to boats.\n"
    )
    assert texts(markdown) == [
        "Ann Lee has urged the council to dredge the harbour, saying the silt is a danger to boats."
    ]


def test_an_agenda_forms_recommendation_field_that_the_board():
    markdown = (
        "Review Item\n"
        "Meeting Date: 4/2/2031\n"
        "Subject: Harbour dues\n"
        "Summary : The dues were last set in 2020. The Board may review them.\n"
        "Recommendation: That the Board determine whether to raise the dues.\n"
        "Recommended By:\n"
        "Ann Lee - Clerk\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("That the Board determine whether to raise the dues.", "the Board")
    ]
    # A field whose value is a status is a field.
    assert texts("Item: Dues\nSubject: Harbour\nRecommendation: Accepted\nSigned By:\n") == []


def test_a_listings_line_of_fields_that_ends_in_the_label_of_the_that_clause_under_it():
    markdown = (
        "Inquiry into harbour dues\nINQ12\nR12-301 B - Funding 4 - Ports Recommendation 3\n\n"
        "That the Harbour Board publish its dues each year.\n\n"
        "Inquiry into harbour dues\nINQ12\nR12-302 B - Funding 4 - Ports Recommendation 4\n\n"
        "The dues were last set in 2020.\n"
    )
    assert [(f.label, f.text, f.actor) for f in found_in(markdown)] == [
        ("Recommendation 3", "That the Harbour Board publish its dues each year.", "the Harbour Board")
    ]


def test_a_single_records_numbered_field_labels_the_paragraph_under_its_text_heading():
    markdown = (
        "# PORT - 31-2 - 4\n"
        "> **Open** recommendation\n"
        "**Report:** Harbour dues\n"
        "**Recommendation number:** 4\n"
        "## Text\n"
        "Review the harbour's dues each year, including the costs they pay for, and publish the review.\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("4", "Review the harbour's dues each year, including the costs they pay for, and publish the review.")
    ]
    # A page listing several records is not one record.
    listing = markdown + "**Recommendation number:** 5\n## Text\nThe dues were last set in 2020.\n"
    assert texts(listing) == []


def test_a_drafting_templates_items_with_blanks_to_fill_in_are_not_recommendations():
    template = (
        "The Minister of xx recommends that the Harbour Committee:\n\n"
        "1. note that on xx [date], the report was presented;\n"
        "2. approve the response to the report entitled xx;\n"
        "3. invite the Minister of xx to present the response to the House.\n"
    )
    assert texts(template) == []
    # An editor's word in brackets and a roman twenty are no blanks.
    filled = (
        "The Minister recommends that the Harbour Committee:\n\n"
        "1. approve the response under [Title] 14 of the Harbour Act;\n"
        "2. invite the Minister to present the response to the XX Congress.\n"
    )
    assert texts(filled) == [
        "approve the response under [Title] 14 of the Harbour Act;",
        "invite the Minister to present the response to the XX Congress.",
    ]


def test_news_reporting_what_a_panels_recommendations_included():
    markdown = (
        "The panel reviewed the harbour's accounts.\n\n"
        "Recommendations also included publishing the dues each year, along with an audit of the pilots' fees.\n\n"
        "Recommendations included in last year's review were never acted on.\n"
    )
    assert texts(markdown) == [
        "Recommendations also included publishing the dues each year, along with an audit of the pilots' fees."
    ]


def test_a_summarys_answer_to_what_should_be_done_gives_each_advising_sentence():
    markdown = (
        "- Author: Harbour Watch\n"
        "- Abstract: What's new? Silt has closed two berths. Why does it matter? Boats should not wait a week to"
        " dock, owners say. What should be done? The Harbour Board should dredge the berths this winter. It should"
        " also publish a plan for the next five years.\n"
        "- Topic: Ports\n"
    )
    assert [(f.text, f.actor) for f in found_in(markdown)] == [
        ("The Harbour Board should dredge the berths this winter.", "The Harbour Board"),
        ("It should also publish a plan for the next five years.", ""),
    ]
    # Without the question, the owners' view in the summary is no advice of the document's.
    assert texts("What's new? Silt has closed two berths. Why does it matter? Boats should not wait a week.\n") == []


def test_numbered_proposals_run_into_the_line_after_a_lead_in_that_names_them():
    markdown = (
        "The panel met four times in the spring. The recommendations of the panel consist of the following"
        " proposals: A. PORT WORKS 1. Dredging of the Outer Berths 2. A New Pilot Station B. HARBOUR DUES"
        " 3. Annual Publication of the Dues\n"
    )
    assert [(f.label, f.text) for f in found_in(markdown)] == [
        ("1", "Dredging of the Outer Berths"),
        ("2", "A New Pilot Station"),
        ("3", "Annual Publication of the Dues"),
    ]
    # Numbers out of order are figures in prose, not a list.
    assert texts("The recommendations of the panel are these: 3. Berths were dredged 1. Dues rose.\n") == []


def test_instruction_lines_closed_by_a_chapter_reference_each_with_the_paragraph_explaining_them():
    markdown = (
        "Review the dredging of the outer berths (Chapter 2).\n\n"
        "Silt has closed two berths since May.\n\n"
        "Publish the harbour's dues each year (Chapters 3 and 4).\n\n"
        "Owners cannot check what they pay for.\n"
    )
    found = found_in(markdown)
    assert [f.text for f in found] == [
        "Review the dredging of the outer berths (Chapter 2). Silt has closed two berths since May.",
        "Publish the harbour's dues each year (Chapters 3 and 4). Owners cannot check what they pay for.",
    ]
    assert found[0].title.startswith("Review the dredging of the outer berths")
    # One such line is a sentence citing a chapter, not a summary of recommendations.
    assert texts("Read the harbour's history first (Chapter 1).\n\nSilt has closed two berths.\n") == []


def test_a_digests_item_titled_by_a_report_gives_the_sentences_that_recommend():
    markdown = (
        "Here are a few reports released this month.\n\n"
        "- Harbour Board Report Proposes New Dues : The report recommends that the Harbour Board publish its dues."
        " The report analyzes the dues of five ports and contains a draft schedule.\n"
        "- Port Study on Silt: The study, released on Monday, recommends changes to the law: “The study recommends"
        " that the berths be dredged each winter. Owners should be able to appeal the dues.”\n"
    )
    assert texts(markdown) == [
        "The report recommends that the Harbour Board publish its dues.",
        "The study recommends that the berths be dredged each winter.",
        "Owners should be able to appeal the dues.",
    ]
    # An item titled by a topic, not a report, mixes its finding with its recommendation and stays whole.
    assert texts("- Harbour Dues: The council should publish the dues. They rose by a third.\n") == [
        "Harbour Dues: The council should publish the dues. They rose by a third."
    ]


def test_a_question_quoting_a_recommendation_and_the_answer_restating_it_with_what_became_of_it():
    markdown = (
        "I refer to Recommendation 4 of the Harbour Inquiry, that the dues be published, and I ask:\n\n"
        "(a) does the Minister intend to publish them; and\n\n"
        "(b) if not, why not?\n\n"
        "The Minister replied:\n\n"
        "(a) No.\n\n"
        "(b) Recommendation 4 of the Report of the Harbour Inquiry, 2019, was that the dues be published each"
        " year (paragraph 3.2).\n\n"
        "This recommendation was responded to through the new harbour website.\n"
    )
    assert [(f.label, f.text, f.response) for f in found_in(markdown)] == [
        (
            "Recommendation 4",
            "the dues be published each year (paragraph 3.2).",
            "This recommendation was responded to through the new harbour website.",
        )
    ]
    # A lead-in that asked someone to act still announces recommendations.
    asked = "## Recommendations\n\nWhat we asked the council to do:\n\n- Publish the dues.\n- Review the fees.\n"
    assert texts(asked) == [
        "Publish the dues.",
        "Review the fees.",
    ]


def test_guidance_states_duties_in_modals_that_are_not_recommendations():
    body = (
        "1. Where a berth is unsafe, the harbour master must close it and report to the board.\n"
        "2. Reports should be brief and should not repeat the survey.\n"
        "3. The board recommends that harbour masters publish each report.\n"
    )
    assert texts("# Harbour Master's Guidance No. 2: Unsafe Berths\n\n" + body) == [
        "The board recommends that harbour masters publish each report."
    ]
    # The same paragraphs in a report advise.
    assert texts("# Unsafe Berths: A Review\n\n" + body) == [
        "Reports should be brief and should not repeat the survey.",
        "The board recommends that harbour masters publish each report.",
    ]


def test_a_recommended_body_described_after_it_in_the_conditional_is_left_out_of_it():
    markdown = (
        "The report recommends establishing a harbour ombudsman. This office would be independent of the board,"
        " and it would hear owners' complaints.\n"
    )
    assert texts(markdown) == ["The report recommends establishing a harbour ombudsman."]
    # After a modal, the sentences that follow go on with the advice.
    advice = "The board should appoint an ombudsman. The office would hear owners' complaints.\n"
    assert texts(advice) == ["The board should appoint an ombudsman. The office would hear owners' complaints."]


def test_a_headline_stating_a_call_and_a_quotation_after_the_reported_advice_are_left_out():
    markdown = (
        "Port must dredge now – Bank\n\n"
        "The Bank says that the port must dredge its berths before winter. “To stay open, the port is planning"
        " three projects,” Ann Lee, the bank's economist for the region, said.\n\n"
        "Dues rose by a third last year.\n"
    )
    assert texts(markdown) == ["The Bank says that the port must dredge its berths before winter."]
    # A first line that closes its sentence is the article's first paragraph, not its headline.
    assert texts("The port must dredge its berths.\n\nDues rose by a third.\n") == ["The port must dredge its berths."]


def test_a_report_handed_in_with_what_it_recommends_in_a_participle():
    markdown = (
        "The harbour inquiry submitted its report on Monday, recommending that the board dredge the berths.\n\n"
        "The harbour inquiry submitted its report on Monday, recommending no change to the dues.\n\n"
        "The council published its budget, saying that dues would rise.\n"
    )
    assert texts(markdown) == [
        "The harbour inquiry submitted its report on Monday, recommending that the board dredge the berths."
    ]


def test_rows_under_a_header_of_glued_cells_end_at_the_full_stop_their_status_is_glued_to():
    markdown = (
        "Tracker\n\n"
        "YearReportRecommendationAcceptanceProgressDate\n"
        "2031Harbour Dues (No.4)\n\n"
        "1. The Harbour Board publish its dues each year.AcceptedTBC12/03/31\n"
        "2. Dues rose by a third.Noted12/03/31\n"
    )
    assert [(f.label, f.text, f.actor) for f in found_in(markdown)] == [
        ("1", "The Harbour Board publish its dues each year.", "The Harbour Board")
    ]


def test_numbered_titles_over_bullets_that_advise_are_headings_of_those_bullets():
    markdown = (
        "Here are the two things the board must do this year:\n\n"
        "1. Fix the berths\n"
        "- The board needs to dredge the outer berths before winter.\n"
        "- It also needs to publish the survey.\n"
        "2. Review the dues\n"
        "- The board must publish its dues each year.\n"
    )
    assert texts(markdown) == [
        "The board needs to dredge the outer berths before winter.",
        "It also needs to publish the survey.",
        "The board must publish its dues each year.",
    ]
    # Numbered items with nothing under them are the recommendations.
    assert texts("Here are the two things the board must do:\n\n1. Fix the berths\n2. Review the dues\n") == [
        "Fix the berths",
        "Review the dues",
    ]
