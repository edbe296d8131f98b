"""The rules of comments: who may edit or delete one, and which @mentions are recorded."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tracker.accounts.permissions import ADMIN, has_role

from .markdown import find_mentions
from .models import Comment, Mention
from .services import record_activity


def _record_mentions(comment):
    """Mentions are the @usernames of members of the item's team; anyone else is ignored."""
    usernames = find_mentions(comment.body)
    members = get_user_model().objects.filter(
        username__in=usernames, memberships__team_id=comment.recommendation.team_id
    )
    comment.mentions.exclude(user__in=members).delete()
    known = set(comment.mentions.values_list("user_id", flat=True))
    Mention.objects.bulk_create(Mention(comment=comment, user=user) for user in members if user.pk not in known)


@transaction.atomic
def add_comment(recommendation, *, author, body):
    comment = Comment.objects.create(recommendation=recommendation, author=author, body=body)
    _record_mentions(comment)
    record_activity(recommendation.pk, when=comment.created_at)
    return comment


def can_edit(comment, user):
    return comment.author_id is not None and comment.author_id == user.pk


@transaction.atomic
def edit_comment(comment, *, by, body):
    """Only the author edits a comment."""
    if not can_edit(comment, by):
        raise PermissionDenied("Only its author can edit a comment.")
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    _record_mentions(comment)
    record_activity(comment.recommendation_id, when=comment.edited_at)
    return comment


def can_delete(comment, user):
    return comment.author_id == user.pk or has_role(user, comment.recommendation.team_id, ADMIN)


@transaction.atomic
def delete_comment(comment, *, by):
    """The author deletes their comment; a team admin may delete any."""
    if not can_delete(comment, by):
        raise PermissionDenied("Only its author or a team admin can delete a comment.")
    recommendation_id = comment.recommendation_id
    comment.delete()
    record_activity(recommendation_id)
