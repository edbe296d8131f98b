"""Filters for the digest email: absolute links to items and people's names."""

from django import template
from django.conf import settings
from django.urls import reverse

from tracker.accounts.names import display_name

register = template.Library()


@register.filter
def item_url(recommendation):
    """The recommendation's page as an absolute URL: email has no current site."""
    return settings.SITE_URL + reverse("recommendation_detail", args=[recommendation.pk])


@register.filter
def person(user):
    return display_name(user)


@register.filter
def indent(text):
    """Indent the continuation lines of a wrapped block by two spaces, to sit under its bullet."""
    return str(text).replace("\n", "\n  ")


@register.filter
def owned_by(recommendation, reader):
    """'owned by you', 'owned by Tom Okafor' or 'no owner', for the reader of the digest."""
    if recommendation.owner_id is None:
        return "no owner"
    if recommendation.owner_id == reader.pk:
        return "owned by you"
    return f"owned by {person(recommendation.owner)}"


@register.filter
def absolute(path):
    """A path on this site as an absolute URL, for links in an email."""
    return settings.SITE_URL + path
