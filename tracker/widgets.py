"""Form widgets shared by the apps."""

import hashlib
from html import escape

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class ValuesChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options read as values, (pk, label), without a model instance each: a team's thousand
    sources or five hundred members. `label_fields` are read after the pk and passed to `label`."""

    label_fields = ()
    # Seconds the values are kept in Django's cache, keyed by their query (0: read on every render). For the choices
    # of a filter, which may lag a new source or member by that long; never for a form that changes an item.
    keep_for = 0

    def label(self, *values):
        raise NotImplementedError

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *values in self.values():
            yield (pk, self.label(*values))

    def values(self):
        rows = self.queryset.values_list("pk", *self.label_fields)
        if not self.keep_for:
            return rows
        sql, params = rows.query.sql_with_params()
        key = "choices:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return cache.get_or_set(key, lambda: list(rows), self.keep_for)


class QuickSelect(forms.Select):
    """A select whose options are written out directly rather than through a template each.

    Django renders every option with its own template: a team's thousand sources or five hundred members take a
    tenth of a second to list. The markup is the same: a <select> of <option>s, the chosen ones selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(one) for one in values if one is not None}
        # Joined as plain strings, each value and label escaped once (the standard library's escape, which Django's
        # wraps): format_html per option took as long as reading the options.
        options = "".join(
            f'<option value="{escape(str(option))}"{" selected" if str(option) in chosen else ""}>{escape(str(label))}'
            "</option>"
            for option, label in self.choices
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options))


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written out directly, as QuickSelect writes options, in the markup of Django's own template: a
    <div> of <div>s, each a <label> around its box. Django renders each box through two templates."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id")
        chosen = set(self.format_value(value))
        boxes = []
        for index, (option, label) in enumerate(self.choices):
            option = str(option)
            box_id = f"{base_id}_{index}" if base_id else ""
            label_for = f' for="{escape(box_id)}"' if box_id else ""
            input_id = f' id="{escape(box_id)}"' if box_id else ""
            checked = " checked" if option in chosen else ""
            boxes.append(
                f'<div><label{label_for}><input type="checkbox" name="{escape(name)}" value="{escape(option)}"'
                f"{input_id}{checked}> {escape(str(label))}</label></div>"
            )
        wrapper_id = format_html(' id="{}"', base_id) if base_id else ""
        return format_html("<div{}>{}</div>", wrapper_id, mark_safe("".join(boxes)))
