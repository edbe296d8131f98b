"""Unsubscribe links: a signed user id, so a link works without logging in and cannot be forged."""

from django.contrib.auth import get_user_model
from django.core import signing

UNSUBSCRIBE_SALT = "tracker.digests.unsubscribe"


class BadToken(Exception):
    """An unsubscribe link that was altered, truncated or made for no current user."""


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_token(token):
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise BadToken("This unsubscribe link is not valid.") from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise BadToken("This unsubscribe link is for an account that no longer exists.")
    return user
