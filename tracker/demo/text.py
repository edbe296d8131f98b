"""Text that reads like policy writing, recombined from generic phrases: recommendations, news and analysis
paragraphs, comments, titles and names. Every function draws from the random generator it is given, so a seed
gives the same text again.
"""

ACTORS = [
    "The government",
    "The Foreign Office",
    "The Ministry of Defence",
    "The Treasury",
    "The Home Office",
    "The Cabinet Office",
    "The Department for Energy",
    "The Department for Trade",
    "The European Union",
    "The European Commission",
    "Member states",
    "NATO allies",
    "International partners",
    "Parliament",
    "Regional authorities",
    "The National Security Council",
]

ACTIONS = [
    "should establish",
    "should review",
    "must strengthen",
    "should publish",
    "should expand",
    "should fund",
    "should coordinate",
    "should set out",
    "should prioritise",
    "should consult on",
    "must ensure the continuity of",
    "should develop",
    "should commission an independent assessment of",
    "should increase investment in",
    "should agree a common approach to",
]

SUBJECTS = [
    "a long-term strategy for energy security",
    "sanctions enforcement capacity",
    "support for refugees and displaced people",
    "the resilience of critical infrastructure",
    "cyber defence cooperation",
    "export controls on dual-use goods",
    "humanitarian access in conflict zones",
    "a framework for reconstruction financing",
    "independent monitoring of the ceasefire",
    "diplomatic engagement with regional partners",
    "the supply of air defence systems",
    "measures against disinformation",
    "the protection of grain export corridors",
    "the protection of civilians",
    "stockpiles of artillery ammunition",
    "the screening of foreign investment",
    "maritime security in the Black Sea",
    "the integration of returning veterans",
    "the accountability of private military companies",
    "the recovery of frozen assets",
    "training programmes for border guards",
    "the security of undersea cables",
    "procurement rules for defence industry",
    "a coordinated response to migration pressures",
]

# Subjects that name Russia: a share of items, passages and comments use them, so that searching the list for
# "Russia" finds a realistic fraction of it.
RUSSIA_SUBJECTS = [
    "pressure on Russia to withdraw its forces",
    "the enforcement of sanctions against Russia",
    "measures against Russia's circumvention of the oil price cap",
    "accountability for war crimes committed by Russia",
    "the monitoring of Russia's shadow fleet",
    "the seizure of assets held by Russia's central bank",
]

QUALIFIERS = [
    "within twelve months",
    "in consultation with civil society",
    "by the end of the financial year",
    "as a matter of urgency",
    "with clear milestones and regular reporting to Parliament",
    "while maintaining fiscal discipline",
    "in close cooperation with allies",
    "and report on progress annually",
    "drawing on the lessons of the past decade",
    "with dedicated and multi-year funding",
    "",
    "",
]

LEADS = [
    "Officials confirmed on Tuesday that",
    "A report published this week found that",
    "Analysts warned that",
    "According to the ministry,",
    "Figures released by the statistics office show that",
    "Diplomats familiar with the talks said that",
    "In a written answer to Parliament, the minister said that",
    "An independent review concluded that",
    "Industry representatives told the committee that",
    "Satellite imagery suggests that",
    "A leaked memo indicates that",
    "Observers on the ground reported that",
]

CLAIMS = [
    "spending on {subject} rose by {n} per cent last year",
    "the programme on {subject} has been delayed by at least {n} months",
    "negotiations on {subject} stalled again",
    "progress on {subject} remains uneven across regions",
    "{n} projects on {subject} were approved in the last quarter",
    "funding for {subject} will be cut by {n} per cent",
    "the new agreement covers {subject} for the first time",
    "there is broad support for {subject} among member states",
    "critics say the plans for {subject} lack detail",
    "the deadline for {subject} is unlikely to be met",
    "an additional {n} staff will work on {subject}",
    "the effect of {subject} has so far been limited",
]

CONTEXTS = [
    "The committee heard evidence from more than {n} witnesses.",
    "This builds on commitments made at the last summit.",
    "Previous efforts in this area have had mixed results.",
    "Costs are expected to fall over the next {n} years.",
    "The measure would require new legislation.",
    "Several partners have already taken similar steps.",
    "The evidence on effectiveness is still limited.",
    "Public consultation closed after {n} weeks.",
]

COMMENTS = [
    "Raised this with the desk officer; waiting for a reply.",
    "Draft response circulated for comment.",
    "The minister's statement on Tuesday covers part of this.",
    "Moving this forward: the working group meets on Thursday.",
    "We should check the latest figures before the next update.",
    "Linked the committee's follow-up report as evidence.",
    "Partners are aligned on the **objective** but not on the timetable.",
    "Budget line confirmed for next year; implementation plan still missing.",
    "No change since the last review.",
    "Discussed at the weekly meeting; owner to update the status.",
    "This overlaps with the energy security item; consider merging.",
    "Awaiting legal advice on the scope.",
    "Next steps:\n\n- confirm funding\n- agree the milestones\n- report back in a month",
]

RUSSIA_COMMENTS = [
    "The new package of sanctions against Russia is relevant here.",
    "Russia's response to the last round suggests this needs revisiting.",
]

TOPICS = [
    "Securing Europe's energy future",
    "Sanctions and their enforcement",
    "Rebuilding after the war",
    "Defence industrial capacity",
    "Protecting critical infrastructure",
    "Humanitarian response in eastern Europe",
    "The Black Sea and maritime security",
    "Countering disinformation",
    "Refugees and host communities",
    "Arms control and export policy",
    "Alliances under pressure",
    "Cyber resilience",
]

REPORT_FORMS = [
    "a policy brief",
    "report of the select committee",
    "recommendations for government",
    "an independent review",
    "interim findings",
    "a strategy paper",
]

PUBLISHERS = [
    "Northbridge Policy Institute",
    "Council on Security Studies",
    "Foreign Affairs Committee",
    "Defence Select Committee",
    "Centre for Strategic Resilience",
    "Ministry of Foreign Affairs",
    "European Policy Forum",
    "Institute for Public Affairs",
]

NEWS_PUBLISHERS = [
    "The Daily Dispatch",
    "Policy Wire",
    "Eastern Europe Monitor",
    "The Security Review",
    "Capital Times",
    "World Affairs Weekly",
]

THEMES = [
    "Energy",
    "Sanctions",
    "Defence",
    "Humanitarian",
    "Reconstruction",
    "Cyber",
    "Maritime",
    "Migration",
    "Diplomacy",
    "Information",
    "Trade",
    "Accountability",
]

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kasia",
    "Liam",
    "Maya",
    "Nikolai",
    "Olga",
    "Pedro",
    "Rosa",
    "Samir",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zoe",
]

LAST_NAMES = [
    "Andersen",
    "Brennan",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Young",
]


def subject(rng, russia_share):
    return rng.choice(RUSSIA_SUBJECTS) if rng.random() < russia_share else rng.choice(SUBJECTS)


def recommendation(rng, russia_share):
    """(actor, sentence, title): one recommending sentence and its title, its first clause cut at a word."""
    actor = rng.choice(ACTORS)
    what = f"{rng.choice(ACTIONS)} {subject(rng, russia_share)}"
    qualifier = rng.choice(QUALIFIERS)
    sentence = f"{actor} {what}{' ' + qualifier if qualifier else ''}."
    title = f"{actor} {what}"
    if len(title) > 90:
        title = title[:90].rsplit(" ", 1)[0] + "…"
    return actor, sentence, title


def context_sentence(rng):
    return rng.choice(CONTEXTS).format(n=rng.randint(3, 40))


def claim(rng, russia_share):
    text = rng.choice(CLAIMS).format(subject=subject(rng, russia_share), n=rng.randint(2, 60))
    return f"{rng.choice(LEADS)} {text}."


def news_paragraph(rng, russia_share):
    """Two to four sentences of reporting or analysis."""
    sentences = [claim(rng, russia_share) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        sentences.append(context_sentence(rng))
    return " ".join(sentences)


def comment(rng, russia_share, mention=None):
    body = rng.choice(RUSSIA_COMMENTS) if rng.random() < russia_share else rng.choice(COMMENTS)
    return f"@{mention} {body}" if mention else body


def report_title(rng):
    return f"{rng.choice(TOPICS)}: {rng.choice(REPORT_FORMS)}"


def news_title(rng, russia_share):
    what = subject(rng, russia_share)
    return f"{rng.choice(['New figures on', 'Talks on', 'Delays to', 'Ministers divided over', 'Progress on'])} {what}"
