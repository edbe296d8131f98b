"""The digest email: three templates (subject, text, HTML) rendered by one function."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .services import unsubscribe_token


def digest_links(user):
    return {
        "unsubscribe_url": settings.SITE_URL + reverse("digests:unsubscribe", args=[unsubscribe_token(user)]),
        "settings_url": settings.SITE_URL + reverse("digests:settings"),
        "site_url": settings.SITE_URL,
    }


def render_digest(digest):
    """(subject, text, html) for a digest."""
    context = {"digest": digest, "user": digest.user, **digest_links(digest.user)}
    subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
    text = render_to_string("emails/digest.txt", context)
    # Template tags leave blank lines behind; one blank line between blocks reads best.
    text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n"
    html = render_to_string("emails/digest.html", context)
    return subject, text, html


def digest_message(digest, connection=None):
    subject, text, html = render_digest(digest)
    links = digest_links(digest.user)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[digest.user.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            # RFC 8058: mail clients may unsubscribe with one POST to the link above.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
