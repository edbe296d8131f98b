"""The rules of evidence: adding a passage once, reviewing suggestions, removing with an undo."""

from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.recommendations.models import Recommendation, Status
from tracker.recommendations.services import record_activity

from .models import Evidence, Stance, sentence_spans


class EvidenceError(Exception):
    """A change that cannot be made; the message is shown to the person who asked."""


class DuplicateEvidence(EvidenceError):
    def __init__(self, evidence):
        self.evidence = evidence
        super().__init__(
            f"This passage is already evidence ({evidence.get_stance_display().lower()}) for this recommendation; "
            "nothing was added."
        )


# A status the newest confirmed evidence disagrees with: evidence that undercuts an item said to be moving or
# done, or supports one said to be stuck or turned down. A warning for a person, never a change of status.
DISAGREES = {
    Stance.UNDERCUTS: {Status.IN_PROGRESS, Status.PARTIALLY_IMPLEMENTED, Status.IMPLEMENTED},
    Stance.SUPPORTS: {Status.STALLED, Status.REJECTED},
}


def refresh_disagreement(recommendation_id):
    """Set the recommendation's evidence_disagrees flag from its status and its newest confirmed evidence."""
    newest = (
        Evidence.objects.confirmed()
        .filter(recommendation_id=recommendation_id)
        .annotate(arrived_at=Coalesce("reviewed_at", "created_at"))
        .order_by("-arrived_at", "-pk")
        .values_list("stance", flat=True)
        .first()
    )
    status = Recommendation.objects.filter(pk=recommendation_id).values_list("status", flat=True).first()
    disagrees = newest is not None and status in DISAGREES.get(newest, set())
    Recommendation.objects.filter(pk=recommendation_id).exclude(evidence_disagrees=disagrees).update(
        evidence_disagrees=disagrees
    )
    return disagrees


def _locked(evidence_id):
    return Evidence.objects.select_for_update().get(pk=evidence_id)


def quoted_span(paragraph, sentences):
    """The character span of sentences (first, last) of the paragraph, counted from 1, or None for all of them.

    Raises EvidenceError for sentences the paragraph does not have, or a last sentence before the first.
    """
    if sentences is None:
        return None
    first, last = sentences
    spans = sentence_spans(paragraph.text)
    if not 1 <= first <= last <= len(spans):
        count = f"{len(spans)} sentence{'s' if len(spans) != 1 else ''}"
        reason = "the last sentence comes before the first" if first > last else f"it has {count}"
        raise EvidenceError(
            f"Paragraph {paragraph.number} has no sentences {first} to {last} ({reason}); nothing was added."
        )
    if (first, last) == (1, len(spans)):
        return None
    return spans[first - 1][0], spans[last - 1][1]


@transaction.atomic
def add_paragraph_evidence(recommendation, paragraph, *, stance, note="", sentences=None, by):
    """Link a source paragraph, or a run of its sentences (first, last), counted from 1; each paragraph is
    evidence for a recommendation at most once.

    A paragraph that was suggested, dismissed or removed before is confirmed again rather than duplicated, quoting
    the sentences chosen now. Returns (evidence, created).
    """
    if paragraph.source.team_id != recommendation.team_id:
        raise EvidenceError("That paragraph is not in a source of this recommendation's team.")
    span = quoted_span(paragraph, sentences)
    existing = Evidence.objects.select_for_update().filter(recommendation=recommendation, paragraph=paragraph).first()
    if existing and existing.state == Evidence.State.CONFIRMED:
        raise DuplicateEvidence(existing)
    now = timezone.now()
    if existing:
        existing.state = Evidence.State.CONFIRMED
        existing.stance = stance
        existing.note = note or existing.note
        existing.reviewed_by = by
        existing.reviewed_at = now
        # A suggestion's best match gives way to the sentences the person chose; without a choice it stays marked.
        existing.quotes_span = span is not None
        if span:
            existing.sentence_start, existing.sentence_end = span
        existing.save(
            update_fields=[
                "state",
                "stance",
                "note",
                "reviewed_by",
                "reviewed_at",
                "quotes_span",
                "sentence_start",
                "sentence_end",
            ]
        )
        evidence, created = existing, False
    else:
        try:
            # A savepoint: someone adding the same paragraph at the same moment wins, and this one says so.
            with transaction.atomic():
                evidence = Evidence.objects.create(
                    recommendation=recommendation,
                    paragraph=paragraph,
                    stance=stance,
                    note=note,
                    added_by=by,
                    quotes_span=span is not None,
                    sentence_start=span[0] if span else None,
                    sentence_end=span[1] if span else None,
                )
        except IntegrityError:
            raise DuplicateEvidence(Evidence.objects.get(recommendation=recommendation, paragraph=paragraph)) from None
        created = True
    record_activity(recommendation.pk, when=now)
    refresh_disagreement(recommendation.pk)
    return evidence, created


@transaction.atomic
def add_url_evidence(recommendation, *, url, excerpt, stance, note="", by):
    """Link a verbatim excerpt of a web page; the same excerpt of the same page is linked once."""
    excerpt = excerpt.strip()
    existing = recommendation.evidence.filter(url=url, excerpt=excerpt, state=Evidence.State.CONFIRMED).first()
    if existing:
        raise DuplicateEvidence(existing)
    evidence = Evidence.objects.create(
        recommendation=recommendation, url=url, excerpt=excerpt, stance=stance, note=note, added_by=by
    )
    record_activity(recommendation.pk, when=evidence.created_at)
    refresh_disagreement(recommendation.pk)
    return evidence


def _review(evidence_id, *, expected, new_state, by, **fields):
    evidence = _locked(evidence_id)
    if evidence.state != expected:
        raise EvidenceError(f"This evidence is {evidence.get_state_display().lower()} now; nothing was changed.")
    evidence.state = new_state
    evidence.reviewed_by = by
    evidence.reviewed_at = timezone.now()
    for name, value in fields.items():
        setattr(evidence, name, value)
    evidence.save(update_fields=["state", "reviewed_by", "reviewed_at", *fields])
    record_activity(evidence.recommendation_id, when=evidence.reviewed_at)
    refresh_disagreement(evidence.recommendation_id)
    return evidence


@transaction.atomic
def confirm_suggestion(evidence_id, *, stance, by):
    return _review(
        evidence_id, expected=Evidence.State.SUGGESTED, new_state=Evidence.State.CONFIRMED, by=by, stance=stance
    )


@transaction.atomic
def dismiss_suggestion(evidence_id, *, by):
    """A dismissed passage is kept, so it is never suggested again."""
    return _review(evidence_id, expected=Evidence.State.SUGGESTED, new_state=Evidence.State.DISMISSED, by=by)


@transaction.atomic
def remove_evidence(evidence_id, *, by):
    """Removed evidence is kept, so that the removal can be undone with restore_evidence."""
    return _review(evidence_id, expected=Evidence.State.CONFIRMED, new_state=Evidence.State.REMOVED, by=by)


@transaction.atomic
def restore_evidence(evidence_id, *, by):
    return _review(evidence_id, expected=Evidence.State.REMOVED, new_state=Evidence.State.CONFIRMED, by=by)


@transaction.atomic
def restore_suggestion(evidence_id, *, by):
    """Undo a dismissal: the passage awaits review again."""
    return _review(evidence_id, expected=Evidence.State.DISMISSED, new_state=Evidence.State.SUGGESTED, by=by)


@transaction.atomic
def unconfirm_suggestion(evidence_id, *, by):
    """Undo a confirmation made a moment ago in the inbox: the passage awaits review again."""
    evidence = _locked(evidence_id)
    if evidence.score is None:
        # Evidence a person added was never a suggestion; removing it is the way back.
        raise EvidenceError("This evidence was added by a person, not suggested; remove it instead.")
    return _review(evidence_id, expected=Evidence.State.CONFIRMED, new_state=Evidence.State.SUGGESTED, by=by)


@transaction.atomic
def dismiss_source_suggestions(recommendation_id, source_id, *, by):
    """Dismiss every suggestion from one source for one recommendation; returns their ids (to undo)."""
    pending = Evidence.objects.select_for_update().filter(
        recommendation_id=recommendation_id, paragraph__source_id=source_id, state=Evidence.State.SUGGESTED
    )
    ids = list(pending.values_list("pk", flat=True))
    if ids:
        now = timezone.now()
        Evidence.objects.filter(pk__in=ids).update(state=Evidence.State.DISMISSED, reviewed_by=by, reviewed_at=now)
        record_activity(recommendation_id, when=now)
    return ids
