"""The digest email: its links and headers; rendering is tracker.emails'."""

from django.conf import settings
from django.urls import reverse

from tracker.emails import build_email, render_email

from .tokens import unsubscribe_token


def digest_links(user):
    return {
        "unsubscribe_url": settings.SITE_URL + reverse("digests:unsubscribe", args=[unsubscribe_token(user)]),
        "settings_url": settings.SITE_URL + reverse("digests:settings"),
        "site_url": settings.SITE_URL,
    }


def _context(digest):
    return {"digest": digest, "user": digest.user, "time_zone": settings.TIME_ZONE, **digest_links(digest.user)}


def render_digest(digest, preview=False):
    """(subject, text, html) for a digest; a preview's links open in the whole window, not its frame."""
    return render_email("digest", {**_context(digest), "preview": preview})


def digest_message(digest, connection=None):
    links = digest_links(digest.user)
    headers = {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        # RFC 8058: mail clients may unsubscribe with one POST to the link above.
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build_email("digest", digest.user.email, _context(digest), headers=headers, connection=connection)
