from django import forms

from .models import Stance


class ParagraphEvidenceForm(forms.Form):
    """Link a source paragraph to a recommendation; ids only, the view loads both through the permission helpers."""

    recommendation = forms.IntegerField(min_value=1)
    paragraph = forms.IntegerField(min_value=1)
    stance = forms.ChoiceField(choices=Stance.choices)
    note = forms.CharField(required=False, max_length=2000)
    next = forms.CharField(required=False, max_length=500)
