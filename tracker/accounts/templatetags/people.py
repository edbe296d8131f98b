from django import template

from tracker.accounts.names import display_name

register = template.Library()


@register.filter
def person(user, default="someone"):
    """{{ comment.author|person:"A former member" }}: the person's name as every page shows it."""
    return display_name(user, default)
