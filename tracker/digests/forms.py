from django import forms

from .models import DigestPreference


class DigestPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Weekly digest email",
        choices=[
            (DigestPreference.Frequency.WEEKLY, "Weekly: every Monday morning, a summary of the past week"),
            (DigestPreference.Frequency.OFF, "Off: no digest emails"),
        ],
        widget=forms.RadioSelect,
    )
