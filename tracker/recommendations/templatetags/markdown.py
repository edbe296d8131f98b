from django import template
from django.utils.safestring import mark_safe

from tracker.recommendations.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """{{ text|markdown }}: Markdown rendered and sanitised."""
    return mark_safe(render_markdown(text))


@register.filter
def comment_html(comment):
    """{{ comment|comment_html }}: the comment's Markdown with its recorded mentions highlighted.

    Expects comment.mentions prefetched with their users (Comment.objects.for_page() does).
    """
    return mark_safe(render_markdown(comment.body, {mention.user.username for mention in comment.mentions.all()}))
