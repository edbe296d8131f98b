"""Every email Tracker sends is three templates, rendered here: templates/emails/<name>_subject.txt,
<name>.txt (a plain-text part that reads on its own) and <name>.html (inline styles)."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def render_email(name, context):
    """(subject, text, html) for the named email; site_url is always in the context."""
    context = {"site_url": settings.SITE_URL, **context}
    # A subject is one line: template whitespace and newlines would break the header.
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}.txt", context)
    # Template tags leave blank lines behind; one blank line between blocks reads best.
    text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n"
    html = render_to_string(f"emails/{name}.html", context)
    return subject, text, html


def build_email(name, to, context, *, headers=None, connection=None):
    """A multipart text + HTML message, ready to send."""
    subject, text, html = render_email(name, context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}, connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message
