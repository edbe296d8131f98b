"""The rules of a recommendation's life: creation, status changes with their history, activity, staleness."""

from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone

from . import hooks
from .models import Correction, Recommendation, Status, StatusChange, stale_cutoff
from .search import refresh_search_vector


class StaleUpdate(Exception):
    """The item changed after the form was loaded; nothing was written."""

    def __init__(self, recommendation, last_change):
        self.recommendation = recommendation
        self.last_change = last_change
        # The newer version may come from a details edit, so the status's setter is named as such, not as the
        # person who made the change that got in the way.
        status = recommendation.get_status_display()
        setter = ""
        if last_change and last_change.changed_by:
            when = formats.date_format(timezone.localtime(last_change.changed_at), "j M Y H:i")
            setter = f", set by {last_change.changed_by} on {when}"
        super().__init__(
            f"Not saved: this recommendation changed after you opened it. Its status is “{status}”{setter}."
        )


class InvalidStatus(Exception):
    pass


@transaction.atomic
def create_recommendation(*, team, source, paragraph, text, title, actor="", created_by=None, note="", **fields):
    """Track a recommendation as New; its history starts with a row saying who added it (and how, in `note`)."""
    recommendation = Recommendation.objects.create(
        team=team, source=source, paragraph=paragraph, text=text, title=title, actor=actor, **fields
    )
    StatusChange.objects.create(
        recommendation=recommendation,
        from_status="",
        to_status=recommendation.status,
        changed_by=created_by,
        changed_at=recommendation.created_at,
        note=note,
    )
    refresh_search_vector(recommendation.pk)
    return recommendation


@transaction.atomic
def change_status(recommendation_id, new_status, *, by, note="", expected_version=None):
    """Set a new status and write its history row, the only way a status changes.

    With expected_version (the version the person's page showed), a change made by
    someone else in between is refused with StaleUpdate instead of being overwritten.
    """
    if new_status not in Status.values:
        raise InvalidStatus(f"“{new_status}” is not a status")
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
    if expected_version is not None and recommendation.version != expected_version:
        raise StaleUpdate(recommendation, recommendation.status_changes.select_related("changed_by").first())
    if recommendation.status == new_status:
        return recommendation, None
    now = timezone.now()
    change = StatusChange.objects.create(
        recommendation=recommendation,
        from_status=recommendation.status,
        to_status=new_status,
        changed_by=by,
        changed_at=now,
        note=note,
    )
    recommendation.status = new_status
    recommendation.version += 1
    recommendation.last_activity_at = now
    recommendation.stale_since = None
    recommendation._status_recorded = True
    recommendation.save(update_fields=["status", "version", "last_activity_at", "stale_since", "updated_at"])
    for react in hooks.status_changed:
        react(recommendation.pk)
    if hooks.status_changed:
        recommendation.refresh_from_db(fields=["evidence_disagrees"])
    return recommendation, change


def record_activity(recommendation_id, when=None):
    """Evidence, comments and edits count as activity: the item is no longer stale.

    They also change what search finds, so the search document is rebuilt here.
    """
    Recommendation.objects.filter(pk=recommendation_id).update(
        last_activity_at=when or timezone.now(), stale_since=None
    )
    refresh_search_vector(recommendation_id)


@transaction.atomic
def update_details(recommendation_id, *, expected_version, owner, priority, due_on, actor, themes):
    """Change owner, priority, due date, actor and themes, refusing a form loaded before someone else's change."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
    if recommendation.version != expected_version:
        raise StaleUpdate(recommendation, recommendation.status_changes.select_related("changed_by").first())
    now = timezone.now()
    recommendation.owner = owner
    recommendation.priority = priority
    recommendation.due_on = due_on
    recommendation.actor = actor
    recommendation.version += 1
    recommendation.last_activity_at = now
    recommendation.stale_since = None
    recommendation.save(
        update_fields=[
            "owner",
            "priority",
            "due_on",
            "actor",
            "version",
            "last_activity_at",
            "stale_since",
            "updated_at",
        ]
    )
    recommendation.themes.set(themes)
    return recommendation


def flag_stale_recommendations(now=None):
    """Mark open recommendations with no activity since the cutoff as stale; return how many were marked.

    Already stale ones keep the date they became stale, so running twice changes nothing.
    """
    now = now or timezone.now()
    return (
        Recommendation.objects.open()
        .filter(last_activity_at__lt=stale_cutoff(now), stale_since__isnull=True)
        .update(stale_since=now)
    )


# How long an admin can undo a deletion from the page that confirms it.
UNDO_DELETION_FOR = timedelta(days=7)


class NotAllowed(Exception):
    """A change the rules refuse; the message says why."""


@transaction.atomic
def correct(recommendation_id, *, by, expected_version, text, title, label):
    """Correct the text, title or label (a reading mistake, a boundary); each change is kept with who and when."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
    if recommendation.version != expected_version:
        raise StaleUpdate(recommendation, recommendation.status_changes.select_related("changed_by").first())
    now = timezone.now()
    changes = [
        Correction(
            recommendation=recommendation,
            field=name,
            old=getattr(recommendation, name),
            new=value,
            changed_by=by,
            changed_at=now,
        )
        for name, value in (("text", text), ("title", title), ("label", label))
        if getattr(recommendation, name) != value
    ]
    if not changes:
        return recommendation, []
    for change in changes:
        setattr(recommendation, change.field, change.new)
    recommendation.version += 1
    recommendation.last_activity_at = now
    recommendation.stale_since = None
    recommendation.save(
        update_fields=["text", "title", "label", "version", "last_activity_at", "stale_since", "updated_at"]
    )
    Correction.objects.bulk_create(changes)
    refresh_search_vector(recommendation.pk)
    return recommendation, changes


@transaction.atomic
def delete(recommendation_id, *, by):
    """Take an item off every list; it is kept, so that the deletion can be undone for a while."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
    if recommendation.deleted_at:
        raise NotAllowed("This recommendation was already deleted; nothing was changed.")
    Recommendation.objects.filter(pk=recommendation.pk).update(deleted_at=timezone.now(), deleted_by=by)
    return recommendation


@transaction.atomic
def restore(recommendation_id, *, by):
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation_id)
    if not recommendation.deleted_at or recommendation.merged_into_id:
        raise NotAllowed("This recommendation is not deleted, or was merged into another; nothing was changed.")
    if recommendation.deleted_at < timezone.now() - UNDO_DELETION_FOR:
        raise NotAllowed("This deletion is too old to undo here; ask an administrator to restore it.")
    Recommendation.objects.filter(pk=recommendation.pk).update(deleted_at=None, deleted_by=None)
    return recommendation


def _merged_summary(duplicate):
    """What the staying item's history says it absorbed: the duplicate's label and title, then its text."""
    head = " ".join(part for part in (duplicate.label, duplicate.title) if part)
    return f"{head}: {duplicate.text}" if head and head != duplicate.text else duplicate.text


@transaction.atomic
def merge(keep_id, duplicate_id, *, by):
    """Merge a duplicate into the item that stays: its evidence, comments, history and corrections move over
    (a passage both cite is kept once, the staying item's), and the duplicate is taken off every list."""
    if keep_id == duplicate_id:
        raise NotAllowed("Choose another recommendation to merge into this one.")
    # Both rows locked, in one order whichever way round they come, so two merges cannot deadlock.
    locked = {r.pk: r for r in Recommendation.objects.select_for_update().filter(pk__in=[keep_id, duplicate_id])}
    keep, duplicate = locked[keep_id], locked[duplicate_id]
    if keep.team_id != duplicate.team_id:
        raise NotAllowed("Only recommendations of the same team can be merged.")
    if keep.deleted_at or duplicate.deleted_at:
        raise NotAllowed("One of these recommendations is deleted or merged already; nothing was changed.")
    cited_by_keep = keep.evidence.filter(paragraph__isnull=False).values("paragraph_id")
    duplicate.evidence.filter(paragraph_id__in=cited_by_keep).delete()
    duplicate.evidence.update(recommendation=keep)
    duplicate.comments.update(recommendation=keep)
    duplicate.status_changes.update(recommendation=keep)
    duplicate.corrections.update(recommendation=keep)
    now = timezone.now()
    Recommendation.objects.filter(pk=duplicate.pk).update(deleted_at=now, deleted_by=by, merged_into=keep)
    Correction.objects.create(
        recommendation=keep,
        field=Correction.Field.MERGED,
        old=_merged_summary(duplicate),
        new=str(duplicate.pk),
        changed_by=by,
        changed_at=now,
    )
    keep.last_activity_at = now
    keep.version += 1
    keep.save(update_fields=["last_activity_at", "version", "updated_at"])
    refresh_search_vector(keep.pk)
    return keep
