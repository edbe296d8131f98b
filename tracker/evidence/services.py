"""Evidence: passages linked to recommendations, confirmed by a person."""

from django.db import transaction
from django.utils import timezone

from tracker.recommendations.services import record_activity

from .models import Evidence


class EvidenceError(Exception):
    """Evidence the rules refuse; the message is shown as it is."""


@transaction.atomic
def add_paragraph_evidence(recommendation, paragraph, *, stance, note="", by):
    """Confirm a paragraph as evidence; a suggested or dismissed link to the same paragraph becomes confirmed."""
    if paragraph.source.team_id != recommendation.team_id:
        raise EvidenceError("The paragraph and the recommendation belong to different teams.")
    now = timezone.now()
    evidence, created = Evidence.objects.select_for_update().get_or_create(
        recommendation=recommendation,
        paragraph=paragraph,
        defaults={"stance": stance, "note": note, "state": Evidence.State.CONFIRMED, "added_by": by},
    )
    if not created:
        evidence.stance = stance
        evidence.note = note or evidence.note
        evidence.state = Evidence.State.CONFIRMED
        evidence.reviewed_by = by
        evidence.reviewed_at = now
        evidence.save(update_fields=["stance", "note", "state", "reviewed_by", "reviewed_at"])
    record_activity(recommendation.pk, when=now)
    return evidence, created
