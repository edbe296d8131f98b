"""Finding a report's recommendations in its blocks, whatever format it was read from.

Every rule lives in this module. A block is looked at by the first rule that takes it, in this order:

1. Labels: "Recommendation 3" (in any case) on a line (or heading) of its own followed by its paragraph, or at the
   start of the paragraph ("Recommendation 3: The committee recommends ...", "Recommendation: The ...", a form's
   field "Recommendation: That the Board determine ..."), anywhere in the document; a listing's line of fields that
   ends in the label ("REC-12 B - Funding Recommendation 5") labels the "That ..." paragraph under it; a single
   record's field "Recommendation number: 3" labels the paragraph under its "Text" heading; an answer restating a
   recommendation by its label ("Recommendation 3 of the Report ... was that an Act be enacted ...").
2. Tables: each row under a header row that has a "Recommendation(s)" column, labelled by a number column ("BA
   No."), its actor the party in brackets where the header notes one ("Recommendation (Accountable Party)"); also a
   table copied as text with slashes between its cells ("No. / Recommendation / Response 2.1 / ..."), and one
   flattened a row per line under a header line that carries the rows' lead-in ("Number The Board recommends that…
   Report Rating" over "A16-12 the Department require .... A13H0001 Unable to assess"); and the numbered rows under
   a header whose cells are glued into one word ("YearReportRecommendationAcceptance…"), each giving a body a verb
   in its base form, cut at the full stop their status cells are glued to ("… election periods.TBCTBCGrey Light").
3. Lead-ins: the list after a sentence that announces it ("We recommend that the Government:", "Key
   recommendations:", "It was recommended that:", a verbless "That the Board:", "The paper suggests six actions for
   the board:", "Policies should include:", or any paragraph that recommends and ends in a colon before a list);
   each of its top-level items is one recommendation, worded as an instruction or a gerund as much as with a modal.
   Numbered titles in the list ("1. Fix the berths"), each over bullets that say in full sentences what to do, head
   those bullets and are not recommendations themselves. A lead-in is never a recommendation itself, and one without
   its list gives none.
4. Sections: under a heading (or short line) that names recommendations, up to the next heading of the same or a
   higher level, each list item; where the section has no list, each paragraph whose first sentence is worded as a
   recommendation, else its sentences that are. Under a heading (or lead-in) that names conclusions or findings too,
   items must be worded as recommendations as well.
5. Elsewhere: two or more lines that are each an instruction closed by a chapter reference ("Seek to secure funding
   (Chapter 3)."), each with the paragraphs that explain it; a heading numbered as an item and worded as an
   instruction ("### 1. Address the uptick in ..."); an item whose first sentence recommends ("Countries should
   ...", "RECOMMENDS that"), or whose later sentence does in a list where others recommend; three or more paragraphs
   or list items in a row that each open with an instruction ("Strengthen the alliance. ...", "* Gradually lift the
   rate."), topic headings between them aside; a paragraph whose first sentence recommends, whole (without the
   sentences after "The report recommends establishing an office." that tell in the conditional what it would be),
   unless each of its sentences recommends on its own ("We call on the council to ... . The mayor should ..."),
   which gives each; otherwise its sentences that state a recommendation ("We also recommend the Council ...", "We
   (have) recommended that ...", "we have reiterated our earlier recommendation, which is that ...", with a sentence
   opening "Instead," after it, "Among the solutions: ..." without its label, in a list item too, in a digest's item
   titled by a report ("Institute Report Proposes Act : The report recommends ..."), "Parliament urged the
   Commission to ...", "Recommendations also included measuring ...", "The committee submitted its report,
   recommending strict action ...", "The NGOs also asked the council to ...", a speaker's "..., said “We want the
   council to ..."), that advise someone they name ("Port authorities should publish ..."), that count off advice
   ("First, the President should ... Second, ...") or set out steps to take ("Their first step is to ... Their
   second step is to ..."), as does a paragraph numbered "3.6" that opens otherwise; in an abstract or summary, each
   sentence that advises ("This article argues that the audit should ...", "The court should also ..."), and after a
   question asking for advice ("What should be done? The two sides should ... They should ..."), each sentence that
   advises; a hedged proposal ("A better approach might be for the council to ..."), alone of its paragraph; advice
   after a condition closed by "then" ("If they are found in breach, then tenants should be fined") or summed up as
   an author's (", argues Ann Lee."). A document's first line, short and unclosed, is its title or headline ("Port
   must dredge now – Bank"), and a news paragraph's quoted words after its reported advice are left out of it. In a
   document titled as guidance ("Guidance No. 5"), only a verb of recommending counts here: its modals state duties
   and norms. An article's standfirst repeated by its first sentence with more added is one recommendation, the
   longer. The quoted paragraphs after "Following is a statement by ...:" are read without their quotation marks, as
   the document's own words. A list run into its lead-in's paragraph is split into its items: sentences ("The report
   recommends that: ..."), lettered items ("recommends that the State party: (a) ...; (b) ..."), numbered items
   after a lead-in that names recommendations ("The recommendations of the task force consist of the following: A.
   GROUP 1. ... 2. ...") or items parted by semicolons ("recommends that the city: survey ...; and hold ..."); a
   lead-in that ends a paragraph leaves the sentences before it to be read.

Not recommendations: a contents list that names the section, findings ("noted the offer ...", the list after "we
note that:" or "Key findings include:"), the parts of a question (the list after "..., and I ask:"), the options a
body has (the list after "The Ombudsman may recommend that:"), the key to a scale after "are rated as follows"
("Red - Action should be taken at once"), what is recommended against ("no further action recommended"), a drafting
template's items with blanks to fill in ("invite the Minister of xx to ..."), fields ("Date: May 2024"), a status
alone ("Implemented", a tracker's legend, "unsafe mooring (2 active recommendations)"), headings about what became
of recommendations ("Implementation of recommendations"), back matter (Notes, References ...), headings, a press
release's dateline ("EASTON (May 1, 2007) –", "EASTON, Dec 23:"), and a government's response or status, which is
kept as the response of the recommendation it follows: after a "Response:" label, a paragraph that opens by
answering ("The Government accepts this recommendation.", "This recommendation was responded to through ...") and
those after it, and in a document that answers recommendations, the plain paragraphs after a labelled one. Items
lettered from "a." straight after a labelled recommendation are its parts.

Worded as a recommendation means: a verb of recommending ("recommends", "urges", "calls on", "encourages the State
party to", "reiterates its recommendation that", "we are urging", "pleaded with the courts to", a speaker's "we
want the council to"), a modal of advice ("should", "must", "needs to"; after a pronoun it is resolve: "we must do
more"), a subjunctive after "suggests that" or "It is essential that", or a need stated in the present tense
("There is a need to ...", "emphasis is needed on ...", "X requires more attention").

The wording rules use English grammar words and common nouns only (modal verbs, reporting verbs, common verbs of
action, the common nouns for kinds of body such as "committee" and for efforts such as "attention"); none names a
country, body or topic.
"""

import html
import re
from dataclasses import dataclass, field

from tracker.sources.document import HEADING, ITEM, NOTE, QUOTE, ROW, TEXT

# Kinds of part beyond the block kinds: a recommendation label, a response or status, a bare paragraph number.
LABEL = "label"
RESPONSE = "response"
NUMBER = "number"

# A heading level deeper than any real one: the level of headings whose level is unknown (plain text, short lines).
UNKNOWN_LEVEL = 99

TITLE_LIMIT = 120
# A line this short without closing punctuation reads as a heading (the text reader's own rule).
HEADING_MAX = 80
# More words than this between "that" and its verb is not one noun phrase naming who should act.
ACTOR_MAX_WORDS = 15


@dataclass
class Found:
    # Indexes into the blocks that the recommendation spans, in order.
    indexes: list[int]
    # The recommendation as printed, without its own marker or label; its continuation blocks joined by a space.
    text: str
    label: str = ""
    title: str = ""
    actor: str = ""
    response: str = ""
    response_indexes: list[int] = field(default_factory=list)


@dataclass
class Part:
    """A block as the finder sees it: its marker or label taken off its text, its kind settled."""

    index: int
    kind: str
    # The text without its list marker or label.
    text: str
    # The block's text as read.
    raw: str
    level: int = 0
    marker: str = ""
    label: str = ""
    cells: list = field(default_factory=list)
    # A response printed inside the same paragraph ("Recommendation 1: ... Response: ...").
    response: str = ""


# ---------------------------------------------------------------------------------------------------------------
# Markers and labels

# "(U) " and the like: a US portion marking in front of a paragraph, about its classification, not its content.
PORTION_MARKING = r"(?:\([A-Z]{1,4}(?://[A-Z]+)?\)\s*)?"
# "Recommendation 3", "Rec. 1.a", "Recommendation 2(b)": a recommendation's own label as printed, in any case
# ("RECOMMENDATION 42:", "REC. 3"), since reports set labels in capitals as often as not.
# A letter label needs its space: "RECOMMENDATIONS" is no "RECOMMENDATION S".
LABEL_WORDS = (
    r"(?P<label>(?i:Recommendation|Rec\.?)(?:\s*\d{1,3}(?:\.\d{1,3})*(?:\.?[a-z]\b|\([a-z]\))?|\s+[A-Z]\d*\b))"
)
# The label alone on its line ("Recommendation 3", "Recommendation 3:").
LABEL_LINE = re.compile(rf"^{PORTION_MARKING}{LABEL_WORDS}\s*[:.–—-]?$")
# The label opening a paragraph: it needs a colon or dash after it, a paragraph number or a capitalised word (a
# reader may join the label's line to its paragraph), so that prose such as "Recommendation 3 was rejected"
# stays prose.
LABEL_START = re.compile(
    rf"^{PORTION_MARKING}{LABEL_WORDS}(?:\s*[:–—-]\s*|\.?\s+(?=[A-Z][a-z]*\s)|\s+(?=\d{{1,2}}\.\d{{1,3}}\s))"
)
# "... COMMITTEES Recommendation 1: The concerns ... be submitted ... Response: The Government ...": a label and a
# response inside one paragraph, as a page flattened to text prints them.
INLINE_LABELLED = re.compile(
    r"(?<=\s)(?P<label>(?i:Recommendation)\s+\d{1,3}[a-z]?)\s*:\s+(?P<text>\S.*?)\s+"
    r"(?:(?i:government)\s+)?(?i:response)\s*:\s+(?P<response>\S.*)$"
)
# "Recommendation: The agency should ...", "Recommendation – Publish ...": a label without a number, before a
# recommendation's own sentence (a field such as "Recommendation: Accepted" is a field).
UNNUMBERED_LABEL = re.compile(rf"^{PORTION_MARKING}(?i:Recommendation)\s*[:–—-]\s+(?=\S)")
# "(Recommendation 3)" printed after the text, as audit offices do.
TRAILING_LABEL = re.compile(r"\s*\((?P<label>(?i:Recommendation)\s+\d{1,3}[a-z]?)\)\s*$")

# A list marker opening a paragraph the reader did not make an item (Markdown has no "(1)" or "a)" lists):
# "1." "1)" "(1)" "a)" "(a)" "iv." "8.2(b)" "2.21", a bullet, a bare paragraph number before a capital, or a letter
# and number as some reports number their recommendations ("R3.", "A1:").
# "?" is a bullet whose character was lost in copying, as in text pasted from web pages.
TEXT_MARKER = re.compile(
    r"^(?P<marker>"
    r"\(?\d{1,3}[.)]"
    r"|\d{1,2}(?:\.\d{1,3})+(?:\([a-z]\))?\.?"
    r"|\(?[a-zA-Z][.)]"
    r"|\(?[ivxIVX]{1,5}[.)]"
    r"|\(\d{1,3}\)|\([a-zA-Z]\)|\([ivxIVX]{1,5}\)"
    r"|[-*•‣▪–—·»◦●■➢?]"
    r"|\d{1,3}(?=\s+[A-Z])"
    r"|[A-Z]{1,3}\d{1,2}(?:\.\d{1,2})?[.:)]"
    r")\s+(?=\S)"
)
# A paragraph that is nothing but a paragraph number ("2.21"), as a Word or PDF page may print it.
BARE_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
# The paragraph number that opens the paragraph under a "Recommendation N" label ("6.1 The committee ...").
PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,3}\s+")
# A paragraph number as reports print them ("3.6", "2.21"), as against a list's "1." or "(a)".
PARAGRAPH_MARKER = re.compile(r"^\d{1,2}\.\d{1,3}$")
# "First, ... Second, ... Third, ..." paragraphs enumerate as a list does.
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"]
# "Secondly," counts as "Second," and "Lastly," as "Finally,": British writers count off with either.
ORDINAL_START = re.compile(
    r"^(?P<marker>(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)(?:ly)?|Finally|Lastly),\s+"
)


def _ordinal(marker):
    """An ordinal marker as its plain word: "Secondly" -> "Second", "Lastly" -> "Finally"."""
    return "Finally" if marker == "Lastly" else re.sub(r"ly$", "", marker)


BULLETS = set("-*•‣▪–—·»◦●■➢?")

# "Response:", "Government response", "Status: Open": what a government or auditor says back, not a recommendation.
RESPONSE_START = re.compile(
    r"^(?:(?:the\s+)?(?:government|agency|department|management)(?:['’]s)?\s+)?(?:response|reply|status|"
    r"corrective\s+action(?:\s+plan)?)"
    r"(?:\s+(?:to|on)\s+recommendation\s+\S+?)?\s*(?::\s*|[–—-]\s+|$)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------------------------
# Headings

SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")
EMPHASIS = re.compile(r"(\*{1,3})(\S(?:.*?\S)?)\1|(?<!\w)(_{1,3})(\S(?:.*?\S)?)\3(?!\w)")
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
NAMES_RECOMMENDATIONS = re.compile(r"\brecommendations?\b", re.IGNORECASE)
# A heading over responses to recommendations titles the responses, not the recommendations.
NAMES_RESPONSES = re.compile(r"\brespon(?:se|ses|ding)\b", re.IGNORECASE)
# "Implementation of Recommendations Report", "Factors that contributed to the implementation of recommendations",
# "Extent to which recommendations were implemented": a heading about what became of recommendations is over an
# account of them, not over a list of them.
NAMES_AFTERMATH = re.compile(
    r"\b(?:implement\w*|progress|follow[- ]?up|uptake|extent|factors?|barriers?|outcomes?)\b", re.IGNORECASE
)
# Such a heading mixes recommendations with findings, so each item must be worded as a recommendation.
NAMES_FINDINGS = re.compile(r"\b(?:conclusions?|findings?|observations?|comments?)\b", re.IGNORECASE)
# A short line (not a heading) that names a recommendations section: "Key recommendations:", "List of
# Recommendations", "Recommendations for the government", "Recommendations (20)". A longer line is prose.
SHORT_SECTION_LINE = re.compile(
    r"^(?:[\w’'-]+\s+){0,4}recommendations?(?:\s+(?:for|to|of|on)\s+.{1,60})?(?:\s*\(\d+\))?\s*:?$", re.IGNORECASE
)
# An abstract or a summary gives a paper's recommendations as sentences among its findings ("The ECA should also
# consider ..."): there, each sentence that advises in the document's voice counts.
SUMMARY_HEADING = re.compile(
    r"^(?:abstract|(?:executive|brief|short)\s+summary|summary(?:\s+of\s+(?:the\s+)?(?:report|paper|study))?|"
    r"key\s+(?:points|messages)|in\s+brief|at\s+a\s+glance)\s*:?$",
    re.IGNORECASE,
)
# Back matter ends the recommendations, whatever its heading level.
BACK_MATTER = re.compile(
    r"^(?:notes?|end\s?notes|footnotes|references|sources|bibliography|further reading|annex(?:es)?|appendix|"
    r"appendices|about the authors?|acknowledge?ments|contacts?|glossary|abbreviations|index)\s*:?$",
    re.IGNORECASE,
)
# "Notes: funded by ..." on a line of its own ends them too ("Source: ..." is a caption, so it does not).
BACK_MATTER_LINE = re.compile(r"^(?:notes?|end\s?notes|footnotes|references|bibliography)\s*:\s+\S", re.IGNORECASE)
# A contents line ends in its page number, often after dot leaders: "Key Recommendations ........ 1".
PAGE_NUMBER = re.compile(r"(?:\.{3,}|…)\s*\S*\s*$|\s\d{1,4}$")

# ---------------------------------------------------------------------------------------------------------------
# Wording

# Verbs by which a document recommends, in any person or tense it uses for its own recommendations ("policies
# recommended by X" only says whose they were), and "Our recommendation is that ...".
RECOMMENDING = re.compile(
    r"\b(?:recommend(?:s|ed(?!\s+by\b))?|urge[sd]?|call(?:s|ed)?\s+(?:on|upon|for)|appeal(?:s|ed)?\s+to|"
    # "We are urging the government to ...", "We are calling on Government to ...": a call in the progressive.
    r"(?:am|is|are)\s+(?:urging|calling\s+(?:on|upon)|appealing\s+to)|"
    # "pleaded with the authorities to deal with ...": a call made humbly is a call.
    r"plead(?:s|ed)?\s+with\s+[^,;:.]{1,80}?\s+to\s+(?!the\b|a\b|an\b)[a-z]+|"
    r"advocate[sd]?\s+that|request(?:s|ed)?\s+that|recommendations?\s+(?:is|are)\s+(?:that|to)|"
    # "The Committee reiterates its recommendation that ...": a recommendation made again.
    r"(?:reiterate|repeat|renew|recall)[sd]?\s+(?:its|our|their|the|this)\s+(?:[\w-]+\s+)?recommendations?\s+that)\b",
    re.IGNORECASE,
)
# A resolution's operative clause opens with its verb, its subject ("The General Assembly") given once above:
# "Requests the Secretary-General to report ...", "Encourages Member States to ...".
OPERATIVE = re.compile(
    r"^(?:Also\s+|Further\s+|Strongly\s+)?(?:Requests|Encourages|Invites|Asks|Exhorts|Calls\s+(?:up)?on|Urges)\b"
)
# "no further action recommended", "is not recommended", "We do not recommend": a verb of recommending that is
# denied is a decision not to recommend. The words before the verb in its clause are read ("Not only do we
# recommend" still recommends).
DENIED = re.compile(r"\b(?:no|not|never)\b(?!\s+only\b)(?:\s+[\w-]+){0,3}?\s*$", re.IGNORECASE)
# "We recommend the Council ...", "We also recommend that ...", "The committee urges ...", "WG RECOMMENDS ...":
# a sentence whose subject (we, a short "the ..." name or an acronym) recommends in the present tense is the
# document speaking for itself, wherever the sentence stands. The past tense ("The review recommended ...")
# mostly tells a history, so it does not count here.
STATING = re.compile(
    r"^(?:(?:we|i|the\s+[\w-]+(?:\s+[\w-]+)?|(?-i:[A-Z]{2,6}))\s+)?(?:also\s+|therefore\s+|further\s+|again\s+)?"
    r"(?P<verb>recommends?|urges?|calls?\s+(?:on|upon|for)|"
    # "The Committee encourages the State party to ...", "We invite the Council to ...": asking someone to act.
    r"(?:encourages?|invites?)(?=\s+[^,;:.]{1,80}?\s+to\s+(?!the\b|a\b|an\b)[a-z]))\b",
    re.IGNORECASE,
)
# "We want the government to declare ...", "On subsidy removal, we are urging the government to ...", "We ask the
# council to ...": a speaker's own call on someone named, after an opening phrase at most. "We want to ..." with
# nobody named is the speaker's own intention.
FIRST_PERSON_CALL = re.compile(
    r"^[“\"‘]?(?:[^,;:.]{1,60},\s+)?(?:we|i)\s+(?:also\s+|therefore\s+|again\s+|strongly\s+)?"
    r"(?:(?:am|are)\s+(?:also\s+)?(?:urging|calling\s+(?:on|upon)|appealing\s+to|asking)|want|ask|implore)"
    r"\s+(?!to\b)(?P<name>[^,;:.]{1,80}?)\s+to\s+(?!the\b|a\b|an\b)[a-z]+",
    re.IGNORECASE,
)


def _first_person_call(sentence):
    """A speaker's own call on a body (see FIRST_PERSON_CALL): "We want the government to ..." calls on someone who
    can act; "We want people to enjoy the river" is a wish."""
    match = FIRST_PERSON_CALL.match(sentence)
    return bool(match) and _names_someone(match["name"])


# "We recommended that councils ...": the document's own recommendation, restated in the past tense, as a follow-up
# report restates the recommendations it made before.
# So is "We have also recommended that ...", "Towards this end, we have recommended that ..." and "we have
# reiterated our earlier recommendation, which is that ...", as a committee reports its own recommendations to the
# House, after an opening phrase at most.
STATED_BEFORE = re.compile(
    r"^(?:[^,;:.]{1,60},\s+)?(?:we|i)\s+(?:have\s+|had\s+)?(?:also\s+|further\s+)?"
    r"(?:recommended|(?:reiterated|repeated|renewed)\s+(?:our|my)\s+(?:[\w-]+\s+)?recommendation,?(?:\s+which\s+is)?)"
    r"\s+that\b",
    re.IGNORECASE,
)
# "Their first step is to adopt ...", "A crucial next step would be to ...": a step to take, with the verb of what to
# do after "to". With a modal ("should be to") it advises; with "is to", it advises in a sequence of steps that
# belong to someone ("their", "the city's"; see _steps), since "The first step is to collect the data" as often
# describes a method. The past ("The first step was to ...") tells what was done.
STEP = re.compile(
    r"^(?:(?:(?P<owner>their|its|his|her|your|(?:the\s+)?[A-Za-z][\w-]*['’]s)|the|our|a|an|one)\s+)?(?:[a-z-]+\s+)?"
    r"(?P<which>first|second|third|fourth|fifth|sixth|next|final|last|initial|further|key|crucial|essential|"
    r"important|immediate)\s+(?:steps?|plans?\s+of\s+action|courses?\s+of\s+action|priority|priorities|task)\s+"
    r"(?:for\s+[^,;:.]{1,60}?\s+)?"
    r"(?:is|are|(?P<advice>should|must|would|could|ought\s+to|needs?\s+to)(?:\s+(?:thus|therefore|then|also))?\s+be)"
    r"\s+to\s+(?!the\b|a\b|an\b)[a-z]+",
    re.IGNORECASE,
)
# "There is a need to ...", "emphasis is needed on ...", "Developing countries require more attention to ...", "The
# agency needs more staff", "The decision requires re-examination": a need stated without a modal or an addressee
# still asks for action. Only the present tense, and with "require" or "need" only a call for more of something or
# for a decision to be looked at again: "The Act requires review every five years" describes a rule, and "require
# urgent attention" as often describes how bad a problem is. What "is needed" must be an effort ("emphasis is
# needed", "action is needed") or more of something ("more data are needed"): "Data is needed for each household"
# states what a method takes.
EFFORTS = (
    r"action|attention|effort|efforts|emphasis|focus|investment|funding|reform|reforms|support|work|research|care|"
    r"caution|scrutiny|oversight|guidance|clarity|coordination|co-ordination|cooperation|co-operation|leadership|"
    r"change|changes|commitment|engagement|consideration|vigilance|intervention|measures|steps"
)
NEED = re.compile(
    r"\bthere\s+is\s+(?:an?\s+)?(?!no\b|little\b)(?:[\w-]+\s+)?need\s+(?:to|for)\b|"
    rf"(?:\b(?:{EFFORTS})|\b(?:more|greater|further|additional|better|stronger|renewed|increased)\s+(?:[\w-]+\s+){{0,2}}?"
    r"[\w-]+)\s+(?:is|are)\s+(?:[a-z]+ly\s+)?needed\b|"
    r"\b(?:requires?|needs?)\s+(?:(?:more|greater|further|closer|better|additional|increased)\s+[a-z-]+|"
    r"re-?(?:examination|consideration|thinking|assessment|evaluation)\b)",
    re.IGNORECASE,
)
# A need in a clause of its own ("where the resources are needed", "what is needed") says where, not that.
SUBORDINATE = re.compile(r"\b(?:where|what|which|that|if|when|whether|how|as|than)\b", re.IGNORECASE)
# A committee's "We expect the Government to ..." is a demand; it counts under a recommendations heading only,
# since elsewhere "we expect" is as often a forecast.
EXPECTING = re.compile(r"\bwe\s+expect\b", re.IGNORECASE)
# "suggests that" and "proposes that" recommend only when a subjunctive follows ("that the plan be reviewed"):
# "the data suggest that prices will fall" is a finding.
# So does "It is essential that" and the like: "It is pertinent that the government take ..." asks for the action in
# the same subjunctive.
IMPERSONAL_THAT = (
    r"it\s+is\s+(?:\w+\s+)?(?:essential|important|imperative|vital|necessary|pertinent|crucial|critical|urgent)"
)
SUGGESTING = re.compile(
    rf"\b(?:suggest(?:s|ed)?|propose[sd]?|ask(?:s|ed)?|{IMPERSONAL_THAT})\s+that\s+",
    re.IGNORECASE,
)
# Modals of advice, with the forms of advice a modal takes in diplomatic and UN usage: "The Committee may wish to
# consider ...", "X would do well to ...", "Member States are encouraged to ...".
MODAL = re.compile(
    r"\b(?:should|must|ought\s+to|needs?\s+to|may\s+wish\s+to|would\s+do\s+well\s+to|"
    r"(?:is|are)\s+(?:strongly\s+|also\s+|further\s+)?(?:encouraged|advised|urged|requested|called\s+upon)\s+to)\b",
    re.IGNORECASE,
)
# "should they become members", "should the bill be passed": an inverted condition, not advice.
CONDITIONAL_MODAL = re.compile(r"\bshould\s+(?:they|it|he|she|we|you|there|the|this|these|a|an)\b", re.IGNORECASE)
# A finding or a courtesy: "noted the offer", "We note that", "The committee welcomed", "found that". A bare
# "Find ways to ..." is an instruction, so "find" needs its subject.
FINDING_START = re.compile(
    r"^(?:(?:we|it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+)?(?:also\s+)?"
    r"(?:note[sd]?|noting|welcome[sd]?|commend(?:s|ed)?|found|finds|observe[sd]?|acknowledge[sd]?)\b"
    r"|^(?:we|it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:also\s+)?find\b",
    re.IGNORECASE,
)
# A lead-in that announces findings: the list after "we note that:" or "Key findings include:" holds no
# recommendations.
NOTING_LEAD_IN = re.compile(
    r"\b(?:note[sd]?|found|find|observe[sd]?)(?:\s+that)?\s*:$|\bfindings\b(?:\s+[\w-]+){0,2}\s*:$", re.IGNORECASE
)
# A lead-in that announces recommendations by its verb: "We recommend that the Government:", "It was
# recommended that:", "the authors advocate that:", "The committee urges:". The phrase after the verb must be
# a short name (checked in _is_lead_in), so "We recommend that the Act be amended to read:" stays a recommendation.
RECOMMENDING_LEAD_IN = re.compile(
    r"\b(?:recommend(?:s|ed)?|urge[sd]?|advocate[sd]?|propose[sd]?|call(?:s|ed)?\s+(?:on|upon|for))\b"
    r"(?:\s+that)?(?P<rest>[^:]*):$",
    re.IGNORECASE,
)
# A lead-in and the list it announces run into one paragraph: "The report recommends that: If the ...".
INLINE_LEAD_IN = re.compile(r"(?P<lead>[^:]{1,150}:)\s+(?=\S)")
# A lead-in that names what follows as recommendations, or as a plan, steps, actions or priorities to take: "Key
# recommendations:", "The committee makes six recommendations, including:", "A ten-step plan for the alliance:",
# "The paper suggests four actions for the board:", "the third recommendation, namely:".
NAMING_LEAD_IN = re.compile(
    r"\b(?:recommendations?|proposals|steps|plan|measures|actions|priorities)\b[^:]*:$", re.IGNORECASE
)
# "The government should:" announces what it should do; "Near-term measures should include:" what it should do
# first.
MODAL_LEAD_IN = re.compile(r"\b(?:should|must)(?:\s+(?:include|be))?\s*:$", re.IGNORECASE)
# Verbs of change a forecast uses with a modal: "Demand should rise", "Costs must fall by a third".
FORECAST_VERBS = set(
    "rise fall increase decrease decline grow drop shrink remain stay exceed peak slow recover improve worsen "
    "happen occur result follow come arrive".split()
)
# ", the mayor said.", ", said the minister.", ", the model predicts.": whose view a sentence gave, after it.
ATTRIBUTION = re.compile(
    r",[”\"’]?\s+(?:[\w’'.-]+\s+){0,5}?(?:said|says|argued|argues|added|adds|warned|warns|wrote|writes|predicts?|"
    r"predicted|claimed|claims|noted|notes|insisted|insists|told\s+[\w’'.-]+)(?:\s+[\w’'.-]+){0,5}\s*[.!?”\"’]*$",
    re.IGNORECASE,
)
# ", argues Jane Doe.", ", write Ann Lee and Bo Chen.": an author's piece summed up, in the present tense.
AUTHORING = re.compile(r"^,[”\"’]?\s+(?:argues|argue|writes|write)\s+[A-Z]")
# What a document calls itself: "This article argues ...".
DOCUMENT_NOUNS = set("article paper report study chapter brief memo note review analysis essay book".split())
# Reporting verbs: a "should" after them is someone's report of an opinion ("Kellogg argued the U.S. should").
REPORTING = re.compile(
    r"\b(?:said|says|say|argued|argues|argue|believes?|believed|thinks?|thought|claim(?:s|ed)?|warn(?:s|ed)?|"
    r"expressed|agreed|noted|found|felt|wrote|told|suggested|insisted|added)\b",
    re.IGNORECASE,
)
# A text whose sentence is over: "... work." or "... responsible. (Paragraph 54)".
SENTENCE_CLOSED = re.compile(r"[.!?][\"”’)\]]*$|[.!?]\s*\([^()]*\)$")
QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]*[A-Z0-9])")
# A full stop after these ends a word, not a sentence: "SO No. 145", "(para. 17f)", "e.g. Japan".
ABBREVIATIONS = set(
    "no nos para paras e.g i.e mr mrs ms dr st vol p pp cf art sec fig ch vs v inc ltd co jr sr".split()
)

# "Date: May 2024", "Sector: Health", "Case ref: 202203153": a field of one to three words and its value, as a case
# page or a cover prints them.
FIELD_VALUE = re.compile(r"^(?P<field>[A-Z][\w’'/-]*(?:\s+[\w’'/-]+){0,2})\s*:\s*(?P<value>\S.*)$")
FIELD_VALUE_MAX_WORDS = 6
# The words of a recommendation's status, as trackers print them.
STATUS_ONLY = re.compile(
    r"^(?:not\s+(?:yet\s+)?|partly\s+|partially\s+|fully\s+)?(?:implemented|accepted|rejected|agreed|open|closed|"
    r"completed?|in\s+progress|on-?going|pending|superseded|outstanding)[.:]?$",
    re.IGNORECASE,
)
# Paragraphs that open with an instruction count as recommendations only this many in a row.
INSTRUCTION_RUN = 3
# An instruction opening a paragraph is short ("Strengthen key allies and partners."); a longer first sentence
# is prose that happens to start with a verb.
INSTRUCTION_MAX_WORDS = 15
# The reader addressed: "you", "your".
READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
# An item that instructs without closing its sentence says at least this much ("Stabilise climate change policy").
INSTRUCTION_ITEM_MIN_WORDS = 4
# A finite verb or a modal: a sentence with one says what is, was or will be, so it is no bare instruction.
FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|shall|should|must|does|did)\b", re.IGNORECASE
)
# Verbs of action in their base form: an imperative item opens with one ("Establish a central agency ..."), and
# after "recommends that the Government" one marks where the name of who should act ends.
ACTION_VERBS = set(
    """
    abolish accelerate adapt address adopt advocate align allocate allow amend apologise apologize apply appoint
    approve assess assist avoid broaden build call change clarify collect commission commit communicate conduct
    confront consider consult continue convene cooperate coordinate create cut declare deepen defend define deliver
    deploy design designate develop direct document embrace encourage end enforce engage enhance enable ensure
    establish evaluate examine expand explore extend facilitate finance find focus forge fund give harmonise
    harmonize hold identify implement improve include increase inform initiate introduce invest invite issue keep
    launch lead legislate limit maintain make mobilise mobilize modernise modernize monitor negotiate notify offer
    pass pay plan prepare prevent prioritise prioritize prohibit promote protect provide publish pursue raise ratify
    recognise recognize reduce refer reform regulate reinforce reinstate reject release remodel remove renew replace
    report require resist resource restore restrict resume rethink review revise seek seize set share simplify start
    stop streamline strengthen submit support tackle take tell tighten train transform undertake update use view
    widen work write
    bolster boost curb eliminate empower enact equip expedite foster guarantee help incorporate integrate involve
    lift manage mandate match mitigate operate overhaul put retain run safeguard scrap secure shift sustain uphold
    upgrade
    learn let listen understand
    determine investigate
    """.split()
)
# Words in "-ise" or "-ize" that are no verbs: the ending otherwise makes a verb ("stabilise", "incentivize").
NOT_VERBS_IN_ISE = {"enterprise", "expertise", "merchandise", "franchise", "otherwise", "paradise", "treatise"}
# "Gradually lift the rate", "Further shift the tax mix", "Urgently review ...": an adverb may stand before the
# verb of an instruction. Words in "-ly" that are nouns or adjectives ("Family support", "Early action") are not
# adverbs.
LEADING_ADVERB = re.compile(r"^(?P<adverb>[A-Z][a-z]{3,}ly|Further|Also|Then)\s+(?P<verb>[a-z]+)\s+(?P<next>[\w'’-]+)")
NOT_ADVERBS = set(
    "only early family assembly italy july likely unlikely daily weekly monthly quarterly yearly elderly timely "
    "costly friendly orderly supply apply reply rally".split()
)
# Addressees named by a common noun ("the government should", "Countries should", "Coastal states should").
ADDRESSEE_NOUNS = (
    r"governments?|countries|states?|ministry|ministries|ministers?|departments?|agency|agencies|authority|"
    r"authorities|councils?|committees?|parliaments?|congress|senate|commissions?|boards?|cabinet|administration|"
    r"donors|members|operators|regulators|insurers|employers|municipalities|legislatures?|secretariat"
)
# "Parliament urged the Commission to use ...", "It called on Member States to ...", "The Council asked the
# Secretariat to ...", "It expected from the Commission stronger commitment ...": a body asking another to act, in
# any tense, as the summary of a resolution or a report gives its requests. The one who asks is a body (named by
# its common noun: "Parliament", "the committee") or "it" standing for one, since people and markets ("Analysts
# expected the bank to ...") forecast or describe as often as they ask; "expected" asks only with "from".
# "The CSOs", "the NGOs", "IHRC–NEZB": an organisation (or several) known by its initials, as news names the bodies
# whose calls it reports.
ACRONYM = r"(?:the\s+)?(?-i:[A-Z]{2,6}(?:[–-][A-Z]{2,6})?s?)"
SPEAKING_BODIES = (
    rf"{ADDRESSEE_NOUNS}|assembly|conference|convention|summit|meeting|forum|court|tribunal|panel|inquiry|review|"
    r"ombudsman|auditor|inspector|office|group|delegation|mission|bank|fund"
)
REPORTED_CALL = re.compile(
    rf"^(?:it|(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:{SPEAKING_BODIES})|{ACRONYM})(?:,[^,]{{1,60}},)?\s+"
    r"(?:also\s+|further\s+|again\s+|hereby\s+)?"
    r"(?:(?:urge[sd]?|call(?:s|ed)?\s+(?:on|upon)|ask(?:s|ed)?|request(?:s|ed)?|invite[sd]?|appeal(?:s|ed)?\s+to|"
    r"encourage[sd]?)\s+[^,;:.]{1,80}?\s+to\s+(?!the\b|a\b|an\b)[a-z]+|expect(?:s|ed)?\s+from\s+\S)",
    re.IGNORECASE,
)
# "We believe that the Government should ...", "The Committee is of the view that ...", "This paper considers that
# ...": the document, or the body whose document it is, giving its own view in the present tense; what follows is
# read as if the opinion were not there. Someone else's view ("the mayor believes") or a view told in the past
# ("the committee believed") is reported.
OPINION = re.compile(
    rf"^(?:we|i|(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:{SPEAKING_BODIES})|this\s+(?:"
    + "|".join(sorted(DOCUMENT_NOUNS))
    + r"))\s+(?:also\s+|therefore\s+|further\s+|strongly\s+|firmly\s+|still\s+)?"
    r"(?:believes?|considers?|thinks?|feels?|(?:is|are|remains?)\s+of\s+the\s+(?:view|opinion)|takes?\s+the\s+view|"
    r"(?:is|are)\s+convinced)\s+(?:that\s+)?",
    re.IGNORECASE,
)
# Words a title does not end on: they promise more words ("... by", "... of the", "... and").
DANGLING = set(
    """
    a an the and or but nor of by to for in on at with from into onto upon over under about as than that which who
    whose whom its their his her our your my this these those between among through across via per including such
    if whether while when where so not no be is are was were will would should must can could may might has have had
    do does did very more most less least both either neither each every any all some
    """.split()
)
PRONOUNS = {"it", "they", "he", "she", "we", "you", "i", "this", "that", "these", "those", "one", "there"}


# ---------------------------------------------------------------------------------------------------------------
# The finder


def find_recommendations(blocks):
    """The recommendations in `blocks` (tracker.sources.document.Block), in document order."""
    parts = _parts(blocks)
    taken = set()
    responses = _responses(parts, taken)
    responses += _answers(parts, taken)
    sections = _sections(parts)
    groups = []
    groups += _labelled(parts, taken)
    if _responds(parts):
        responses += _unlabelled_responses(parts, groups, taken)
    groups += _table_rows(parts, taken)
    groups += _glued_rows(parts, taken)
    groups += _lead_in_lists(parts, taken)
    groups += _section_items(sections, taken)
    # What a section holds is settled by the section's rules, so the looser test for elsewhere skips it; back
    # matter (notes, references) holds none.
    inside = {part.index for members in sections.values() for part in members}
    back_matter = _back_matter(parts)
    elsewhere = _recommending_elsewhere(parts, taken | inside | back_matter | _legends(parts) | _title_line(parts))
    if _is_guidance(parts):
        # Guidance states duties and norms in modals ("the harbour master must close the berth", "reports should be
        # brief"): outside its sections and lists, only a verb of recommending makes a recommendation.
        elsewhere = [group for group in elsewhere if _recommending_verb(plain(group.text or _joined(group.parts)))]
    groups += elsewhere
    spans = [range(section.start, max(part.index for part in members) + 1) for section, members in sections.items()]
    groups += _instruction_headings(parts, back_matter | {index for span in spans for index in span})
    found = _without_repeats(sorted((_found(group) for group in groups), key=lambda found: found.indexes[0]))
    found = [item for item in found if not PLACEHOLDER.search(item.text)]
    _attach_responses(found, responses, parts)
    return found


# A drafting template's blank to fill in: "the Minister of xx", "on xx [date]", "[insert the name of the body]". A
# text with a blank is a form of words for someone to copy, not a recommendation anyone made. "XX" in capitals is
# also a roman twenty, and an editor's "[Title] 14" or "[the]" fills in words, so only the lower case "xx" and an
# instruction to the drafter in brackets count.
PLACEHOLDER = re.compile(r"(?<![\w-])x{2,}(?![\w-])|\[(?:insert|date|summarise|summarize|specify|enter)\b[^\]]*\]")


def _title_line(parts):
    """The document's first line, where it is short and closes no sentence ("Council must act now – Review"): its
    title or headline, which states the call the article reports, not a recommendation of its own."""
    first = next((part for part in parts if part.kind != NOTE), None)
    if first is None or first.kind != TEXT or len(parts) < 2:
        return set()
    text = plain(first.text)
    if len(text) > HEADING_MAX or SENTENCE_CLOSED.search(text) or text.endswith(":"):
        return set()
    return {first.index}


# "Harbour Master's Guidance No. 5", "Guidelines for harbour masters", "Code of Practice": a document that calls itself
# guidance, in its title.
GUIDANCE_TITLE = re.compile(r"\b(?:guidance|guidelines?|code\s+of\s+practice|practice\s+directions?)\b", re.IGNORECASE)


def _is_guidance(parts):
    """The document's title (its first heading, or its first line if short enough to be one) names it guidance and
    not recommendations; a first paragraph of prose that mentions guidance is no title."""
    title = next((part for part in parts if part.kind in (HEADING, TEXT) and part.text), None)
    return (
        title is not None
        and (title.kind == HEADING or len(title.text) <= HEADING_MAX)
        and bool(GUIDANCE_TITLE.search(title.text))
        and not NAMES_RECOMMENDATIONS.search(title.text)
    )


def _without_repeats(found):
    """The recommendations without one that the next paragraph repeats and goes on from, as an article's standfirst
    is repeated by its first sentence with more added ("X has urged the council to act." then "X has urged the
    council to act, saying ..."): one recommendation, the longer."""
    kept = []
    for position, item in enumerate(found):
        following = found[position + 1] if position + 1 < len(found) else None
        stem = item.text.rstrip(" .")
        if (
            following is not None
            and following.indexes[0] == item.indexes[-1] + 1
            and len(following.text) > len(item.text)
            and following.text.startswith(stem)
        ):
            continue
        kept.append(item)
    return kept


@dataclass
class Group:
    """The parts one recommendation is made of, before its text, title and actor are worked out."""

    parts: list
    label: str = ""
    # For a table row: the text of its recommendation cell and its status or response cell.
    text: str = ""
    response: str = ""
    # Who a lead-in addresses ("We recommend that the Government:"), for items that name nobody themselves.
    actor: str = ""


def _found(group):
    """The Found a group makes: its text joined, its label, title and actor worked out."""
    first = group.parts[0]
    joined = group.parts
    if not group.text and len(group.parts) > 1 and _is_bare_lead_in(first):
        # "Recommendation 2" / "The Committee recommends that:" / "The Government provides ...": the lead-in
        # says who recommends; the recommendation is what follows it.
        joined = group.parts[1:]
    if group.text:
        text = group.text
    else:
        text = joined[0].text
        for part in joined[1:]:
            # A sub-item keeps its own marker ("(a)", "1."), as printed; a wrapped line joins with a space.
            piece = f"{part.marker} {part.text}" if part.marker else part.text
            if not piece:
                continue
            if SPLIT_WORD.search(text) and piece[:1].islower() and not part.marker:
                # "Protec-" + "tion": a word broken at a line end, as PDF readers can leave it.
                text = text[:-1] + piece
            else:
                text = f"{text} {piece}" if text else piece
    label = group.label or _label_of(first)
    text = _unquoted(NAVIGATION_TAIL.sub("", text))
    trailing = TRAILING_LABEL.search(text)
    if trailing and not label:
        label, text = trailing["label"], text[: trailing.start()]
    return Found(
        indexes=[part.index for part in group.parts],
        text=text,
        label=label,
        title=make_title(text),
        actor=find_actor(text) or group.actor,
        response=group.response,
    )


SPLIT_WORD = re.compile(r"[a-z]-$")
# A web page's link after the text, copied with it: "Read more here.", "More here...", "Find out more".
NAVIGATION_TAIL = re.compile(
    r"(?<=[.!?”\"])\s+(?:(?:read|find\s+out|learn|see)\s+more|more)(?:\s+here)?\s*(?:\.{1,3}|…)?$", re.IGNORECASE
)
QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'"}


def _unquoted(text):
    """A recommendation quoted whole ("‘The Brexit Parliament must ...’"), without its quotation marks: the
    words are the recommendation, the marks only say someone said them. A quotation inside the text stays. A
    speaker's words that open with a quotation mark closed only after a sentence ("“It is vital that ...,” he
    said.") or never (news opens each paragraph of a long quotation and closes only the last) lose the opening
    mark, which only says that speech begins; a quoted term ("“Smart” meters ...") keeps its marks."""
    if len(text) > 2 and text[0] in QUOTES and text[-1] == QUOTES[text[0]]:
        inner = text[1:-1]
        if text[0] not in inner and QUOTES[text[0]] not in inner:
            return inner.strip()
    if len(text) > 2 and text[0] in '“"':
        closing = text.find(QUOTES[text[0]], 1)
        if closing < 0 or text[closing - 1] in ",.!?":
            return text[1:].lstrip()
    # The last sentence of a quoted paragraph keeps the closing mark of a quotation it does not open.
    if len(text) > 2 and text.endswith("”") and "“" not in text:
        return text[:-1].rstrip()
    return text


def _is_bare_lead_in(part):
    """A paragraph that is only a lead-in announcing recommendations ("The Committee recommends that:")."""
    text = plain(part.text)
    return text.endswith(":") and len(split_sentences(text)) == 1 and _announces_recommendations(text)


def _label_of(part):
    if part.label:
        return part.label
    marker = part.marker
    if not marker or marker in BULLETS:
        return ""
    # "(1)", "a)" and "3." are printed with brackets and dots that are punctuation, not part of the label;
    # "8.2(b)" keeps its brackets.
    if marker.startswith("(") and marker.endswith(")"):
        return marker[1:-1]
    if marker.endswith(")") and "(" not in marker or marker.endswith((".", ":")):
        return marker[:-1]
    return marker


# ---------------------------------------------------------------------------------------------------------------
# Parts


# A press release's dateline says where and when, not what: "Oslo, 3 March 2031 – ", "(Bergen) – ",
# "GENEVA (Reuters) - ", and a place in capitals and a day before a colon, as newspapers print it ("OSLO, Dec 23: ").
DATELINE = re.compile(
    r"^(?:(?:\([A-Z][\w .'’-]{1,40}\)"
    r"|[A-Z][\w .'’-]{1,40},\s+(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2}),?\s+\d{4}"
    r"|[A-Z][A-Z .'’-]{1,40}\s+\([\w .,]{1,30}\))\s+[–—-]{1,2}"
    r"|[A-Z][A-Z .'’-]{1,40},\s+(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,?\s+\d{4})?:)"
    r"\s+(?=[“\"‘]?[A-Z])"
)
# A table's border copied with the paragraph after it: "... in the future. |".
TABLE_BORDER = re.compile(r"(?<=[.!?;:)\]”\"])\s+\|+$")


def _parts(blocks):
    parts = []
    for index, block in enumerate(blocks):
        raw = " ".join((block.text or "").split())
        if block.kind in (TEXT, ITEM):
            raw = TABLE_BORDER.sub("", raw)
        part = Part(index, block.kind, raw, raw, level=block.level, marker=block.marker, cells=list(block.cells))
        if block.kind == TEXT:
            part.text = DATELINE.sub("", raw, count=1)
        if block.kind in (TEXT, ITEM, HEADING):
            _settle(part)
        if part.kind == TEXT and (match := INLINE_LABELLED.search(part.text)):
            # A labelled recommendation and its response flattened into one paragraph, after a title or other text.
            part.kind, part.label, part.text = LABEL, _squash(match["label"]), match["text"]
            part.response = match["response"]
        parts.append(part)
    _mark_ordinals(parts)
    _unquote_statements(parts)
    _labels_closing_lines(parts)
    _record_text(parts)
    for part in parts:
        if part.kind in (TEXT, ITEM) and (match := RESTATED_LABEL.match(part.text)):
            part.kind, part.label, part.text, part.marker = LABEL, _squash(match["label"]), match["text"], ""
    return parts


# "Recommendation number: 3", "Recommendation No.: 4.2": a record's field that numbers the one recommendation it holds.
RECORD_NUMBER = re.compile(
    r"\b(?i:recommendation)\s+(?i:number|no\.?|#)\s*:\s*(?P<label>\d{1,3}(?:\.\d{1,3})*[a-z]?)\b"
)


def _record_text(parts):
    """A single recommendation's record (an oversight database's page, one recommendation a page) numbers it in a
    field and prints its words under a heading such as "Text" or "Description": the paragraph under that heading is
    the recommendation, with the field's number as its label. A page with several such fields lists records, and
    is left to the other rules."""
    numbered = [(position, match) for position, part in enumerate(parts) if (match := RECORD_NUMBER.search(part.text))]
    if len(numbered) != 1:
        return
    position, match = numbered[0]
    for heading, following in zip(parts[position + 1 :], parts[position + 2 :], strict=False):
        if heading.kind == HEADING and TEXT_HEADER.match(_heading_text(heading.text)):
            if following.kind == TEXT:
                following.kind, following.label = LABEL, match["label"]
            return


# "REC143-3580 F - Research 17 - Assets Recommendation 5": a listing's line of fields that ends in the row's label.
CLOSING_LABEL = re.compile(r"(?<=\s)(?P<label>(?i:Recommendation)\s+\d{1,3}[a-z]?)$")
# "That the Authority investigate ...", "That, in tandem with ..., the Board establish ...": a recommendation.
THAT_OPENING = re.compile(r"^That[\s,]")


def _labels_closing_lines(parts):
    """The paragraph after a line that ends in a label (see CLOSING_LABEL) is that recommendation, when it opens
    "That ..." or recommends: a database listing prints each row's fields (its reference, codes and source) on one
    line with the label last, and the recommendation under it."""
    for part, following in zip(parts, parts[1:], strict=False):
        if part.kind != TEXT or following.kind != TEXT or not (match := CLOSING_LABEL.search(part.text)):
            continue
        if THAT_OPENING.match(following.text) or _recommends(following.text):
            following.kind, following.label = LABEL, _squash(match["label"])


# "Following is a statement by Jane Doe, director of ...:", "She said in a statement:": the quoted paragraphs after it
# are the statement itself.
STATEMENT_LEAD_IN = re.compile(r"\bstatement\b[^:]{0,200}:$", re.IGNORECASE)


def _unquote_statements(parts):
    """The paragraphs of a statement that a lead-in announces (see STATEMENT_LEAD_IN) without their quotation marks:
    a press release quotes its own organisation's statement, whose words are the document's voice, not a view it
    reports."""
    quoting = False
    for part in parts:
        if part.kind == NOTE:
            continue
        if part.kind == TEXT and quoting and part.text[:1] == "“":
            text = part.text[1:]
            part.text = text[:-1] if text.endswith("”") and "“" not in text else text
            continue
        quoting = part.kind == TEXT and bool(STATEMENT_LEAD_IN.search(part.text))


def _settle(part):
    """Take a label, response label, paragraph number or list marker off the part's text, and set its kind."""
    text = part.text
    if match := LABEL_LINE.match(text):
        part.kind, part.label, part.text = LABEL, _squash(match["label"]), ""
        return
    if part.kind == HEADING:
        if RESPONSE_START.match(text) and len(text) <= HEADING_MAX:
            part.kind, part.text = RESPONSE, ""
        return
    if match := LABEL_START.match(text):
        part.kind, part.label, part.text = LABEL, _squash(match["label"]), text[match.end() :]
        return
    if (match := UNNUMBERED_LABEL.match(text)) and not _is_field(text):
        part.kind, part.text = LABEL, text[match.end() :]
        return
    if match := RESPONSE_START.match(text):
        part.kind, part.text = RESPONSE, text[match.end() :]
        return
    if part.kind == TEXT and BARE_NUMBER.match(text):
        part.kind = NUMBER
        return
    if part.kind == TEXT and (match := TEXT_MARKER.match(text)):
        # A paragraph that opens with a list marker is a list item the reader could not see as one.
        part.kind, part.marker, part.text, part.level = ITEM, match["marker"], text[match.end() :], 0


def _mark_ordinals(parts):
    """Paragraphs opening "First, ..." are items only when "Second, ..." follows: one "First," is just a word."""
    expected = None
    run = []
    for part in parts:
        if part.kind in (NOTE, NUMBER):
            continue
        match = ORDINAL_START.match(part.text) if part.kind == TEXT else None
        word = _ordinal(match["marker"]) if match else None
        if word == "First":
            run, expected = [(part, match)], 1
        elif word and expected is not None and (word == "Finally" or word == ORDINALS[expected]):
            run.append((part, match))
            expected += 1
        if part.kind == HEADING or (word is None and run and part.kind == ITEM):
            run, expected = [], None
        if len(run) >= 2:
            for ordinal, found in run:
                if ordinal.kind == TEXT:
                    ordinal.kind, ordinal.marker, ordinal.text = ITEM, found["marker"], ordinal.text[found.end() :]


def _squash(text):
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------------
# 0. Responses, set aside first so that no rule takes a government's words for a recommendation


@dataclass
class Response:
    indexes: list
    text: str


def _responses(parts, taken):
    """Each response part with the paragraphs under it, up to the next label, heading, row or list (a list it
    announces with a colon is its own)."""
    responses = []
    for position, part in enumerate(parts):
        if part.kind != RESPONSE or part.index in taken:
            continue
        indexes, pieces = [part.index], [part.text] if part.text else []
        for following in parts[position + 1 :]:
            if following.kind == NOTE:
                continue
            announced = bool(pieces) and pieces[-1].endswith(":")
            if following.kind == TEXT or (following.kind == ITEM and announced):
                indexes.append(following.index)
                pieces.append(following.raw)
            else:
                break
        taken.update(indexes)
        responses.append(Response(indexes, " ".join(pieces)))
    return responses


# "Government Response to the Seventh Report of the Committee", "Response to the Recommendations of the Commission":
# a heading that says the document answers someone's recommendations.
RESPONDING_TITLE = re.compile(
    r"\brespon(?:se|ding)\s+to\s+(?:the\s+)?(?:[\w’'-]+\s+){0,6}?"
    r"(?:report|recommendations|review|inquiry|commission|committee)\b",
    re.IGNORECASE,
)


def _responds(parts):
    """The document answers another's recommendations: a heading says so."""
    return any(part.kind == HEADING and RESPONDING_TITLE.search(part.raw) for part in parts)


def _unlabelled_responses(parts, labelled, taken):
    """In a document that answers recommendations, the plain paragraphs after each labelled recommendation, up to
    the next label, heading, list or table, are the answer to it, even without a "Response:" label ("The
    Government welcomes this recommendation. ..."): never recommendations, whatever their modals."""
    responses = []
    for group in labelled:
        indexes = []
        for part in parts[group.parts[-1].index + 1 :]:
            if part.kind in (NOTE, NUMBER):
                continue
            if part.kind != TEXT or part.index in taken:
                break
            indexes.append(part.index)
        if indexes:
            taken.update(indexes)
            responses.append(Response(indexes, " ".join(parts[index].raw for index in indexes)))
    return responses


# "The Government welcomes this recommendation.", "The Department accepts the recommendation in part.", "We agree
# with this recommendation.": a body answering a recommendation, with or without a "Response:" label.
ANSWER_OPENING = re.compile(
    rf"^(?:we|(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:{ADDRESSEE_NOUNS}|executive|administration|board))\s+"
    r"(?:\w+ly\s+)?(?:welcomes?|accepts?|agrees?|supports?|notes?|rejects?|acknowledges?|endorses?|"
    r"does\s+not\s+accept|disagrees?)\s+(?:with\s+)?(?:this|the|these)\s+(?:[\w-]+\s+)?recommendations?\b"
    # "This recommendation was responded to through ...", "The recommendation has been implemented by ...": what became
    # of the recommendation just restated.
    r"|^(?:this|the)\s+recommendation\s+(?:was|has\s+been|is\s+being)\s+(?:responded\s+to|addressed|implemented|"
    r"accepted|rejected|adopted|met|acted\s+on)\b",
    re.IGNORECASE,
)


def _answers(parts, taken):
    """Each paragraph that opens by answering a recommendation ("The Government welcomes this recommendation. We
    have always been clear that there should be ..."), with the plain paragraphs after it up to the next label,
    heading, row or list: a response, whatever modals it uses."""
    responses = []
    for position, part in enumerate(parts):
        if part.kind != TEXT or part.index in taken or not ANSWER_OPENING.match(plain(part.text)):
            continue
        indexes = [part.index]
        for following in parts[position + 1 :]:
            if following.kind == NOTE:
                continue
            if following.kind != TEXT or following.index in taken:
                break
            indexes.append(following.index)
        taken.update(indexes)
        responses.append(Response(indexes, " ".join(parts[index].raw for index in indexes)))
    return responses


def _attach_responses(found, responses, parts):
    """A response belongs to the recommendation printed just before it (nothing but notes between them)."""
    for response in responses:
        start = response.indexes[0]
        before = [item for item in found if item.indexes[-1] < start]
        if not before:
            continue
        owner = max(before, key=lambda item: item.indexes[-1])
        between = [part for part in parts[owner.indexes[-1] + 1 : start] if part.kind not in (NOTE, NUMBER)]
        if not between and not owner.response:
            owner.response, owner.response_indexes = response.text, response.indexes


# ---------------------------------------------------------------------------------------------------------------
# 1. "Recommendation N" labels


def _labelled(parts, taken):
    """Each label with the paragraph it labels (its own text, or the next paragraph) and what continues it."""
    groups = []
    for position, part in enumerate(parts):
        if part.kind != LABEL or part.index in taken:
            continue
        taken.add(part.index)
        members = []
        following = parts[position + 1 :]
        if part.text:
            members.append(part)
            part.text = PARAGRAPH_NUMBER.sub("", part.text)
        else:
            # A label on its own line labels the next paragraph (a bare paragraph number between is skipped).
            for candidate in following:
                if candidate.kind in (NOTE, NUMBER):
                    continue
                if candidate.kind in (TEXT, ITEM) and candidate.index not in taken:
                    members.append(_without_marker(candidate))
                break
        if not members:
            continue
        rest = [p for p in following if p.kind not in (NOTE, NUMBER) and p.index > members[0].index]
        members += _continuation(members, rest, taken)
        taken.update(member.index for member in members)
        groups.append(Group(members, label=part.label, response=part.response))
    return groups


def _without_marker(part):
    """The paragraph under a label: its paragraph number ("6.1") is the report's numbering, not the label."""
    part.marker = ""
    return part


def _continuation(members, rest, taken):
    """What belongs to a labelled paragraph: the list under it, its items lettered from "a" or "i" (a recommendation
    numbered "3.1" has no siblings lettered "a.", so they are its parts), and its lines after a colon or wrapped
    over."""
    more = []
    for part in rest:
        if part.index in taken:
            break
        last = (more or members)[-1].text
        lettered = not more and part.kind == ITEM and FIRST_LETTER.match(part.marker)
        if part.kind == ITEM and (part.level > 0 or last.endswith((":", ";", "; and", "; or")) or more or lettered):
            more.append(part)
        elif part.kind == TEXT and (last.endswith((":", ";", "; and", "; or")) or _is_wrapped(last, part.text)):
            more.append(part)
        else:
            break
    return more


# The marker of a list's first lettered or roman-numbered item: "a.", "a)", "(a)", "(i)".
FIRST_LETTER = re.compile(r"^\(?[ai][.)]$")


def _is_wrapped(before, after):
    """A line that goes on mid-sentence, as a PDF or plain-text line wraps: the last line ends on a word that
    promises more ("the", "of"), or ends without closing its sentence and the next starts in lower case."""
    if not after or not before or before.endswith(":"):
        return False
    last = before.split()[-1].lower()
    return last in DANGLING or (after[0].islower() and not SENTENCE_CLOSED.search(before))


# ---------------------------------------------------------------------------------------------------------------
# 2. Tables with a "Recommendation" column

# "Recommendation", "Key recommendations", "Recommended actions", "Recommendation and responsible party",
# "Recommendation (Accountable Party)": a note in brackets says what else the column's cells hold.
REC_COLUMN = re.compile(
    r"^(?:(?:main|key|our)\s+)?(?:recommendations?|recommended\s+(?:actions?|steps?|measures?))(?:\s+[\w/]+){0,3}"
    r"(?:\s*\((?P<note>[^()]{1,40})\))?$",
    re.IGNORECASE,
)
# "(Accountable Party)", "(Responsible agency)": each cell ends with who is to act, in brackets.
PARTY_NOTE = re.compile(r"\b(?:accountable|responsible|lead|owner)\b", re.IGNORECASE)
TRAILING_PARTY = re.compile(r"\((?P<party>[^()]{1,60})\)[.;]?$")
RESPONSE_COLUMN = re.compile(r"\b(?:status|response|progress)\b", re.IGNORECASE)
# "Responsible agency", "Lead", "Accountable party", "Owner": a column of who is to act on each row.
PARTY_HEADER = re.compile(r"^(?:(?:responsible|accountable|lead)(?:\s+[\w/]+)?|owner|action\s+by)$", re.IGNORECASE)
# "No.", "BA No.", "Ref", "#": a column of the rows' numbers, which label them.
NUMBER_HEADER = re.compile(r"^(?:[\w.]+\s+)?(?:no\.?|#|number|ref\.?)$", re.IGNORECASE)
# "Rec #", "Rec. No.", "Recommendation number": a column of recommendations' numbers, in a table whose
# recommendations stand in a column named for text ("Text", "Description", "Wording").
REC_NUMBER_HEADER = re.compile(r"^rec(?:ommendation)?s?\.?\s*(?:no\.?|#|number|ref\.?|id)$", re.IGNORECASE)
TEXT_HEADER = re.compile(r"^(?:text|description|details|wording|summary)$", re.IGNORECASE)
# A number column's cell as a label: a reference without spaces ("A-13-001", "3.2", "R12").
REFERENCE_CELL = re.compile(r"^[\w.()/-]{1,15}$")
# A cell that holds only a number or letter labels the recommendation in the next cell.
LABEL_CELL = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z])[.)]?$")


def _table_rows(parts, taken):
    """Each row under a header row naming a recommendation column: its cell there, labelled by a number cell before
    it if the number has a cell of its own (or by the cell of a number column), with its status or response cell
    as the response, and with the party in brackets at its end as the actor where the header says the cells name
    one ("Recommendation (Accountable Party)"), or the cell of a column of who is to act ("Responsible agency")."""
    groups = []
    column = None
    responses_at = numbers_at = parties_at = None
    party_noted = False
    for part in parts:
        if part.kind != ROW:
            # A table ends where its rows end.
            column = None
            continue
        cells = part.cells
        header = [(i, match) for i, cell in enumerate(cells) if (match := REC_COLUMN.match(cell.strip()))]
        if not header and any(REC_NUMBER_HEADER.match(cell.strip()) for cell in cells):
            # "Rec # | Status | Text": the rows are recommendations, their words in the text column.
            header = [(i, None) for i, cell in enumerate(cells) if TEXT_HEADER.match(cell.strip())]
        if header:
            column, match = header[0]
            party_noted = bool(match and match["note"] and PARTY_NOTE.search(match["note"]))
            responses_at = next((i for i, cell in enumerate(cells) if RESPONSE_COLUMN.search(cell)), None)
            numbers_at = next(
                (
                    i
                    for i, cell in enumerate(cells[:column])
                    if NUMBER_HEADER.match(cell.strip()) or REC_NUMBER_HEADER.match(cell.strip())
                ),
                None,
            )
            parties_at = next(
                (i for i, cell in enumerate(cells) if i != column and PARTY_HEADER.match(cell.strip())), None
            )
            taken.add(part.index)
            continue
        if column is None or part.index in taken:
            continue
        # A row whose only cell is its first, worded as a heading, is a group heading spanning the table.
        filled = [cell for cell in cells if cell.strip()]
        if len(filled) == 1 and cells[0].strip() and cells[0].strip()[-1] not in ".!?;:":
            continue
        text_at = column
        text = cells[column].strip() if column < len(cells) else ""
        label = ""
        if LABEL_CELL.match(text) and column + 1 < len(cells):
            text_at = column + 1
            label, text = text.strip("()."), cells[text_at].strip()
        if not text:
            continue
        if not label and numbers_at is not None and REFERENCE_CELL.match(cells[numbers_at].strip()):
            label = cells[numbers_at].strip().strip("().")
        response = cells[responses_at].strip() if responses_at is not None and responses_at < len(cells) else ""
        party = TRAILING_PARTY.search(text) if party_noted else None
        actor = party["party"] if party else ""
        if parties_at is not None and parties_at != text_at and parties_at < len(cells):
            actor = cells[parties_at].strip()
        taken.add(part.index)
        groups.append(Group([part], label=label, text=text, response=response, actor=actor))
    for part in parts:
        if part.kind == TEXT and part.index not in taken and (rows := _slash_table(part)):
            taken.add(part.index)
            groups += rows
    groups += _referenced_rows(parts, taken)
    return groups


# A flattened table's header line that carries the lead-in of its rows: "Number The Board recommends that…
# Investigation report Rating".
# "YearReportRecommendationAcceptanceProgress": a table's header cells glued into one word, as a page flattened to
# text prints them, one of them "Recommendation".
GLUED_HEADER = re.compile(r"(?:^|\s)\S*(?:[a-z]Recommendations?(?=[A-Z])|^Recommendations?(?=[A-Z][a-z]))")
# "... for election periods.TBCTBCGrey Light24/06/26": the row's later cells glued to the full stop of its text.
GLUED_CELLS = re.compile(r"(?<=[a-z][.!?])(?=[A-Z0-9])")


def _glued_rows(parts, taken):
    """The numbered rows under a header of glued cells (see GLUED_HEADER), each a recommendation when it gives a named
    body a verb in its base form ("1. The Parliament establish ..."), its text ending at the full stop the status
    cells are glued to; up to the next heading."""
    groups = []
    under = False
    for part in parts:
        if part.kind == HEADING:
            under = False
        elif part.kind == TEXT and GLUED_HEADER.search(part.text):
            under = True
        elif under and part.kind == ITEM and part.index not in taken and part.marker not in BULLETS:
            text = GLUED_CELLS.split(part.text, maxsplit=1)[0]
            match = SUBJUNCTIVE.match(plain(text))
            if match and _is_base_verb(match["verb"]) and match["subject"].split()[-1].lower() not in DANGLING:
                taken.add(part.index)
                groups.append(Group([part], text=text, actor=match["subject"]))
    return groups


HEADER_LEAD_IN = re.compile(r"\b(?:recommends?|recommended|urges?)\s+that\s*(?:…|\.\.\.|:)(?:\s|$)", re.IGNORECASE)
# A row of such a table: its reference ("A16-12"), then the lead-in's clause in lower case ("the Department
# require ...") up to its full stop, then the other cells.
REFERENCED_ROW = re.compile(r"^(?P<label>[A-Z]{1,3}-?\d{1,4}-\d{1,4})\s+(?P<rest>[a-z].*)$")


def _referenced_rows(parts, taken):
    """The rows of a table flattened one row per paragraph under a header line that carries a lead-in ("Number The
    Board recommends that… Investigation report Rating"), each row opening with its reference: the clause that
    completes the lead-in, up to its full stop, labelled by the reference, the report number and rating after it
    being other cells. Its actor is whoever the clause names before its verb ("the Department of Transport
    require ...")."""
    groups = []
    for position, part in enumerate(parts):
        if part.kind != TEXT or part.index in taken or not HEADER_LEAD_IN.search(part.text):
            continue
        rows = []
        for later in parts[position + 1 :]:
            if later.kind in (NOTE, NUMBER):
                continue
            row = REFERENCED_ROW.match(later.text) if later.kind == TEXT and later.index not in taken else None
            if row is None:
                break
            text = split_sentences(row["rest"])[0]
            rows.append(Group([later], label=row["label"], text=text, actor=find_actor(f"That {text}")))
        if rows:
            taken.add(part.index)
            taken.update(group.parts[0].index for group in rows)
            groups += rows
    return groups


# A table copied as text, its cells parted by slashes and its rows run together: "No. / Recommendation / Response
# 2.1 / The Government should ... / Accept 2.2 / ...". Only a table whose rows open with their number can be read
# back, since the number is what shows where a row starts.
SLASH_CELL = re.compile(r"\s+/(?:\s+|$)")
NUMBER_COLUMN = re.compile(r"^(?:no\.?|#|number|ref\.?|item)$", re.IGNORECASE)
# The header's last cell, or a row's, with the next row's number after it: "Status 2.1", "... conducted. 6.1".
ROW_NUMBER_AFTER = re.compile(r"^(?P<cell>.*?)\s*(?<!\S)(?P<number>\d{1,3}(?:\.\d{1,3})*[a-z]?)$")


def _slash_table(part):
    """The rows of a table printed in one paragraph with slashes between cells, under a header that opens with a
    number column and names a recommendation column: each row's recommendation cell, labelled by its number, with
    its response or status cell as the response. None if the paragraph is no such table, or its rows do not come
    out whole."""
    cells = SLASH_CELL.split(part.text)
    if len(cells) < 4 or not NUMBER_COLUMN.match(cells[0]):
        return None
    width = next((i + 1 for i, cell in enumerate(cells[1:8], 1) if ROW_NUMBER_AFTER.match(cell)), None)
    if width is None:
        return None
    header = cells[: width - 1] + [ROW_NUMBER_AFTER.match(cells[width - 1])["cell"]]
    column = next((i for i, cell in enumerate(header) if REC_COLUMN.match(cell)), None)
    responses_at = next((i for i, cell in enumerate(header) if RESPONSE_COLUMN.search(cell)), None)
    if column is None or any(len(cell.split()) > 4 for cell in header):
        return None
    rows = []
    number = ROW_NUMBER_AFTER.match(cells[width - 1])["number"]
    shape = re.sub(r"\d+", "1", number)
    rest = cells[width:]
    while number is not None:
        row, rest = [number, *rest[: width - 1]], rest[width - 1 :]
        if len(row) < width:
            return None
        # The row's last cell ends with the next row's number, numbered as the first row is ("6.1" after "2.1"),
        # unless the table ends here.
        following = ROW_NUMBER_AFTER.match(row[-1]) if rest else None
        if rest and not (following and re.sub(r"\d+", "1", following["number"]) == shape):
            return None
        number = following["number"] if following else None
        if following:
            row[-1] = following["cell"]
        response = row[responses_at].strip() if responses_at is not None else ""
        rows.append(Group([part], label=row[0], text=row[column].strip(), response=response))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# 3. Lead-ins that announce a list


def _lead_in_lists(parts, taken):
    """Each top-level item of the list after a lead-in, unless it reads as a finding or a field ("Date: May 2024");
    after "we note that:" none. Items need no modal: an instruction ("Enhance interoperability.") or a gerund
    ("Congress funding the reset ...") is what the lead-in announced. After a lead-in that announces conclusions or
    findings as well ("the following conclusions and recommendations:"), only the items worded as recommendations."""
    groups = []
    for position, part in enumerate(parts):
        if part.kind not in (TEXT, ITEM) or part.index in taken:
            continue
        if not part.text.endswith(":"):
            groups += _list_announced_below(parts, position, taken)
            continue
        noting = bool(
            NOTING_LEAD_IN.search(part.text)
            or OUTCOME_LEAD_IN.search(part.text)
            or OPTIONS_LEAD_IN.search(part.text)
            or ASKING_LEAD_IN.search(part.text)
        )
        # A paragraph that recommends and ends in a colon before a list ("The ministry should consider the
        # following:") announces that list, as a lead-in does.
        announcing = part.kind == TEXT and _opens_by_recommending(part.text) and _announces_list(parts, part)
        if not noting and not announcing and not _is_lead_in(part.text):
            continue
        mixed = bool(NAMES_FINDINGS.search(part.text))
        topics = {}
        listed = _list_after(parts, position, taken, topics)
        if listed:
            lead_groups = _without_item_headings([Group(members) for members in _list_groups(listed)])
            taken.update(member.index for group in lead_groups for member in group.parts)
            taken.update(index for index, _ in topics.values())
        elif not noting and (lines := _unpunctuated_lines_after(parts, position, taken)):
            lead_groups = [Group([line]) for line in lines]
            taken.update(line.index for line in lines)
        else:
            # Paragraphs instead of a list: each read as a section's paragraph is, whole or by its sentences.
            listed = [] if noting else _worded_paragraphs_after(parts, position, taken)
            if not listed:
                continue
            lead_groups = [group for paragraph in listed for group in _section_paragraph(paragraph)]
            taken.update(paragraph.index for paragraph in listed)
        taken.add(part.index)
        for group in lead_groups:
            # Under "we note that:" the items are notes; they are set aside, not recommended.
            if not noting and _is_wanted(group.text or _joined(group.parts), mixed):
                group.actor = topics.get(group.parts[0].index, (None, ""))[1] or find_actor(part.text)
                groups.append(group)
    return groups


# "I refer to Recommendation 3 ..., and I ask:", "We ask the Minister:": a question's lead-in, whose parts ("(a) does
# the Government intend to ...") are questions, not recommendations. "We ask the council to:" and "What we asked the
# organisation to do:" call on someone.
ASKING_LEAD_IN = re.compile(r"\b(?:i|we)\s+(?:also\s+|further\s+)?ask\b(?![^:]*\bto\b)[^:]{0,80}:$", re.IGNORECASE)
# "Recommendation 3 of the Report of the Commission ... was that an Act be enacted ...": a recommendation restated by
# its label, as an answer to a question quotes it.
RESTATED_LABEL = re.compile(
    r"^(?P<label>(?i:Recommendation)\s+\d{1,3}[a-z]?)\s+of\s+[^.;:]{1,250}?\s+(?:was|is)\s+that\s+(?P<text>\S.*)$"
)


ITEM_HEADING_MAX_WORDS = 12


def _without_item_headings(groups):
    """A list's numbered items that are only titles ("1. Fix the berths", short and unclosed), each over
    bullets that say in full sentences what to do, head those bullets as headings would: the bullets are the
    recommendations. Kept where any numbered item closes its sentence or has no bullets under it."""
    heads = [
        position
        for position, group in enumerate(groups)
        if group.parts[0].marker and group.parts[0].marker not in BULLETS and len(group.parts) == 1
    ]
    if not heads:
        return groups
    for position in heads:
        text = plain(groups[position].parts[0].text)
        following = groups[position + 1] if position + 1 < len(groups) else None
        if (
            SENTENCE_CLOSED.search(text)
            or len(text.split()) > ITEM_HEADING_MAX_WORDS
            or following is None
            or following.parts[0].marker not in BULLETS
        ):
            return groups
    return [group for position, group in enumerate(groups) if position not in heads]


# A resolution's preamble: each recital opens with "Whereas" or a participle ("Recalling ...", "Reaffirming the need
# to ...", "Bearing in mind ...", "Deeply concerned ..."). It gives the grounds; the operative clauses ("Calls on ...")
# recommend.
RECITAL = re.compile(
    r"^(?:(?:also|further|deeply|gravely|strongly|firmly)\s+)?(?:whereas|recalling|reaffirming|noting|considering|"
    r"recogni[sz]ing|welcoming|acknowledging|bearing\s+in\s+mind|emphasi[sz]ing|stressing|underlining|reali[sz]ing|"
    r"pointing\s+out|affirming|taking\s+note|having\s+(?:considered|examined|regard)|guided\s+by|alarmed|concerned|"
    r"convinced|mindful|aware|expressing|observing|believing)\b",
    re.IGNORECASE,
)
# "The Ombudsman may recommend to the Commissioner that:", "the court can propose that:": what a body is able to
# recommend; the list after it is its options, not recommendations it makes.
OPTIONS_LEAD_IN = re.compile(
    r"\b(?:may|can|could|might|is\s+able\s+to|has\s+(?:the\s+)?power\s+to|is\s+empowered\s+to)\s+(?:also\s+)?"
    r"(?:recommend|propose|suggest|advise|direct|order)\b[^:]*:$",
    re.IGNORECASE,
)
# Past outcomes announced by a lead-in: "our recommendations were the catalyst for:", "the review led to:".
OUTCOME_LEAD_IN = re.compile(
    r"\b(?:(?:were|was|have\s+been|has\s+been)\s+(?:the\s+)?catalysts?\s+for|led\s+to|resulted\s+in|"
    r"brought\s+about|achieved|secured)\s*:$",
    re.IGNORECASE,
)


# A paragraph's closing sentence that announces the recommendations after it, with no colon: "The general
# recommendations are provided below.", "Our recommendations are set out below.", "The recommendations are as
# follows." It must name recommendations and point forward; a verb of recommending would make it one itself.
ANNOUNCED_BELOW = re.compile(
    r"\brecommendations\b[^.:;]{0,60}\b(?:below|as\s+follows|the\s+following)\s*\.$", re.IGNORECASE
)


def _list_announced_below(parts, position, taken):
    """The lists after a paragraph whose last sentence announces recommendations below (see ANNOUNCED_BELOW), read
    as a lead-in's list is: each top-level item, the topic lines between lists naming whom the items under them
    address ("Transport Department" then "1. Increase ..."). Without a list straight after it, nothing."""
    part = parts[position]
    if part.kind != TEXT or not ANNOUNCED_BELOW.search(split_sentences(part.text)[-1]):
        return []
    topics = {}
    listed = _list_after(parts, position, taken, topics)
    if not listed:
        return []
    groups = [Group(members) for members in _list_groups(listed)]
    taken.update(member.index for group in groups for member in group.parts)
    taken.update(index for index, _ in topics.values())
    wanted = [group for group in groups if _is_wanted(_joined(group.parts), False)]
    for group in wanted:
        group.actor = topics.get(group.parts[0].index, (None, ""))[1]
    return wanted


def _is_lead_in(text):
    text = plain(text)
    return _announces_recommendations(text) or bool(NAMING_LEAD_IN.search(text) or MODAL_LEAD_IN.search(text))


# "That the Board of Supervisors:", "That Council:": a staff report's or a motion's recommended action, its verb of
# recommending left in the heading or left off, before the list of what the body is to do.
VERBLESS_LEAD_IN = re.compile(r"^That\s+(?P<rest>[^:]{1,80}):$")


def _announces_recommendations(text):
    """ "We recommend that the Government:", "Parliament called on the Commission to:": a verb of recommending, then
    at most whom it addresses ("the Government"), not what is recommended; or "That" and a body's name alone (see
    VERBLESS_LEAD_IN)."""
    if verbless := VERBLESS_LEAD_IN.match(text):
        rest = verbless["rest"].strip()
        return bool(_noun_phrase(rest.split(), whole=True)) and _names_someone(rest)
    match = RECOMMENDING_LEAD_IN.search(text)
    if not match:
        return False
    rest = re.sub(r"\s+to$", "", match["rest"].strip(" ,"))
    return not rest or bool(_noun_phrase(rest.split(), whole=True))


def _list_after(parts, position, taken, topics=None):
    """The items right after a lead-in; an item numbered like the lead-in itself is its sibling, not its list.
    A topic line between items and another list after it (a name over each of several lists: "Police Department"
    then "1. ...", "Transport Department" then "1. ...") goes on with the list; `topics` gets, for each item
    after such a line, the line's index and its text, the item's addressee."""
    lead_in = parts[position]
    listed = []
    topic = None
    for place, part in enumerate(parts[position + 1 :], start=position + 1):
        if part.kind == NOTE:
            continue
        if part.index in taken:
            break
        if topics is not None and _is_topic_line(part) and not _names_section(part.text):
            following = next((later for later in parts[place + 1 :] if later.kind not in (NOTE, NUMBER)), None)
            if following is None or following.kind != ITEM or (lead_in.kind == ITEM and _same_list(following, lead_in)):
                break
            topic = (part.index, plain(part.text))
            listed.append(None)
            continue
        if topic is not None and part.kind == ITEM:
            topics[part.index] = topic
        if part.kind == TEXT and listed and listed[-1] is not None and _is_wrapped(listed[-1].text, part.text):
            listed.append(part)
            continue
        if part.kind != ITEM or (lead_in.kind == ITEM and _same_list(part, lead_in)):
            break
        listed.append(part)
    while listed and listed[-1] is None:
        listed.pop()
    return listed


UNPUNCTUATED_LINE_MAX_WORDS = 40


def _unpunctuated_lines_after(parts, position, taken):
    """After a lead-in that names recommendations ("The review made 16 recommendations, including for:"), two or
    more lines in a row that open with a capital and end with no full stop: a list that lost its bullets in
    copying, each line one recommendation however it is worded (a noun phrase, "X to be disbanded"). A lead-in
    that announces only by a modal ("should include:") does not count: its lines may be anything."""
    lead_in = plain(parts[position].text)
    if not (NAMING_LEAD_IN.search(lead_in) or _announces_recommendations(lead_in)):
        return []
    lines = []
    for part in parts[position + 1 :]:
        if part.kind == NOTE:
            continue
        text = plain(part.text)
        if (
            part.kind != TEXT
            or part.index in taken
            or not re.match(r"^[\"“‘(]*[A-Z]", text)
            or text.endswith(tuple(".!?:;"))
            or len(text.split()) > UNPUNCTUATED_LINE_MAX_WORDS
        ):
            break
        lines.append(part)
    return lines if len(lines) >= 2 else []


def _worded_paragraphs_after(parts, position, taken):
    """A lead-in followed by plain paragraphs: the paragraphs worded as recommendations, up to the first not."""
    listed = []
    for part in parts[position + 1 :]:
        if part.kind == NOTE:
            continue
        if part.kind != TEXT or part.index in taken or not _recommends(part.text):
            break
        listed.append(part)
    return listed


# ---------------------------------------------------------------------------------------------------------------
# Lists: which items are one recommendation


def _list_groups(sequence):
    """A run of parts as recommendations: each top-level item with its sub-items, and with the paragraphs it
    announces by ending in a colon. Another paragraph, a heading or a gap (None) ends the item."""
    groups = []
    group = None
    top = None
    sub_styles = set()
    for part in sequence:
        if part is None or part.kind not in (ITEM, TEXT):
            group = None
            continue
        if part.kind == TEXT:
            announced = group is not None and not sub_styles and _joined(group).endswith(":")
            if announced or (group is not None and _is_wrapped(group[-1].text, part.text)):
                group.append(part)
            else:
                group = None
            continue
        if group is not None and (
            _deeper(part, top) or _style(part.marker) in sub_styles or _announces_sublist(group, part, top)
        ):
            group.append(part)
            sub_styles.add(_style(part.marker))
        else:
            group, top, sub_styles = [part], part, set()
            groups.append(group)
    return groups


def _announces_sublist(group, part, top):
    """An item ending in a colon is followed by its own list, even one printed at the same level in another style."""
    return _joined(group).endswith(":") and _style(part.marker) != _style(top.marker)


def _deeper(part, top):
    # Items the reader gave no depth (paragraphs opening with a marker) are at level 0: depth unknown.
    return part.level > 0 and top.level > 0 and part.level > top.level


def _same_list(part, other):
    same_level = part.level == other.level or 0 in (part.level, other.level)
    return same_level and _style(part.marker) == _style(other.marker)


def _style(marker):
    """A marker's numbering style: "3." and "4." are one style, "(a)" another, "•" and "-" bullets."""
    if not marker or marker in BULLETS:
        return "bullet"
    if _ordinal(marker) in ORDINALS or _ordinal(marker) == "Finally":
        return "ordinal"
    style = re.sub(r"\d+", "1", marker)
    style = re.sub(r"\b[ivx]{2,}\b", "i", style)
    style = re.sub(r"\b[IVX]{2,}\b", "I", style)
    style = re.sub(r"(?<![a-zA-Z])[a-hj-uwyz](?![a-zA-Z])", "a", style)
    # "(A)" and "(B)" are one style, as "(a)" and "(b)" are.
    return re.sub(r"(?<![a-zA-Z])[A-HJ-UWYZ](?![a-zA-Z])", "A", style)


def _joined(parts):
    return " ".join(part.text for part in parts)


# ---------------------------------------------------------------------------------------------------------------
# 4. Sections under a heading that names recommendations


@dataclass(eq=False)
class Section:
    start: int
    # Under "Conclusions and recommendations" only the items worded as recommendations are recommendations.
    mixed: bool


def _section_items(sections, taken):
    """Each list item of a section (under a mixed heading, only those worded as recommendations); in a section
    without a list, each paragraph worded as a recommendation."""
    groups = []
    for section, members in sections.items():
        members.sort(key=lambda part: part.index)
        has_list = any(part.kind in (ITEM, ROW, LABEL) for part in members)
        sequence = _with_gaps(members, taken)
        if has_list:
            for items in _list_groups(sequence):
                if items[0].kind != ITEM:
                    continue
                taken.update(item.index for item in items)
                if _is_wanted(_joined(items), section.mixed):
                    groups.append(Group(items))
        else:
            # Plain paragraphs: only what is worded as a recommendation, since sections also explain and conclude.
            for part in members:
                if part.kind == TEXT and part.index not in taken:
                    found = _section_paragraph(part)
                    if found:
                        taken.add(part.index)
                        groups += found
    return groups


def _section_paragraph(part):
    """A paragraph of a section without a list, as recommendations: none if it is a lead-in whose list is missing;
    the items of a list run into it after its lead-in; the whole paragraph if its first sentence recommends or
    instructs; else each sentence that recommends or sets out a step to take, the rest explaining."""
    text = part.text
    if text.endswith(":") and _is_lead_in(text):
        return []
    if pieces := _inline_list(text):
        return [Group([part], label=label, text=piece, actor=find_actor(text)) for label, piece in pieces]
    sentences = split_sentences(text)
    if _recommends(sentences[0]) or _is_imperative(text):
        return [Group([part])]
    steps = _steps(sentences)
    return [
        Group([part], text=sentence)
        for position, sentence in enumerate(sentences)
        if sentence in steps or (position and _recommends(sentence))
    ]


def _is_wanted(text, mixed):
    """An item of a list of recommendations is one unless it is a finding, a field or a legend; in a list mixed
    with conclusions or findings, only if it is worded as a recommendation."""
    if _is_field(text) or _is_legend(text):
        return False
    if mixed:
        return _recommends(text) or _is_imperative(text)
    return not _is_finding(text)


# "acceptance of unsafe practices (3 active recommendations)": an item that counts the recommendations it stands for
# names a group of them.
COUNTED_GROUP = re.compile(r"\(\d{1,4}\s+(?:[\w-]+\s+)?recommendations?\)[.;]?$", re.IGNORECASE)


def _is_legend(text):
    """An item that is nothing but a status ("Implemented", "Not implemented", "In progress") is the key to a
    tracker's groups or a recommendation's status, not a recommendation; so is an item that counts the
    recommendations in a group (see COUNTED_GROUP)."""
    return bool(STATUS_ONLY.match(plain(text).strip()) or COUNTED_GROUP.search(plain(text).strip()))


def _with_gaps(members, taken):
    """The section's parts in order, with None where a part is missing or already taken, so lists break there."""
    sequence = []
    previous = None
    for part in members:
        if previous is not None and part.index != previous + 1:
            sequence.append(None)
        sequence.append(None if part.index in taken or part.kind == QUOTE else part)
        previous = part.index
    return sequence


def _sections(parts):
    """{Section: [parts under it]} for every heading or short line that names recommendations.

    Headings are kept on a stack of (level, Section or None): a heading closes those of its level and deeper.
    A part belongs to the innermost recommendations heading above it.
    """
    stack = []
    sections = {}
    for position, part in enumerate(parts):
        if part.kind == NOTE:
            continue
        text = _heading_text(part.text if part.kind != HEADING else part.raw)
        if part.kind == HEADING:
            level = part.level or UNKNOWN_LEVEL
            if BACK_MATTER.match(text):
                stack = []
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            opens = _names_section(text) and not _is_contents(parts, position, level)
            stack.append((level, Section(part.index, bool(NAMES_FINDINGS.search(text))) if opens else None, None))
            continue
        if part.kind in (TEXT, ITEM) and (BACK_MATTER.match(text) or BACK_MATTER_LINE.match(part.raw)):
            stack = []
            continue
        if _ends_short_section(part, stack):
            while stack and stack[-1][0] == UNKNOWN_LEVEL:
                stack.pop()
        if _is_short_section_line(part) and not _is_contents(parts, position, UNKNOWN_LEVEL):
            if not any(entry[1] for entry in stack):
                number = part.marker if part.kind == ITEM else None
                stack.append((UNKNOWN_LEVEL, Section(part.index, bool(NAMES_FINDINGS.search(text))), number))
            continue
        section = next((entry[1] for entry in reversed(stack) if entry[1]), None)
        if section is not None:
            sections.setdefault(section, []).append(part)
    return sections


def _back_matter(parts):
    """The indexes of the parts under back matter ("Notes", "References", "Appendix"), up to the next heading of
    the same or a higher level (any heading, after a back-matter line that is not a heading)."""
    inside = set()
    level = None
    for part in parts:
        if part.kind == HEADING:
            heading_level = part.level or UNKNOWN_LEVEL
            if level is not None and heading_level <= level:
                level = None
            if BACK_MATTER.match(_heading_text(part.raw)):
                level = heading_level
                continue
        elif level is None and part.kind in (TEXT, ITEM):
            if BACK_MATTER.match(_heading_text(part.text)) or BACK_MATTER_LINE.match(part.raw):
                level = UNKNOWN_LEVEL
        if level is not None:
            inside.add(part.index)
    return inside


def _names_section(text):
    return (
        bool(NAMES_RECOMMENDATIONS.search(text))
        and not NAMES_RESPONSES.search(text)
        and not NAMES_AFTERMATH.search(text)
        and not PAGE_NUMBER.search(text)
    )


def _is_short_section_line(part):
    """A short line that names a recommendations section, as plain text and web pages print headings."""
    if part.kind not in (TEXT, ITEM) or len(part.text) > HEADING_MAX:
        return False
    if part.kind == ITEM and not re.match(r"^\d{1,2}(?:\.\d{1,2})*[.)]?$", part.marker):
        return False
    # Worded as a heading: no full stop ("The recommendations of 2010 were ignored." is a sentence).
    if not (_looks_like_heading(part.text) or part.text.endswith(":")):
        return False
    text = _heading_text(part.text)
    return (
        bool(SHORT_SECTION_LINE.match(text)) and not NAMES_AFTERMATH.search(text) and not PAGE_NUMBER.search(part.text)
    )


def _ends_short_section(part, stack):
    """A section opened by a short line ends at the next heading-like line (or the next numbered heading)."""
    if not stack or stack[-1][0] != UNKNOWN_LEVEL:
        return False
    if part.kind == TEXT:
        return _looks_like_heading(part.text)
    number = stack[-1][2]
    return part.kind == ITEM and number is not None and _looks_like_heading(part.text) and part.marker == _next(number)


def _next(marker):
    """The marker after "2." ("3.") or after "8.2" ("8.3")."""
    match = re.search(r"(\d+)(\D*)$", marker)
    return f"{marker[: match.start()]}{int(match[1]) + 1}{match[2]}" if match else ""


def _is_contents(parts, position, level):
    """A heading that names the section in a contents list: another heading follows straight away (one of the
    same or a higher level; a lower one opens a sub-section), or the line ends in a page number."""
    heading = parts[position]
    if PAGE_NUMBER.search(heading.raw):
        return True
    for part in parts[position + 1 :]:
        if part.kind == NOTE:
            continue
        if part.kind == HEADING:
            return (part.level or UNKNOWN_LEVEL) <= level or level == UNKNOWN_LEVEL
        if level != UNKNOWN_LEVEL:
            return False
        if heading.kind == ITEM:
            # "2. Recommendations" straight before "3. Conclusion" is a line of a numbered contents list.
            return part.kind == ITEM and part.marker == _next(heading.marker) and _looks_like_heading(part.text)
        return part.kind == TEXT and _looks_like_heading(part.text) and not _is_short_section_line(part)
    return True


def _looks_like_heading(text):
    return 0 < len(text) <= HEADING_MAX and text[-1] not in '.!?,;:"”’)' and any(c.isalpha() for c in text)


def _heading_text(text):
    text = SECTION_NUMBER.sub("", plain(text))
    return text.strip().strip("*_").strip()


# ---------------------------------------------------------------------------------------------------------------
# 5. Elsewhere: paragraphs and items that open by recommending


def _recommending_elsewhere(parts, skipped):
    """Outside sections, lead-ins, labels and tables: the items of a list that recommend, a run of paragraphs that
    open with an instruction, and each paragraph that opens by recommending (or its sentences that state one)."""
    groups = []
    taken = set(skipped)
    groups += _referenced_instructions(parts, taken)
    sequence = [None if part.index in taken or part.kind not in (ITEM, TEXT) else part for part in parts]
    for run, under_other_lead_in in _sibling_runs(_list_groups(sequence), parts):
        groups += _recommending_items(run, taken, under_other_lead_in)
    groups += _instruction_runs(parts, taken)
    groups += _subjunctive_runs(parts, taken)
    summaries = _summaries(parts)
    for part in parts:
        if part.kind == TEXT and part.index not in taken:
            found = _recommending_paragraph(part, parts, part.index in summaries)
            if found:
                taken.add(part.index)
                groups += found
    return groups


# "(Chapter 2).", "(Chapters 3 and 5)", "(Section 4.1)": where in the report an instruction is argued, after it.
CHAPTER_REFERENCE = re.compile(
    r"\s\((?:chapters?|sections?|parts?|paragraphs?|paras?\.?|pp?\.)\s+[\w.]+(?:(?:,|\s+and|\s*[-–])\s*[\w.]+)*\)\.?$",
    re.IGNORECASE,
)


def _referenced_instructions(parts, taken):
    """Lines that are each one instruction closed by a reference to the chapter that argues it ("Seek to secure
    predictable funding of the science agencies (Chapter 3)."), two or more in a document: a report's summary of its
    recommendations, each the line and the paragraphs that explain it up to the next such line, a heading or a list.
    """
    lines = [
        position
        for position, part in enumerate(parts)
        if part.kind == TEXT
        and part.index not in taken
        and CHAPTER_REFERENCE.search(part.text)
        and len(split_sentences(part.text)) == 1
        and _is_imperative(part.text)
    ]
    if len(lines) < 2:
        return []
    groups = []
    for position in lines:
        members = [parts[position]]
        for part in parts[position + 1 :]:
            if part.kind != TEXT or part.index in taken or parts.index(part) in lines:
                break
            members.append(part)
        taken.update(member.index for member in members)
        groups.append(Group(members))
    return groups


# "Audit recommendations are prioritised and categorised as follows.", "Ratings are defined as follows:": what follows
# is the key to a scale, whose definitions say what each rating calls for ("Action should be initiated
# immediately"), not recommendations.
CLASSIFYING = re.compile(
    r"\b(?:categori[sz]ed|classified|prioriti[sz]ed|rated|graded|defined|ranked)\b[^.:]{0,40}\bas\s+follows\s*[.:]$",
    re.IGNORECASE,
)


def _legends(parts):
    """The indexes of the key after a sentence that announces a scale (see CLASSIFYING): the next paragraph, or the
    list or table rows that follow it."""
    inside = set()
    for position, part in enumerate(parts):
        if part.kind != TEXT or not CLASSIFYING.search(split_sentences(plain(part.text))[-1]):
            continue
        following = [later for later in parts[position + 1 :] if later.kind not in (NOTE, NUMBER)]
        if not following or following[0].kind == HEADING:
            continue
        kind = following[0].kind
        for later in following:
            if later.kind != kind or (kind == TEXT and later is not following[0]):
                break
            inside.add(later.index)
    return inside


def _summaries(parts):
    """The indexes of the parts under a heading that names an abstract or a summary ("Abstract", "Executive
    summary", "Key messages"), up to the next heading of the same or a higher level (any heading, after such a line
    that is not a heading)."""
    inside = set()
    level = None
    for part in parts:
        if part.kind == HEADING or (part.kind == TEXT and _looks_like_heading(part.text)):
            heading_level = (part.level or UNKNOWN_LEVEL) if part.kind == HEADING else UNKNOWN_LEVEL
            if level is not None and (heading_level <= level or level == UNKNOWN_LEVEL):
                level = None
            if SUMMARY_HEADING.match(_heading_text(part.raw)):
                level = heading_level
            continue
        if level is not None:
            inside.add(part.index)
    return inside


def _sibling_runs(item_groups, parts):
    """The item groups as lists, each with whether a lead-in of another kind announced it: runs of groups with
    nothing but notes between them. An item that ends in a colon without recommending ("Following are the group's
    comments on each case:", "Our principal conclusions are:") is the lead-in of its sub-items, which are then the
    list."""
    runs = []
    previous = None
    for items in item_groups:
        if len(items) > 1 and items[0].text.endswith(":") and not _opens_by_recommending(items[0].text):
            runs.append((_list_groups(items[1:]), True))
        else:
            between = parts[previous + 1 : items[0].index] if previous is not None else None
            if not runs or runs[-1][1] or any(part.kind not in (NOTE, NUMBER) for part in between):
                runs.append(([], False))
            runs[-1][0].append(items)
        previous = items[-1].index
    return runs


def _recommending_items(run, taken, under_other_lead_in):
    """The items of one list that recommend: those that open by recommending, and those that state a recommendation
    in a later sentence, whole, since an item that mixes a finding with a recommendation is one recommendation.
    The later sentence needs a verb of recommending ("WG RECOMMENDS THAT ..."), or a modal in the document's own
    voice in a list where another item opens by recommending. Under a lead-in that announced something else
    (conclusions, benefits, comments), a modal is the finding's own wording, so only a verb of recommending counts.
    A paragraph numbered by the report ("3.6 The councils ... We recommended that ...") is no item of a list but a
    paragraph: unless it opens by recommending, only its sentences that do are recommendations, as in any
    paragraph."""
    groups = []
    for items in run:
        # "Fragile finances: <findings>. Among the solutions: Cities should ...": the sentence named as a solution.
        solutions = [solution for sentence in split_sentences(items[0].text) if (solution := _named_solution(sentence))]
        solutions = solutions or _answers_to_what_should_be_done(items[0].text) or _digested_report(items[0].text)
        if solutions:
            taken.update(item.index for item in items)
            groups += [Group(items, text=solution) for solution in solutions]
    run = [items for items in run if items[0].index not in taken]
    opening = []
    if under_other_lead_in:
        wanted = [items for items in run if _recommending_verb(plain(items[0].text))]
    else:
        opening = [items for items in run if _opens_by_recommending(items[0].text)]
        wanted = [
            items
            for items in run
            if items in opening
            or any(
                _states_recommendation(sentence) or (opening and _opens_by_recommending(sentence))
                for sentence in split_sentences(plain(items[0].text))[1:]
            )
        ]
    for items in wanted:
        taken.update(item.index for item in items)
        if len(items) == 1 and items not in opening and PARAGRAPH_MARKER.match(items[0].marker):
            sentences = split_sentences(items[0].text)[1:]
            groups += [Group(items, text=sentence) for sentence in sentences if _states_recommendation(sentence)]
        else:
            groups.append(Group(items))
    return groups


def _instruction_runs(parts, taken):
    """Paragraphs or list items that each open with an instruction ("Strengthen key allies and partners. Provocations
    ...", "* Gradually lift the interest rate."), at least INSTRUCTION_RUN of them in a row: each one recommendation,
    an item with its sub-items. One or two such paragraphs are as likely a slogan or a narrative's turn of phrase.
    Headings between them do not break the run: advice printed under topic headings ("ECONOMY", "SOCIAL") is one
    list of instructions sorted by topic. A list announced by a lead-in that recommends nothing ("The programme
    will:", "How does it work?") is what its lead-in says, aims, plans or steps, not instructions."""
    groups = []
    run = []
    announced = False
    for part in [*parts, None]:
        if part is not None and part.kind in (NOTE, NUMBER):
            continue
        if part is not None and (part.kind == HEADING or _is_topic_line(part)):
            announced = False
            continue
        free = part is not None and part.index not in taken
        if free and part.kind == ITEM and run and run[-1].parts[0].kind == ITEM and _deeper(part, run[-1].parts[0]):
            run[-1].parts.append(part)
            continue
        instruction = free and part.kind in (TEXT, ITEM) and _opens_with_instruction(part.text, part.kind == ITEM)
        if part is not None and part.kind != ITEM:
            # "How does it work?" announces an account; "What should the council do?" asks for advice.
            announced = part.text.endswith(":") or (part.text.endswith("?") and not MODAL.search(part.text))
        if instruction and not (announced and part.kind == ITEM):
            run.append(Group([part]))
            continue
        if len(run) >= INSTRUCTION_RUN:
            taken.update(member.index for group in run for member in group.parts)
            groups += run
        run = []
    return groups


# "USAID/Iraq develop and implement controls ...", "The Department establish a procedure ...": a named body and a
# verb in its base form, as an audit's recommendations read once "We recommend that" is left off. An opening
# phrase up to a comma ("Under the programme, ...") and an adverb before the verb ("specifically") may come first.
SUBJUNCTIVE = re.compile(
    r"^(?:[^,]{1,80},\s+)?(?P<subject>(?:the\s+)?[A-Z][\w/&.’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w/&.’'-]*){0,5})"
    r"\s+(?:[a-z]+ly\s+)?(?P<verb>[a-z]+)\b"
)
SUBJUNCTIVE_RUN = 2


def _subjunctive_runs(parts, taken):
    """Paragraphs in a row that each give the same named body a verb in its base form (see SUBJUNCTIVE), at least
    SUBJUNCTIVE_RUN of them: an audit's recommendations with "We recommend that" left off. The body must be the
    same in each: "The Council meet on Tuesdays" once is a plural's present tense; the same body told to act again
    and again is a list of recommendations to it."""
    groups = []
    run = []
    subject = None
    for part in [*parts, None]:
        if part is not None and part.kind in (NOTE, NUMBER):
            continue
        match = None
        if part is not None and part.kind in (TEXT, ITEM) and part.index not in taken:
            match = SUBJUNCTIVE.match(split_sentences(plain(part.text))[0])
            if match and not (_is_base_verb(match["verb"]) and match["subject"].split()[-1].lower() not in DANGLING):
                match = None
        name = match["subject"].removeprefix("the ").removeprefix("The ") if match else None
        if match and (not run or name == subject):
            run.append(Group([part], actor=match["subject"]))
            subject = name
            continue
        if len(run) >= SUBJUNCTIVE_RUN:
            taken.update(group.parts[0].index for group in run)
            groups += run
        run, subject = ([Group([part], actor=match["subject"])], name) if match else ([], None)
    return groups


def _instruction_headings(parts, skipped):
    """Headings numbered as a list's items and worded as instructions ("### 1. Address the uptick in poverty"), as
    articles of the "five ways to ..." kind give each recommendation as a sub-heading over its reasons. Inside a
    recommendations section, the section's own rules read the sub-headings' paragraphs instead."""
    groups = []
    for part in parts:
        if part.kind != HEADING or part.index in skipped:
            continue
        numbered = NUMBERED_HEADING.match(plain(part.raw))
        if numbered and _opens_with_instruction(numbered["text"], item=True):
            groups.append(Group([part], label=numbered["number"], text=numbered["text"].strip("*_ ")))
    return groups


# "1. Address the uptick ...", "2) Fund the schools": a heading numbered as an item is.
NUMBERED_HEADING = re.compile(r"^\s*[*_]*(?P<number>\d{1,2})[.)]\s+(?P<text>\S.*)$")


def _is_topic_line(part):
    """A short line worded as a heading, as plain text prints a topic heading ("ENVIRONMENT")."""
    return part.kind == TEXT and _looks_like_heading(part.text) and not _opens_with_instruction(part.text, item=True)


def _recommending_paragraph(part, parts, summary=False):
    """A paragraph outside any section, as recommendations: none if it is a lead-in (it ends in a colon and announces
    recommendations or a list, even where the list is missing); the items of a list run into it after its lead-in;
    the whole paragraph if it opens by recommending; else each sentence that states a recommendation ("We also
    recommend the Council ..."), since the rest of such a paragraph tells the story the recommendation ends. A
    lead-in is its paragraph's last sentence: the sentences before it are read as any paragraph's ("Parliament urged
    the Commission to ... . It also called on the Commission to:"). In an abstract or a summary, each sentence that
    advises in the document's voice ("The agency should also ...") counts too."""
    text = part.text
    # A recital is one clause; "Having examined the report, the Committee noted ... . Chile should ..." is prose.
    if RECITAL.match(plain(text)) and len(split_sentences(text)) == 1:
        return []
    if text.endswith(":"):
        *before, last = split_sentences(text)
        # "The following six points should guide the review:" announces what follows, whatever it is.
        if _is_lead_in(last) or _announces_list(parts, part) or re.search(r"\bthe\s+following\b", last, re.I):
            if not before:
                return []
            text = " ".join(before)
    if pieces := _inline_list(text):
        return [Group([part], label=label, text=piece, actor=find_actor(text)) for label, piece in pieces]
    if answers := _answers_to_what_should_be_done(text):
        return [Group([part], text=answer) for answer in answers]
    sentences = split_sentences(text)
    ordinals = _ordinal_sentences(sentences)
    # A paragraph that counts off advice ("Secondly, ... Thirdly, ...") is a list in prose: each of its sentences
    # that advises is one recommendation, even when the paragraph opens by recommending.
    if _opens_by_recommending(text) and not ordinals:
        # A paragraph whose every sentence recommends on its own strings separate calls together, as a statement or
        # a speaker does ("We call on the council to ... . The mayor should ... . We need to ..."): each sentence is
        # one. A paragraph whose later sentences explain the first is one recommendation, and so is a need stated
        # and then met ("X requires re-examination. The Committee recommends that X be ..."), and advice that goes
        # on about the same subject ("They should also ...").
        if len(sentences) > 1 and all(
            _calls_on_its_own(sentence) or (position and _we_advise(sentence))
            for position, sentence in enumerate(sentences)
        ):
            return [Group([part], text=sentence) for sentence in sentences]
        # "The report recommends establishing an office. This office would be independent ... It would ...": what
        # the proposal would be, told after a verb of recommending in the conditional, describes it; the
        # recommendation is the first sentence. After a modal, the sentences go on with the advice itself.
        if (
            len(sentences) > 1
            and _recommending_verb(sentences[0])
            and all(
                WOULD.search(sentence) and not _advises(sentence) and not _recommending_verb(sentence)
                for sentence in sentences[1:]
            )
        ):
            return [Group([part], text=sentences[0])]
        # "The Bank says that the country must reform ... . “To get there, the Bank proposes ...,” its economist said.":
        # a news paragraph goes on with someone's quoted words that advise nothing themselves; the recommendation is
        # the reported one.
        if len(sentences) > 1 and all(
            sentence[:1] in '“"' and not _advises(sentence) and not _recommending_verb(sentence)
            for sentence in sentences[1:]
        ):
            return [Group([part], text=sentences[0])]
        return [Group([part], text=text if text != part.text else "")]
    steps = _steps(sentences)
    calls = {sentence: call for sentence in sentences if (call := _quoted_call(sentence) or _named_solution(sentence))}
    return [
        Group([part], label=ordinals[sentence][0], text=ordinals[sentence][1])
        if sentence in ordinals
        else Group([part], text=_with_alternative(calls.get(sentence, sentence), sentences[position + 1 :]))
        for position, sentence in enumerate(sentences)
        if sentence in steps
        or sentence in calls
        or HEDGED_PROPOSAL.match(plain(sentence))
        or sentence in ordinals
        or ((position or ordinals) and _states_recommendation(sentence))
        or ((position or ordinals) and _advises_someone(sentence))
        or (summary and not sentence.endswith(":") and _advises(plain(sentence)))
    ]


WOULD = re.compile(r"\bwould\b", re.IGNORECASE)


# "Speaking at the briefing, the chairman, Jane Doe, said “We want ...": who speaks, then the speech in quotation
# marks.
SAID_QUOTE = re.compile(r"^[^“\"]{1,250}?\b(?:said|says|added|stated|declared)[,:]?\s+[“\"](?P<words>[A-Z].*)$")


def _quoted_call(sentence):
    """The words of a speaker quoted after "said" when they are the speaker's own call on someone named ("..., said
    “We want the government to declare ..."): the words from the quotation mark on. News quotes views and
    forecasts as often, so only a first-person call counts (see FIRST_PERSON_CALL)."""
    match = SAID_QUOTE.match(plain(sentence))
    if match and _first_person_call(match["words"]):
        return match["words"]
    return ""


# "Among the solutions: Cities should ...", "Solutions include: ...", "The remedy: ...": a label inside a paragraph or
# an item that names the sentence after it as what should be done, whatever its wording ("Cities require new
# tools ...").
SOLUTION_LABEL = re.compile(
    r"^(?:among\s+(?:the|its|their)\s+|the\s+|one\s+)?(?:solutions?|remed(?:y|ies)|fix(?:es)?|proposed\s+solutions?)"
    r"(?:\s+(?:include|includes|are|is))?\s*:\s+(?=[“\"‘]?[A-Z])",
    re.IGNORECASE,
)


# "What should be done?", "What must the council do?", "What needs to be done?": a question that asks for advice, as a
# summary sets out what is new, why it matters and what to do.
ADVICE_QUESTION = re.compile(
    r"^what\s+(?:should|must|needs?\s+to|ought\s+to)\s+(?:be\s+done|(?:[\w’'-]+\s+){1,5}do)\s*\?$", re.IGNORECASE
)


def _answers_to_what_should_be_done(text):
    """The sentences that answer a question asking for advice (see ADVICE_QUESTION) and advise, up to the next
    question: "What should be done? The two sides should ... They should ...". The answer is the document's advice,
    whoever its sentences name."""
    answers = []
    answering = False
    for sentence in split_sentences(plain(text)):
        if sentence.endswith("?"):
            answering = bool(ADVICE_QUESTION.match(sentence))
        elif answering and _advises(sentence):
            answers.append(sentence)
    return answers


# "Harbour Institute Report Proposes Dues Act : The report recommends ...": a digest's item titled by the report it
# sums up, the title in capitals before a colon.
DIGEST_TITLE = re.compile(r"^(?P<title>[A-Z][^:.!?]{2,120}?)\s*:\s+(?=[“\"‘]?[A-Z])")
# The small words a title leaves in lower case.
TITLE_SMALL_WORDS = set("a an the of on in for to and or by with at from as into".split())
# "... recommends revisions to the Act: “The Report recommends ...": a sentence that leads into a quotation.
QUOTATION_LEAD_IN = re.compile(r"(?<=:)\s+(?=[“\"])")


def _digested_report(text):
    """The sentences of a digest's item, titled by a report it sums up (see DIGEST_TITLE), that recommend or advise,
    each one, without the mark that opens the report's words quoted (it only says that they begin): a blog's digest
    of new reports tells each report's subject and method around its recommendations, so the item whole is no
    recommendation. A sentence that leads into the quotation ("... a report that recommends revisions to the Act:")
    only announces it."""
    match = DIGEST_TITLE.match(plain(text))
    if not match:
        return []
    words = match["title"].split()
    if not any(word.lower() in DOCUMENT_NOUNS for word in words) or not all(
        word[:1].isupper() or word.lower() in TITLE_SMALL_WORDS or not word[:1].isalpha() for word in words
    ):
        return []
    sentences = [
        sentence.lstrip('“"').strip()
        for piece in QUOTATION_LEAD_IN.split(plain(text)[match.end() :])
        for sentence in split_sentences(piece)
    ]
    return [
        sentence
        for sentence in sentences
        if not sentence.endswith(":") and (_recommending_verb(sentence) or _suggests(sentence) or _advises(sentence))
    ]


def _named_solution(sentence):
    """The sentence after a label naming it a solution (see SOLUTION_LABEL), without the label; "" if none."""
    match = SOLUTION_LABEL.match(plain(sentence))
    return plain(sentence)[match.end() :] if match else ""


# "Instead, this role should be left to ...", "Rather, the board should ...": what is to be done in place of what the
# sentence before advised against.
ALTERNATIVE = re.compile(r"^(?:instead|rather)\b", re.IGNORECASE)


def _with_alternative(sentence, following):
    """A recommending sentence with the sentence after it when that one opens with "Instead" or "Rather": the two
    are one recommendation, what not to do and what to do in its place."""
    if following and ALTERNATIVE.match(following[0]):
        return f"{sentence} {following[0]}"
    return sentence


def _we_advise(sentence):
    """ "We need to address ...", "We must ...": after a call on someone, the speaker's call on all of us."""
    sentence = plain(sentence)
    return bool(re.match(r"^we\s", sentence, re.IGNORECASE)) and _advises(sentence)


def _calls_on_its_own(sentence):
    """The sentence opens by recommending, and not only by stating a need."""
    return _opens_by_recommending(sentence) and not _states_need(plain(sentence))


# After a modal, no action: "should have warned", "must have known" (what someone ought to have done is blame);
# "should be proud", "must be grateful" (feelings a speaker asks for); "should expect delays" (a forecast); "should
# (not) be read in isolation" (how to read a text, not what to do).
NO_ACTION_AFTER = re.compile(
    r"\s+(?:also\s+)?(?:have\s+(?:been\s+)?[a-z]+(?:ed|en|wn|ne|ld|lt|nt)|expect|anticipate|(?:not\s+)?be\s+read\b|"
    r"(?:all\s+)?be\s+(?:very\s+|so\s+|rightly\s+)?(?:proud|grateful|thankful|ashamed|pleased|delighted|glad|happy|"
    r"honou?red))\b",
    re.IGNORECASE,
)


def _advises_someone(sentence):
    """A sentence whose subject is named and advised by a modal ("Port authorities should publish their dues.",
    "To meet its goals, the bank must ..."): the subject a noun phrase that opens the sentence (no pronoun, no
    clause or finite verb before the modal), the modal not denied ("Skippers must not moor ..." states a rule),
    with an action after it, not a forecast ("should expect delays"), hindsight ("should have warned") or a
    feeling ("should be proud"). "As members we should be proud" is pride; "cannot be overstated and the board
    must ..." or "every island will have ..., and traffic must rise" is rhetoric."""
    sentence = SENTENCE_ADVERBIAL.sub("", PURPOSE.sub("", plain(sentence), count=1), count=1)
    modal = next(_modals(sentence), None)
    if modal is None:
        return False
    before = sentence[: modal.start()].split()
    pronoun = any(
        word.lower().strip(",") in PRONOUNS and not _qualified_those(before, position)
        for position, word in enumerate(before)
    )
    after = sentence[modal.end() :]
    if not before or pronoun or re.match(r"\s+not\b", after) or NO_ACTION_AFTER.match(after):
        return False
    return bool(_subject_phrase(before)) and _advises(sentence)


# An opening adverbial that weighs the sentence ("Most importantly, the government should ..."), not its subject.
SENTENCE_ADVERBIAL = re.compile(
    r"^(?:(?:most|more|just\s+as|equally)\s+)?(?:[a-z]+ly|above\s+all|in\s+addition|in\s+particular|moreover|"
    r"furthermore|also|then|now)\s*,\s+(?=[A-Z])",
    re.IGNORECASE,
)
# Who a relative clause or a phrase after "those" picks out: "Citizens who buy ...", "All those in breach ...".
QUALIFIERS = {"who", "in", "with", "found", "responsible"}


def _qualified_those(words, position):
    """ "those" picking out people ("those in breach", "those who ..."), not a pronoun pointing back."""
    following = words[position + 1].lower() if position + 1 < len(words) else ""
    return words[position].lower() == "those" and following in QUALIFIERS


def _subject_phrase(words):
    """The subject before a modal as a noun phrase: a name ("Port authorities"), or people picked out by a
    relative clause or a phrase ("Citizens who purchase at a higher rate", "All those in breach")."""
    if phrase := _noun_phrase(words, whole=True):
        return phrase
    lowered = [word.lower() for word in words]
    cut = next((position for position, word in enumerate(lowered) if position and word in QUALIFIERS), None)
    if cut is None or not (lowered[cut] == "who" or lowered[cut - 1] == "those"):
        return ""
    head = [word for word in words[:cut] if word.lower() != "those"] or ["those"]
    return _noun_phrase(head, whole=True) if head != ["those"] else "those"


def _ordinal_sentences(sentences):
    """{sentence: (ordinal, text after it)} for sentences that count off advice in order ("First, the President
    should ... Second, the President should ..."), two or more, each advising someone named: a paragraph that
    enumerates recommendations as a list does. One "First," is just a word."""
    counted = {}
    expected = None
    for sentence in sentences:
        match = ORDINAL_START.match(sentence)
        if not match:
            continue
        word = _ordinal(match["marker"])
        # The count may start in an earlier paragraph ("The first step ..." there, "Secondly, ... Thirdly, ..."
        # here): the run starts at any ordinal and goes on in order.
        in_order = word == expected or (word == "Finally" and counted) or (not counted and word in ORDINALS)
        if in_order and _opens_by_recommending(sentence[match.end() :]):
            counted[sentence] = (match["marker"], sentence[match.end() :])
            expected = ORDINALS[ORDINALS.index(word) + 1] if word in ORDINALS[:-1] else None
    return counted if len(counted) >= 2 else {}


def _steps(sentences):
    """The sentences that set out a step to take: "The first step should be to ...", or, two or more of someone's
    steps in one paragraph, "Their first step is to ... Their second step is to ...". A single "their first step is
    to" is as often a turn of phrase; a numbered sequence of someone's steps is a plan for them."""
    matches = {sentence: STEP.match(plain(sentence)) for sentence in sentences}
    owned = [sentence for sentence, match in matches.items() if match and match["owner"]]
    advised = {sentence for sentence, match in matches.items() if match and match["advice"]}
    if len({matches[sentence]["which"].lower() for sentence in owned}) >= 2:
        return advised | set(owned)
    return advised


def _announces_list(parts, part):
    """The next part (notes aside) is a list item."""
    following = next((later for later in parts[part.index + 1 :] if later.kind not in (NOTE, NUMBER)), None)
    return following is not None and following.kind == ITEM


def _inline_list(text):
    """A lead-in and its list run into one paragraph, as (label, text) items: lettered items ("The Committee
    recommends that the State party: (a) Harmonize ...; (b) Strengthen ..."), each with its letter; items in one
    sentence parted by semicolons ("The task force recommends that the city: seek ...; create ...; and hold ..."),
    without the "and" before the last or the closing full stop; or sentences ("The report recommends that: If ... .
    After ..."), each recommending sentence opening one and the sentences that do not recommend joined to the one
    before. A single item is no list: the paragraph stays whole. The lead-in may follow sentences that set the scene
    ("The report was published on Tuesday. It recommends that the city: ..."), which are then left out."""
    starts = [0]
    for sentence in split_sentences(text)[1:]:
        starts.append(text.index(sentence, starts[-1]))
    match = next(
        (
            found
            for start in starts
            if (found := INLINE_LEAD_IN.match(text, start)) and _announces_recommendations(plain(found["lead"]))
        ),
        None,
    )
    if match is None:
        # "The recommendations of the task force consist of the following proposals: 1. ... 2. ...": a lead-in that
        # names recommendations rather than making them announces a list only where markers number its items.
        named = (
            found
            for start in starts
            if (found := INLINE_LEAD_IN.match(text, start)) and NAMING_LEAD_IN.search(plain(found["lead"]))
        )
        return next((items for found in named if (items := _numbered_inline(text[found.end() :]))), [])
    rest = text[match.end() :]
    if items := _lettered_inline(rest) or _numbered_inline(rest) or _semicolon_inline(rest):
        return items
    if not re.match(r"[“\"‘(]?[A-Z]", rest):
        return []
    items = []
    for sentence in split_sentences(rest):
        if items and not _recommends(sentence):
            items[-1] = f"{items[-1]} {sentence}"
        else:
            items.append(sentence)
    return [("", item) for item in items] if len(items) > 1 else []


# "(a) ", "(b) ", "(1) ": the markers of a list run into its lead-in's paragraph.
INLINE_MARKER = re.compile(r"(?<!\S)\(?(?P<label>[a-z]|\d{1,2})\)\s+(?=\S)")


def _lettered_inline(rest):
    """Items marked "(a)", "(b)" ... in order from the start of the text after the lead-in."""
    markers = list(INLINE_MARKER.finditer(rest))
    if len(markers) < 2 or markers[0].start() != 0:
        return []
    first = markers[0]["label"]
    expected = [str(number) for number in range(1, len(markers) + 1)] if first.isdigit() else None
    expected = expected or [chr(ord("a") + position) for position in range(len(markers))]
    if [marker["label"] for marker in markers] != expected:
        return []
    ends = [marker.start() for marker in markers[1:]] + [len(rest)]
    # "...; and d) ...": the "and" before the last item joins the list, it is not the item's.
    return [
        (marker["label"], re.sub(r";\s+(?:and|or)$", ";", rest[marker.end() : end].strip()))
        for marker, end in zip(markers, ends, strict=True)
    ]


# "1. Medical research 2. Care facilities": the markers of a numbered list run into one line, as OCR text or a
# flattened page prints it.
NUMBERED_INLINE = re.compile(r"(?<!\S)(?P<label>\d{1,2})\.\s+(?=[“\"‘(]?[A-Z])")
# "B. SERVICES FOR FAMILIES": a lettered heading in capitals that groups the items run in after it.
GROUP_HEADING = re.compile(r"(?:^|\s+)[A-Z]\.\s+(?P<words>\S.*)$")


def _is_group_heading(text):
    """A lettered heading whose words are mostly in capitals (OCR may have lost a few to lower case)."""
    match = GROUP_HEADING.match(text) if text else None
    if not match:
        return False
    words = [word for word in match["words"].split() if any(character.isalpha() for character in word)]
    return bool(words) and sum(word.isupper() for word in words) * 3 >= len(words) * 2


def _numbered_inline(rest):
    """Items numbered "1.", "2." ... in order, run into the text after the lead-in, with any lettered group headings in
    capitals before or between them left out ("A. MEDICAL PROGRAMS 1. Medical research 2. ...")."""
    markers = list(NUMBERED_INLINE.finditer(rest))
    if len(markers) < 2 or [marker["label"] for marker in markers] != [str(n) for n in range(1, len(markers) + 1)]:
        return []
    head = rest[: markers[0].start()].strip()
    if head and not _is_group_heading(head):
        return []
    ends = [marker.start() for marker in markers[1:]] + [len(rest)]
    items = []
    for marker, end in zip(markers, ends, strict=True):
        piece = rest[marker.end() : end].strip()
        for heading in re.finditer(r"\s[A-Z]\.\s", piece):
            if _is_group_heading(piece[heading.start() :].strip()):
                piece = piece[: heading.start()].strip()
                break
        items.append((marker["label"], piece))
    return items


def _semicolon_inline(rest):
    """Items of one sentence parted by semicolons: at least two, the sentence ending with the last."""
    if len(split_sentences(rest)) > 1:
        return []
    pieces = [piece.strip() for piece in rest.split(";")]
    if len(pieces) < 2 or not all(pieces):
        return []
    pieces[-1] = re.sub(r"^(?:and|or)\s+", "", pieces[-1]).rstrip(".")
    return [("", piece) for piece in pieces]


def _opens_by_recommending(text):
    """Outside a recommendations section only a clear opening counts: the first sentence recommends in the
    document's own voice ("Countries should ...", "The Conference recommended that ...")."""
    sentence = split_sentences(plain(text))[0] if text else ""
    if _recommending_verb(sentence) or _suggests(sentence) or _states_need(sentence) or OPERATIVE.match(sentence):
        return True
    if _stating(sentence) or _reports_advice(sentence) or _resolves(sentence) or _first_person_call(sentence):
        return True
    # "The CSOs also asked the government to ...": a body's call on another, reported, as in _states_recommendation.
    if REPORTED_CALL.match(sentence) or RECOMMENDATIONS_INCLUDED.match(sentence) or REPORT_RECOMMENDING.match(sentence):
        return True
    # An opening purpose clause says why, not who: "To allow for late claims, institutions should keep records"; an
    # opening "We believe that" is the document's own view; an opening condition closed by "then" says when ("If
    # they are charged, then officers should be suspended").
    sentence = OPINION.sub("", PURPOSE.sub("", CONDITION.sub("", sentence, count=1), count=1), count=1)
    for modal in _modals(sentence):
        before = sentence[: modal.start()]
        words = before.split()
        # "We should be proud", "So we can and we must do more": a pronoun's modal is the speaker's resolve or
        # pride, or points back to a name given before.
        if (
            words
            and len(words) <= 20
            and not NO_ACTION_AFTER.match(sentence[modal.end() :])
            and words[0].lower().strip(",") not in PRONOUNS
            and words[-1].lower().strip(",") not in PRONOUNS
            and not _subordinate(before)
            and not re.search(r"[“”\"]", before)
            and not REPORTING.search(before)
        ):
            return True
    return False


# "If they are charged in court, then ...": a condition that opens a sentence, up to its "then".
CONDITION = re.compile(r"^(?:if|when|where)\s+[^;:.]{1,200}?,\s+then\s+(?=\S)", re.IGNORECASE)
# "A more effective approach might be for the prosecutor to analyse ...", "The better course would be for the council
# to ...": a proposal hedged, naming who should act.
HEDGED_PROPOSAL = re.compile(
    r"^(?:a|the|one)\s+(?:[\w-]+\s+){0,2}(?:approach|option|solution|way|course|step|answer)\s+"
    r"(?:might|would|could|may)\s+be\s+for\s+[^,;:.]{1,80}?\s+to\s+(?!the\b|a\b|an\b)[a-z]+",
    re.IGNORECASE,
)
# "To ensure X, ", "In order to give Y, ": a purpose clause that opens a sentence, up to its comma.
PURPOSE = re.compile(r"^(?:in\s+order\s+)?to\s+[a-z][^,;:.]{0,250},[”\"’]?\s+(?=\S)", re.IGNORECASE)


def _subordinate(before):
    """Whether the words before a modal open a clause it belongs to ("It is clear that X should", "if X should",
    "recommendations on what needs to change"), so that it does not advise in the main clause. A relative clause
    inside the subject, its verb straight after "that", "which" or "who" ("Institutions that engage in this work
    should ..."), is no such clause."""
    for match in re.finditer(r"\b(?:that|which|who|whether|if|when|what|how|where|why)\b", before, re.IGNORECASE):
        following = before[match.end() :].split()[:1]
        word = following[0].lower().strip(",") if following else ""
        relative = match[0].lower() in {"that", "which", "who"} and (
            FINITE.fullmatch(word) or _is_base_verb(word) or word.endswith("ed")
        )
        if not relative:
            return True
    return False


# ---------------------------------------------------------------------------------------------------------------
# Wording


def _recommends(text):
    """Worded as a recommendation: it recommends, urges or calls on, says what someone should or must do, or states
    a need for action."""
    text = plain(text)
    return bool(
        _recommending_verb(text)
        or EXPECTING.search(text)
        or _suggests(text)
        or any(True for _ in _modals(text))
        or any(_states_need(sentence) for sentence in split_sentences(text))
    )


def _states_need(sentence):
    """The sentence states a need for action in its main clause: "There is a need to ...", "emphasis is needed on
    ...", "X requires more attention"."""
    for match in NEED.finditer(sentence):
        clause = re.split(r"[,;:()]", sentence[: match.start()])[-1]
        if not SUBORDINATE.search(clause) and not DENIED.search(clause):
            return True
    return False


def _recommending_verb(text):
    """The first verb by which the text recommends, passing over those it denies ("no further action
    recommended"), "calls" that is a noun ("The article includes calls for ...") and a call for nothing in
    particular ("called for urgent action, arguing ..."); None if there is none."""
    for match in RECOMMENDING.finditer(text):
        clause = re.split(r"[.;:!?,]", text[: match.start()])[-1]
        if DENIED.search(clause):
            continue
        if match[0].lower().startswith("call") and (
            CALLS_AS_NOUN.search(text[: match.start()]) or VAGUE_CALL.match(text, match.end())
        ):
            continue
        return match
    return None


# "includes calls for", "amid growing calls for", "a call for": "call" as a noun, reporting that others call.
CALLS_AS_NOUN = re.compile(
    r"\b(?:includ\w*|contain\w*|amid|face[sd]?|facing|a|the|its|their|these|those|such|growing|mounting|repeated|"
    r"renewed|many|several|recent|fresh|there\s+(?:are|were|have\s+been))\s+$",
    re.IGNORECASE,
)
# "called for urgent action, ...", "calls for change.": a call for an effort without saying which.
VAGUE_CALL = re.compile(
    rf"\s+(?:(?:urgent|immediate|swift|more|further|greater|decisive|radical|real|bold)\s+)?(?:{EFFORTS})\s*(?:[,.;!]|$)",
    re.IGNORECASE,
)


def _states_recommendation(sentence):
    """The sentence opens with its subject recommending: "We also recommend the Council ...", "WG RECOMMENDS ...",
    "We recommended that ...", "Parliament urged the Commission to ..."."""
    sentence = plain(sentence).strip()
    # A sentence that ends in a colon announces what follows ("We recommended that the Ministry:"), whether or not
    # its list was kept.
    if sentence.endswith(":"):
        return False
    return bool(
        _stating(sentence)
        or STATED_BEFORE.match(sentence)
        or REPORTED_CALL.match(sentence)
        or _states_need(sentence)
        or _reports_advice(sentence)
        or RECOMMENDATIONS_INCLUDED.match(sentence)
    )


# "The committee submitted its report on Wednesday, recommending strict action against ...": a report handed in, and
# what it recommends in a participle after it.
REPORT_RECOMMENDING = re.compile(
    r"^[^.;:]{1,200}?\b(?:submitted|released|published|presented|issued|tabled|delivered)\s+(?:its|their|a|the)\s+"
    r"(?:[\w-]+\s+)?(?:report|findings|review)\b[^.;:]{0,120}?,\s+(?:also\s+)?recommending\s+(?!no\b|against\b)\S",
    re.IGNORECASE,
)
# "Recommendations also included measuring ...", "Its recommendations include scrapping ...": a report's
# recommendations reported by what they include, an action in the gerund ("Recommendations included in the report"
# says where they stand).
RECOMMENDATIONS_INCLUDED = re.compile(
    r"^(?:(?:its|his|her|their|the|other|further)\s+)?(?:[\w-]+\s+)?recommendations\s+(?:also\s+)?"
    r"(?:included|include|includes)\s+(?:[a-z]+ly\s+)?[a-z]{3,}ing\b(?!\s+(?:in|on|at|to|from|by)\b)",
    re.IGNORECASE,
)


# "The independent review, undertaken by ..., said the government should ...", "The report concluded that ...
# must ...": a document or a body reported as advising someone. A person's words are left to the quotation rules:
# news quotes people's views as often as their proposals.
REPORTED_ADVICE = re.compile(
    rf"^(?:the\s+|this\s+|its\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:{'|'.join(sorted(DOCUMENT_NOUNS))}|{SPEAKING_BODIES})"
    r"(?:,[^,]{1,100},)?\s+(?:also\s+|further\s+)?(?:said|says|concluded|concludes)\s+"
    r"(?:that\s+)?(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# "Among her recommendations were that regulator Ofcom should ...": a report's recommendation, reported.
AMONG_RECOMMENDATIONS = re.compile(
    r"^among\s+(?:its|his|her|their|the(?:\s+[\w’'-]+){0,3}?)\s+(?:\w+\s+)?recommendations\s+(?:were|was|are|is)\s+"
    r"(?:that\s+)?(?P<rest>\S.*)$",
    re.IGNORECASE,
)


# "Now, Therefore, Be It Resolved that the County ... hereby calls on ...": what the resolving clause resolves.
RESOLVED = re.compile(
    r"^(?:now,?\s+)?(?:therefore,?\s+)?(?:be\s+it\s+(?:further\s+)?)?resolved,?\s+(?:that\s+)?(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _resolves(sentence):
    """A resolving clause whose body calls on someone or recommends ("Be It Resolved that the Council hereby calls on
    the Governor to ...")."""
    match = RESOLVED.match(plain(sentence).strip())
    return bool(match) and bool(REPORTED_CALL.match(match["rest"]) or _stating(match["rest"]))


def _reports_advice(sentence):
    """A sentence reporting a document's or a body's advice to someone it names (see REPORTED_ADVICE and
    AMONG_RECOMMENDATIONS): what it reports must advise a named subject itself."""
    sentence = plain(sentence).strip()
    match = REPORTED_ADVICE.match(sentence) or AMONG_RECOMMENDATIONS.match(sentence)
    return bool(match) and _advises_someone(match["rest"][:1].upper() + match["rest"][1:])


def _stating(sentence):
    """The sentence opens with its subject recommending in the present tense (see STATING), "calls" not being a
    noun ("The article includes calls for ...")."""
    match = STATING.match(sentence)
    return bool(match) and not (
        match["verb"].lower().startswith("call") and CALLS_AS_NOUN.search(sentence[: match.start("verb")])
    )


NEGATIVE_IMPERATIVE = re.compile(r"^(?:Do\s+not|Don[’']t|Never)\s+(?P<verb>[a-z]+)\b")


def _is_imperative(text):
    """Opens with a verb of action in its base form, as an instruction does: "Establish a central agency", or with
    an adverb and then one: "Gradually lift the rate"."""
    text = plain(text).lstrip("“\"‘'(")
    # "Don't let the Act silence charities", "Do not cut the grant": an instruction not to do something.
    if negative := NEGATIVE_IMPERATIVE.match(text):
        return _is_base_verb(negative["verb"])
    first = re.match(r"[A-Za-z]+", text)
    if not first or not first[0][0].isupper():
        return False
    if _is_base_verb(first[0]):
        return True
    adverb = LEADING_ADVERB.match(text)
    # What follows the verb is what it acts on: "Further support for families" is a noun phrase, not an instruction.
    return (
        bool(adverb)
        and adverb["adverb"].lower() not in NOT_ADVERBS
        and _is_base_verb(adverb["verb"])
        and not FINITE.fullmatch(adverb["next"])
        and adverb["next"].lower() not in {"of", "for", "to"}
    )


def _is_base_verb(word):
    """A verb of action in its base form: one of ACTION_VERBS, one of them made again ("rebuild", "recommit"), or a
    verb made with "-ify" ("intensify", "diversify") or "-ise" ("stabilise", "incentivize")."""
    word = word.lower()
    return (
        word in ACTION_VERBS
        or (word.startswith("re") and word[2:] in ACTION_VERBS)
        or (len(word) > 6 and word.endswith("ify"))
        or (len(word) > 7 and word.endswith(("ise", "ize")) and word not in NOT_VERBS_IN_ISE)
    )


def _opens_with_instruction(text, item=False):
    """Opens with a short sentence that is an instruction and nothing else: a verb of action in its base form, then
    what it acts on ("Strengthen key allies and partners."), with no finite verb, modal or finding in it. A list item
    is already set apart as one point, so its instruction may run long, unclosed and with a clause of its own
    ("Ensure fiscal balances remain on track")."""
    first = split_sentences(plain(text))[0]
    words = first.rstrip(".!").split()
    if len(words) < 2 or not _is_imperative(first) or FINDING_START.match(first):
        return False
    # "Keep copies of your letters": instructions to the reader, as a guide gives them, not advice to a body.
    if READER.search(first):
        return False
    # What it acts on opens with a noun, an article or a preposition, not with "of" or "is"; "and" joins a second
    # verb ("Stabilise and strengthen the policy").
    second = words[1].lower()
    if second == "and" and len(words) > 2:
        second = "" if _is_base_verb(words[2]) else second
    # "Encourage more transparency": "more" after a verb is what it acts on.
    if second in DANGLING - {"the", "a", "an", "to", "on", "for", "with", "more"}:
        return False
    if item:
        # "Share on Twitter", "Download the report": a page's links are short and unpunctuated.
        return len(words) >= INSTRUCTION_ITEM_MIN_WORDS or bool(SENTENCE_CLOSED.search(first))
    return bool(SENTENCE_CLOSED.search(first)) and len(words) <= INSTRUCTION_MAX_WORDS and not FINITE.search(first)


def _is_field(text):
    """A field and its value ("Date: May 2024", "Outcome: Upheld, recommendations"): a value of a few words that
    neither closes a sentence nor recommends."""
    match = FIELD_VALUE.match(plain(text))
    if not match:
        return False
    value = match["value"]
    return (
        len(value.split()) <= FIELD_VALUE_MAX_WORDS
        and not SENTENCE_CLOSED.search(value)
        and not _recommends(value)
        and not _is_imperative(value)
    )


def _is_finding(text):
    """Opens as a finding ("noted the offer ...") and nowhere recommends."""
    return bool(FINDING_START.match(plain(text))) and not _recommends(text)


def _suggests(text):
    for match in SUGGESTING.finditer(text):
        words = text[match.end() :].split()
        phrase = _noun_phrase(words)
        after = words[len(phrase.split()) : len(phrase.split()) + 1] if phrase else []
        if phrase and after and (after[0] == "be" or after[0] in ACTION_VERBS):
            return True
    return False


def _modals(text):
    """The modal verbs of advice in a text, leaving out quoted words, inverted conditions, reported speech and the
    words of a title ("the report Military Underfunded: The Walk Must Match the Talk focused on ...": a capital
    inside a sentence, where text in capitals throughout would write "MUST")."""
    unquoted = QUOTED.sub(lambda match: " " * len(match[0]), text)
    for match in MODAL.finditer(unquoted):
        titled = match[0][0].isupper() and not match[0].isupper() and unquoted[: match.start()].strip()[-1:].isalnum()
        if titled or CONDITIONAL_MODAL.match(unquoted, match.start()) or _reported(unquoted[: match.start()]):
            continue
        # "The city should wait, the mayor said.": the view is attributed after it. ", argues Jane Doe." in the
        # present tense sums up what an author's piece argues, as a newsletter's blurb does: the piece's advice.
        attribution = ATTRIBUTION.search(split_sentences(unquoted[match.end() :])[0])
        if (
            attribution
            and not re.search(r"\b(?:we|i)\b", attribution[0], re.IGNORECASE)
            and not AUTHORING.match(attribution[0])
        ):
            continue
        yield match


def _advises(sentence):
    """A modal of advice that says what to do, not a forecast: "Demand should rise as fares fall", "prices should
    fall by 2%" (a verb of change with nothing it acts on)."""
    for modal in _modals(sentence):
        words = re.findall(r"[\w’'-]+|[.,;:!?]", sentence[modal.end() :].lower())
        words = [word for word in words if word not in {"also", "further", "therefore", "then", "now"}]
        verb, following = (words + ["", ""])[:2]
        forecast = verb in FORECAST_VERBS and (
            not following or following in DANGLING | set(".,;:!?") or following.endswith("ly")
        )
        if verb and not forecast:
            return True
    return False


def _reported(before):
    """Whether a modal reports someone else's view: "the mayor said the city should wait". The document's own
    "We believe that the House should ..." or "This paper argues that ..." is its view, so a reporting verb after
    "we" or "this paper" does not count."""
    sentence = split_sentences(before)[-1] if before.strip() else ""
    verbs = list(REPORTING.finditer(sentence))
    if not verbs:
        return False
    words = [word.lower() for word in sentence[: verbs[-1].start()].split()]
    # "This article argues that ..." is the document speaking of itself, as "we argue" is; "The Committee believes
    # that ..." is its own view (see OPINION).
    own = words[-2:-1] == ["this"] and words[-1] in DOCUMENT_NOUNS
    opinion = OPINION.match(sentence.lstrip())
    if opinion and verbs[-1].start() < len(sentence) - len(sentence.lstrip()) + opinion.end():
        own = True
    return not words or (words[-1] not in {"we", "i"} and not own)


def split_sentences(text):
    """The sentences of a paragraph, in order, as written; an abbreviation or an initial does not end one."""
    sentences = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        words = text[start : match.end()].split()
        word = words[-1].strip('("“‘').rstrip(".").lower() if words else ""
        # An initial ("Christopher M. Socha") or an abbreviation does not end the sentence.
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence] or [""]


def plain(text):
    """Text without Markdown emphasis or HTML tags, for titles and actors."""
    text = html.unescape(TAG.sub("", text or ""))
    return EMPHASIS.sub(lambda match: match.group(2) or match.group(4), text)


# ---------------------------------------------------------------------------------------------------------------
# Actor


# A name of who should act, read backwards from a modal verb: "The Commissioner of Internal Revenue", "the new
# National Security Council", "the Department of Families, Housing, Community Services and Indigenous Affairs".
CAPITALISED = r"(?:[A-Z][\w’'&.-]*)"
NAME_BEFORE = re.compile(
    rf"(?P<name>(?:\b[Tt]he\s+(?:[a-z][\w-]*\s+){{0,2}})?{CAPITALISED}"
    rf"(?:,?\s+(?:(?:of|for|and|the|on|&)\s+)*{CAPITALISED})*)\s*$"
)
NOUN_BEFORE = re.compile(rf"(?P<name>(?:\b[Tt]he\s+)?(?:[A-Za-z][\w-]*\s+){{0,2}}(?:{ADDRESSEE_NOUNS}))\s*$")
# "urged FAO to", "appealed to member states to", "calls on the Minister to": the addressee comes before "to".
ADDRESSING = re.compile(
    r"\b(?:urge[sd]?|urging|ask(?:s|ed)?|call(?:s|ed)?\s+(?:on|upon)|calling\s+(?:on|upon)|appeal(?:s|ed)?\s+to|"
    r"plead(?:s|ed)?\s+with|requests|requested|invite[sd]?|encourage[sd]?|(?:we|i)\s+want|"
    r"(?:might|would|could|may)\s+be\s+for)"
    r"\s+(?P<name>[^,;:.]{1,80}?)\s+to\s+[a-z]",
    re.IGNORECASE,
)
# "called for FAO's support": the one whose action is called for.
CALLING_FOR = re.compile(rf"\bcall(?:s|ed)?\s+for\s+(?P<name>(?:the\s+)?{CAPITALISED}(?:\s+{CAPITALISED})*)['’]s\b")
PARENTHESES = re.compile(r"\s*\([^()]*\)")
# "recommends that X ...", "recommends X be ...", and a resolution's bare "That X ..." (as Senate committees print).
THAT_CLAUSE = re.compile(
    rf"\b(?:recommend(?:s|ed)?|advocate[sd]?)(?:\s+that\b|(?=\s+(?:the|an?)\s))|^That\b|\b{IMPERSONAL_THAT}\s+that\b",
    re.IGNORECASE,
)
# "be implemented by countries": who is to act is named after "by" ("by inserting" names nobody).
AGENT = re.compile(r"^\s*be\s+\S+\s+by\s+(?P<name>(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,4}?)(?=[\s,;.(]|$)")
IRREGULAR_PARTICIPLES = set("held left made given done set built kept paid taken seen shown put sent spent cut".split())


def find_actor(text):
    """Who the recommendation addresses, where its words name them ("Japan should ...", "recommends that the
    Australian Government restore ..."); "" when it names nobody, or only a thing to be done ("be amended")."""
    text = plain(text)
    named = [rule(text) for rule in (_actor_of_that_clause, _actor_addressed, _actor_of_modal)]
    # The first words that address someone name the actor: in "X should support schemes to encourage
    # universities to ...", X is addressed; the universities are what the scheme encourages.
    named = [(position, name) for name, position in named if name]
    return min(named)[1] if named else ""


def _actor_of_that_clause(text):
    """ "recommends that X <verb>": X. In the passive ("that the Act be amended by ...") the one named after by."""
    match = THAT_CLAUSE.search(text)
    if not match:
        return "", -1
    # An aside in brackets is no part of the name: "the Programme (Special Programme on ...) be expanded".
    rest = PARENTHESES.sub("", PARENTHESES.sub("", text[match.end() :])).lstrip()
    if rest.startswith(","):
        # "recommends that, for recommendations considered resolved, the Under Secretary direct ...".
        closing = rest.find(",", 1)
        rest = rest[closing + 1 :] if closing > 0 else rest
    words = rest.split()
    name = _noun_phrase(words)
    if not name:
        return "", -1
    after = " ".join(words[len(name.split()) :])
    # "recommends that the Act be amended": the subjunctive passive names a thing to be done, not who does it.
    if after.split()[:1] == ["be"]:
        agent = AGENT.match(after)
        if agent and not agent["name"].endswith("ing") and agent["name"].split()[0].lower() not in DANGLING - {"the"}:
            return agent["name"], match.start()
        return "", -1
    if name.split()[0].lower() in PRONOUNS | {"a", "an"} or not _names_someone(name):
        return "", -1
    return name, match.start()


def _names_someone(name):
    """A name (a capitalised word) or a body named by its common noun ("the government");
    "the evaluation of the measure" names a thing."""
    capitalised = any(word[:1].isupper() for word in name.split() if word.lower() not in DANGLING)
    return capitalised or bool(re.search(rf"\b(?:{ADDRESSEE_NOUNS})\b", name, re.IGNORECASE))


def _noun_phrase(words, whole=False):
    """The words up to the verb of the clause: up to a verb of action, "be" or a modal, or a comma not followed
    by another capitalised name. With whole=True, the phrase must run to the end of the words."""
    phrase = []
    for position, word in enumerate(words):
        bare = word.strip("“”\"‘’'()")
        if not bare:
            break
        lower = bare.lower().rstrip(",;:.")
        if lower in ACTION_VERBS or lower in {"be", "should", "must", "shall", "will", "would", "to", "is", "are"}:
            break
        if phrase and lower in {"that", "which", "who", "in", "as", "within", "by"}:
            break
        if word.endswith(":"):
            phrase.append(word[:-1])
            return " ".join(phrase) if not whole or position == len(words) - 1 else ""
        if word.endswith(","):
            following = words[position + 1] if position + 1 < len(words) else ""
            phrase.append(word[:-1])
            if not following[:1].isupper():
                break
            phrase[-1] = word
            continue
        phrase.append(word)
        if len(phrase) > ACTOR_MAX_WORDS:
            return ""
    if whole and len(phrase) != len(words):
        return ""
    return " ".join(phrase).rstrip(",")


def _actor_addressed(text):
    if match := CALLING_FOR.search(text):
        return match["name"], match.start()
    match = ADDRESSING.search(text)
    if match and match["name"].split()[0].lower() not in PRONOUNS | DANGLING - {"the"}:
        return match["name"], match.start()
    return "", -1


# "the Department", "the Secretary of the Navy": the name a pronoun ("it should") stands for.
DEFINITE_NAME = re.compile(rf"\b[Tt]he\s+{CAPITALISED}(?:\s+(?:(?:of|for|and|the)\s+)?{CAPITALISED})*")


def _actor_of_modal(text):
    for sentence in split_sentences(text):
        name, start = _modal_actor(sentence)
        if name is not None:
            return name, text.find(sentence) + max(start, 0)
    return "", -1


def _modal_actor(sentence):
    """ "X should ...": (X, where X starts), read back from the modal. A passive ("should be established") or
    "There should be" names nobody: ("", -1). "it should" stands for the last name before it in the sentence.
    (None, -1) when no modal in the sentence names anyone."""
    for modal in _modals(sentence):
        if PASSIVE_AFTER_MODAL.match(sentence, modal.end()):
            return "", -1
        before = sentence[max(0, modal.start() - 200) : modal.start()]
        offset = max(0, modal.start() - 200)
        last = before.split()[-1].lower().strip(",") if before.split() else ""
        if last == "there":
            return "", -1
        if last in PRONOUNS:
            names = list(DEFINITE_NAME.finditer(before))
            if names:
                return names[-1][0].strip(), -1
            continue
        match = NAME_BEFORE.search(before) or NOUN_BEFORE.search(before)
        if not match:
            continue
        name = _trim_name(match["name"])
        clause = re.split(r"[,;:(]|\bthat\b", before[: match.start()])[-1].split()
        # "A fundamental restructuring of X should ..." is about a thing to do, not addressed to X; "This new X
        # should" points back to a name given earlier.
        if (clause and clause[0].lower() in {"a", "an", "this", "these", "such"}) or not name:
            return "", -1
        return name, offset + match.start("name") + match["name"].index(name)
    return None, -1


# "should be established", "needs to be given": the thing is to be done, nobody is named. "should be prepared
# to" is an adjective, not a passive.
ADJECTIVAL = r"prepared|determined|committed|equipped|minded|inclined|entitled|open|ready|willing|able"
PASSIVE_AFTER_MODAL = re.compile(
    rf"\s+(?:not\s+)?be\s+(?:[a-z]+ly\s+)?[‘'\"]?(?!(?:{ADJECTIVAL})\b)(?:[a-z-]+ed|[a-z]+en|"
    + "|".join(sorted(IRREGULAR_PARTICIPLES))
    + r")\b",
    re.IGNORECASE,
)


def _trim_name(name):
    words = name.split()
    while words and words[0].lower() in DANGLING - {"the"}:
        words.pop(0)
    return " ".join(words).rstrip(",")


# ---------------------------------------------------------------------------------------------------------------
# Title

# A short phrase before a colon that opens an item, as a bold lead-in does: "Navigating great power dynamics: the".
# (Markdown and Word readers drop the bold, so the phrase is known by its place, not by its type.)
LEAD_PHRASE = re.compile(r"^(?P<phrase>[A-Z][^:.;!?]{2,90}?)\s*[:.]\s+(?=[a-z])")
# Bold as plain text keeps it: "**Quotas.** The commission should ...".
BOLD_LEAD = re.compile(r"^(\*\*|__)(?P<phrase>[^*_]{2,90}?)[:.]?\1")
# "The committee recommends that", "That": words every recommendation of a report opens with, left out of titles.
PREAMBLE = re.compile(
    r"^(?:[\w’'.-]+\s+){0,3}(?:recommends?|recommended|advocates?|suggests?|suggested|proposes?|proposed)"
    r"\s+(?:that\b\s*)?|^that\b\s*",
    re.IGNORECASE,
)
CLAUSE_END = re.compile(r"\s*(?:;|:\s|\s[–—]\s|\s-\s)")


def make_title(text):
    """A short title: the lead-in phrase if the item opens with one, else the clause that recommends (or the
    first), at most TITLE_LIMIT characters, cut at a word and never on a word that promises more."""
    if bold := BOLD_LEAD.match(text or ""):
        return _shorten(bold["phrase"].strip())
    text = plain(text)
    lead = LEAD_PHRASE.match(text)
    if lead and _is_lead_phrase(lead["phrase"]):
        return _shorten(lead["phrase"])
    sentences = split_sentences(text)
    # The sentence that recommends: an imperative opening, else the first worded as a recommendation.
    chosen = sentences[0]
    if not _is_imperative(chosen):
        chosen = next((s for s in sentences if _recommending_verb(s) or any(True for _ in _modals(s))), chosen)
    actor, start = _modal_actor(chosen)
    if actor and start > 0 and not RECOMMENDING.search(chosen[:start]):
        # "X will go on, but Japan should engage ..." is titled from the clause that recommends.
        chosen = chosen[start:]
    else:
        stripped = PREAMBLE.sub("", chosen, count=1)
        if stripped != chosen:
            # "OIG recommends that, for those resolved, the Under Secretary ..." loses its aside too.
            stripped = re.sub(r"^,[^,]*,\s*", "", stripped)
            chosen = stripped[:1].upper() + stripped[1:]
    chosen = chosen.strip().rstrip(" .:;,?")
    if len(chosen) > TITLE_LIMIT:
        # Too long for a title: its first clause, if that says something on its own and ends where a phrase does.
        clause = CLAUSE_END.split(chosen, maxsplit=1)[0]
        if len(clause) >= 30 and clause.split()[-1].lower() not in DANGLING:
            chosen = clause
    title = _shorten(chosen)
    return title[:1].upper() + title[1:]


def _is_lead_phrase(phrase):
    """A lead-in phrase names a topic: a few words, neither a label nor a sentence that recommends."""
    words = phrase.split()
    return (
        len(words) <= 10
        and not RECOMMENDING.search(phrase)
        and not MODAL.search(phrase)
        and not re.search(r"\bthat\b", phrase, re.IGNORECASE)
        and words[-1].lower() not in DANGLING
    )


def _shorten(text):
    if len(text) <= TITLE_LIMIT:
        return text
    words = text[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].split()
    # Never end mid-phrase: drop words that promise more, an unclosed bracket, and trailing punctuation.
    while words and (words[-1].lower().strip(",;:–—-(") in DANGLING or words[-1].count("(") > words[-1].count(")")):
        words.pop()
    cut = " ".join(words)
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rindex("(")].rstrip()
        words = cut.split()
        while words and words[-1].lower() in DANGLING:
            words.pop()
        cut = " ".join(words)
    return cut.rstrip(",;:–—- ") + "…"
