from django import template

from ..models import sentence_spans

register = template.Library()


@register.filter
def sentences(text):
    """A paragraph's sentences, in order, as the form that links some of them offers them."""
    return [text[start:end] for start, end in sentence_spans(text)]
