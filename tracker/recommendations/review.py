"""Reviewing the recommendations found in a document before anything is tracked.

The finder proposes candidates; an editor accepts (the candidate becomes a tracked item, status New, with a
history row naming who accepted it), rejects, joins one with the next paragraph, splits one at a sentence, or
marks a paragraph (or a run of its sentences) the finder missed. Every rule here takes the candidate's row
lock, so two editors reviewing at once, or a form sent twice, change it once; the second is told why.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone

from tracker.accounts.names import display_name
from tracker.sources.models import Paragraph, Source
from tracker.sources.services import DocumentError, store_document

from .finder import NAMES_RECOMMENDATIONS, find_actor, find_recommendations, make_title, split_sentences
from .models import Candidate, Recommendation
from .services import create_recommendation


@dataclass
class Proposal:
    """A passage proposed as a recommendation: where it is, its verbatim text and what the finder read of it."""

    paragraph: object
    text: str
    # Where in the paragraph it starts: 0 at its start, else the index of its first sentence.
    sentence: int = 0
    last_paragraph: object = None
    label: str = ""
    title: str = ""
    actor: str = ""
    response: str = ""


@dataclass
class ReportResult:
    source: object
    created: bool
    # Recommendations found, and how many of them are tracked now (all with accept, none without).
    found: int
    tracked: int
    # Something the person who added the document should know (a recommendations heading with nothing found).
    warning: str = ""


class ReviewError(Exception):
    """A review step that cannot be taken; the message says why, for the person who asked."""


@transaction.atomic
def store_report(team, data, *, accept, created_by=None, **metadata):
    """Store a document (once per team) and propose the recommendations found in it for review; with `accept`,
    track them all at once (for documents the editor trusts, such as the demo's seeds)."""
    stored = store_document(team, data, created_by=created_by, **metadata)
    if not stored.created:
        return ReportResult(stored.source, False, 0, 0)
    paragraphs = stored.paragraphs
    proposals = [
        Proposal(
            paragraph=paragraphs[found.indexes[0]],
            sentence=first_sentence(paragraphs[found.indexes[0]].text, found.text),
            last_paragraph=paragraphs[found.indexes[-1]] if len(found.indexes) > 1 else None,
            text=found.text,
            label=found.label,
            title=found.title,
            actor=found.actor,
            response=found.response,
        )
        # The stored paragraphs are the document's blocks, one for one, in order.
        for found in find_recommendations(paragraphs)
    ]
    candidates = propose(stored.source, proposals)
    tracked = accept_all(stored.source, by=created_by) if accept else []
    warning = _nothing_under_heading(paragraphs, proposals)
    return ReportResult(stored.source, True, len(candidates), len(tracked), warning)


def _nothing_under_heading(paragraphs, proposals):
    """A warning when a heading names recommendations but none was found: the finder missed a shape, and the
    recommendations are there for someone to mark by hand on the review page."""
    if proposals:
        return ""
    for paragraph in paragraphs:
        if paragraph.kind == Paragraph.Kind.HEADING and NAMES_RECOMMENDATIONS.search(paragraph.text):
            return (
                f"The document has a heading “{paragraph.text[:80]}” (¶{paragraph.number}), but no recommendation "
                "was found under it. Mark them by hand on the review page."
            )
    return ""


def first_sentence(paragraph_text, text):
    """Which sentence of its paragraph a recommendation starts at (0 when it starts the paragraph): a paragraph
    may hold several, each tracked on its own."""
    if paragraph_text.startswith(text[:60]):
        return 0
    for index, sentence in enumerate(split_sentences(paragraph_text)):
        if text.startswith(sentence[:60]) or sentence.startswith(text[:60]):
            return index
    return 0


def propose(source, found, *, marked_by=None):
    """Candidates for what the finder found in a source (tracker.sources.extraction), in the document's order.

    A paragraph that already has a candidate, or that the team already tracks a recommendation from, gets
    none: reading a document again never duplicates an item, and never drops one.
    """
    taken = set(Candidate.objects.filter(source=source).values_list("paragraph_id", "sentence"))
    taken |= set(
        Recommendation.objects.filter(team_id=source.team_id, source=source).values_list("paragraph_id", "sentence")
    )
    created = []
    for item in found:
        if (item.paragraph.pk, item.sentence) in taken:
            continue
        taken.add((item.paragraph.pk, item.sentence))
        created.append(
            Candidate(
                source=source,
                paragraph=item.paragraph,
                sentence=item.sentence,
                last_paragraph=item.last_paragraph,
                text=item.text,
                label=item.label[:40],
                title=(item.title or make_title(item.text))[:200],
                actor=(item.actor or find_actor(item.text))[:120],
                response=item.response,
                marked_by=marked_by,
            )
        )
    return Candidate.objects.bulk_create(created)


def _locked(candidate_id):
    return Candidate.objects.select_for_update().select_related("source", "paragraph").get(pk=candidate_id)


def _still_pending(candidate):
    if candidate.state != Candidate.State.PENDING:
        when = formats.date_format(timezone.localtime(candidate.reviewed_at), "j M Y H:i")
        state, who = candidate.get_state_display().lower(), display_name(candidate.reviewed_by)
        raise ReviewError(f"This passage was already {state} by {who} on {when}; nothing was changed.")


def _close(candidate, state, by, recommendation=None):
    candidate.state = state
    candidate.reviewed_by = by
    candidate.reviewed_at = timezone.now()
    candidate.recommendation = recommendation
    candidate.save(update_fields=["state", "reviewed_by", "reviewed_at", "recommendation"])


def _track(candidate, by):
    recommendation = create_recommendation(
        team=candidate.source.team,
        source=candidate.source,
        paragraph=candidate.paragraph,
        sentence=candidate.sentence,
        last_paragraph=candidate.last_paragraph,
        text=candidate.text,
        title=candidate.title or make_title(candidate.text),
        actor=candidate.actor,
        label=candidate.label,
        response=candidate.response,
        created_by=by,
        note=f"Accepted from the review of “{candidate.source.title}”.",
    )
    _close(candidate, Candidate.State.ACCEPTED, by, recommendation)
    return recommendation


@transaction.atomic
def accept(candidate_id, *, by):
    """Track the candidate as a New recommendation; returns it."""
    candidate = _locked(candidate_id)
    _still_pending(candidate)
    return _track(candidate, by)


@transaction.atomic
def reject(candidate_id, *, by):
    candidate = _locked(candidate_id)
    _still_pending(candidate)
    _close(candidate, Candidate.State.REJECTED, by)
    return candidate


@transaction.atomic
def accept_all(source, *, by):
    """Track every candidate of the source still awaiting review, in order; returns the new recommendations."""
    candidates = Candidate.objects.select_for_update().filter(source=source).pending().select_related("source")
    return [_track(candidate, by) for candidate in candidates.order_by("paragraph__number", "sentence")]


@transaction.atomic
def join_with_next(candidate_id, *, by):
    """The candidate runs on into the next paragraph (a recommendation the document printed in two)."""
    candidate = _locked(candidate_id)
    _still_pending(candidate)
    last = candidate.last_paragraph or candidate.paragraph
    following = candidate.source.paragraphs.filter(number=last.number + 1).first()
    if following is None:
        raise ReviewError("This passage ends the document; there is no next paragraph to join.")
    # A candidate the joined paragraph had of its own is now part of this one.
    Candidate.objects.filter(source=candidate.source, paragraph=following).pending().delete()
    candidate.last_paragraph = following
    candidate.text = f"{candidate.text} {following.text}"
    candidate.save(update_fields=["last_paragraph", "text"])
    return candidate


@transaction.atomic
def split(candidate_id, *, at, by):
    """Split a one-paragraph candidate before its sentence number `at` (1 is its second sentence): the rest becomes
    a candidate of its own. Returns the new candidate."""
    candidate = _locked(candidate_id)
    _still_pending(candidate)
    if candidate.last_paragraph_id:
        raise ReviewError("A passage joined over several paragraphs cannot be split; reject it and mark its parts.")
    sentences = split_sentences(candidate.text)
    if not 0 < at < len(sentences):
        raise ReviewError("Choose a sentence inside the passage to split it at.")
    candidate.text = " ".join(sentences[:at])
    candidate.title = make_title(candidate.text)
    candidate.save(update_fields=["text", "title"])
    rest = " ".join(sentences[at:])
    return Candidate.objects.create(
        source=candidate.source,
        paragraph=candidate.paragraph,
        sentence=candidate.sentence + at,
        text=rest,
        title=make_title(rest),
        actor=find_actor(rest),
        marked_by=by,
    )


@transaction.atomic
def mark(paragraph, *, by, first=0, last=None):
    """Propose a paragraph the finder missed (or sentences `first` to `last` of it) as a candidate."""
    sentences = split_sentences(paragraph.text)
    last = len(sentences) - 1 if last is None else last
    if not 0 <= first <= last < len(sentences):
        raise ReviewError("Those sentences are not in the paragraph.")
    if Recommendation.objects.filter(paragraph=paragraph, sentence=first).exists():
        raise ReviewError("This passage is already tracked as a recommendation.")
    if Candidate.objects.filter(source_id=paragraph.source_id, paragraph=paragraph, sentence=first).exists():
        raise ReviewError("This passage is already proposed as a recommendation; review it on the review page.")
    text = paragraph.text if (first, last) == (0, len(sentences) - 1) else " ".join(sentences[first : last + 1])
    return Candidate.objects.create(
        source_id=paragraph.source_id,
        paragraph=paragraph,
        sentence=first,
        text=text,
        title=make_title(text),
        actor=find_actor(text),
        marked_by=by,
    )


@transaction.atomic
def track_by_hand(paragraph, *, by, first=0, last=None):
    """ "Track as recommendation" on a source's page: mark the passage and accept it in one step."""
    candidate = mark(paragraph, by=by, first=first, last=last)
    return accept(candidate.pk, by=by)


def awaiting_review(user):
    """The documents of the user's teams with recommendations awaiting review, newest first, with the count."""
    return (
        Source.objects.visible_to(user)
        .filter(candidates__state=Candidate.State.PENDING)
        .annotate(pending_count=Count("candidates", filter=Q(candidates__state=Candidate.State.PENDING)))
        .order_by("-created_at")
    )


def source_page_context(request, source, can_edit):
    """On a source's page: how many of its recommendations await review (registered in hooks)."""
    # The bound method, not its value: the template counts only when it renders the whole page.
    return {"awaiting_review": Candidate.objects.filter(source=source).pending().count}


@transaction.atomic
def track_without_document(team, *, text, citation, url="", by, themes=(), **fields):
    """A recommendation that has no document in Tracker: it is stored as a one-paragraph source named by its
    citation, so that it is cited, searched and suggested evidence like any other, and tracked as New."""
    text = " ".join(text.split())
    try:
        stored = store_document(team, f"{citation}\n\n{text}".encode(), title=citation, url=url, created_by=by)
    except DocumentError as exc:
        raise ReviewError(f"This recommendation cannot be stored: {exc}.") from None
    if not stored.created:
        raise ReviewError("This recommendation, with this citation, is already in Tracker.")
    paragraph = stored.paragraphs[-1]
    recommendation = create_recommendation(
        team=team,
        source=stored.source,
        paragraph=paragraph,
        text=paragraph.text,
        title=fields.pop("title", "") or make_title(paragraph.text),
        created_by=by,
        note="Added by hand, with no document in Tracker.",
        **fields,
    )
    recommendation.themes.set(themes)
    return recommendation
