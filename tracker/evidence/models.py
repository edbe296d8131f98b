from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.accounts.models import TeamScopedQuerySet
from tracker.recommendations.finder import split_sentences


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    UNDERCUTS = "undercuts", "Undercuts"
    CONTEXT = "context", "Context"


def sentence_spans(text):
    """Where each sentence of a paragraph starts and ends, as character offsets: the sentences a suggestion
    marks and a person can choose to quote."""
    spans = []
    position = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        if start < 0 or not sentence:
            continue
        position = start + len(sentence)
        # A "sentence" of one word is an abbreviation the splitter took for an end ("U.S. President ..."):
        # it belongs to the next one.
        if spans and len(text[spans[-1][0] : spans[-1][1]].split()) == 1:
            start = spans.pop()[0]
        spans.append((start, position))
    return spans or [(0, len(text))]


class EvidenceQuerySet(TeamScopedQuerySet):
    team_path = "recommendation__team"

    def confirmed(self):
        return self.filter(state=Evidence.State.CONFIRMED)

    def suggested(self):
        return self.filter(state=Evidence.State.SUGGESTED)

    def for_page(self):
        """Evidence a recommendation's page shows (not dismissed), with each passage's source loaded."""
        shown = self.exclude(state=Evidence.State.DISMISSED)
        return shown.select_related("paragraph__source", "added_by", "reviewed_by")


class Evidence(models.Model):
    """A passage that bears on a recommendation: a paragraph of a source, or an excerpt of a web page."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        # Dismissed and removed rows are kept so that the passage is never suggested again.
        DISMISSED = "dismissed", "Dismissed"
        REMOVED = "removed", "Removed"

    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="evidence"
    )
    paragraph = models.ForeignKey(
        "sources.Paragraph", on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    url = models.URLField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True, help_text="Verbatim passage, for evidence from a URL.")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CONFIRMED)
    # Relevance of a suggestion, higher is better; empty for evidence a person added.
    score = models.FloatField(null=True, blank=True)
    # Why a passage was suggested: the words of it that match the recommendation ("ceasefire, monitoring") and
    # where its best-matching sentences are (character offsets in the paragraph's text). Empty otherwise.
    matched_terms = models.TextField(blank=True, default="")
    sentence_start = models.PositiveIntegerField(null=True, blank=True)
    sentence_end = models.PositiveIntegerField(null=True, blank=True)
    # Set when a person linked only some sentences of the paragraph: the evidence quotes just the span from
    # sentence_start to sentence_end. Otherwise it quotes the whole paragraph, and the span marks a best match.
    quotes_span = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "paragraph"],
                condition=models.Q(paragraph__isnull=False),
                name="evidence_unique_rec_paragraph",
            ),
            models.CheckConstraint(
                condition=models.Q(paragraph__isnull=False) | (~models.Q(url="") & ~models.Q(excerpt="")),
                name="evidence_has_passage",
            ),
            models.CheckConstraint(
                condition=models.Q(quotes_span=False)
                | models.Q(
                    paragraph__isnull=False,
                    sentence_start__isnull=False,
                    sentence_end__isnull=False,
                    sentence_start__lt=models.F("sentence_end"),
                ),
                name="evidence_quoted_span_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=["supports", "undercuts", "context"]), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["suggested", "confirmed", "dismissed", "removed"]),
                name="evidence_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["recommendation", "state"], name="evidence_rec_state_idx"),
            # When evidence arrived (confirmed, or added): the activity feed and a digest's week read it newest first.
            models.Index(Coalesce("reviewed_at", "created_at").desc(), name="evidence_arrived_idx"),
            models.Index(fields=["-created_at"], name="evidence_created_idx"),
            # Suggestions awaiting review, counted on the dashboard and listed in the inbox, are a minority of rows.
            models.Index(
                fields=["recommendation"], condition=models.Q(state="suggested"), name="evidence_suggested_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_stance_display()} evidence for {self.recommendation}"

    def clean(self):
        # As the services require: a passage from a source of the recommendation's own team.
        if self.paragraph_id and self.recommendation_id:
            if self.paragraph.source.team_id != self.recommendation.team_id:
                raise ValidationError({"paragraph": "This paragraph is not in a source of the recommendation's team."})
        if not self.paragraph_id and not (self.url and self.excerpt):
            raise ValidationError("Evidence needs a paragraph, or a URL with a verbatim excerpt.")

    @property
    def team_id(self):
        return self.recommendation.team_id

    @property
    def passage(self):
        """What the evidence quotes, verbatim: the sentences a person chose, the paragraph, or the excerpt."""
        if not self.paragraph_id:
            return self.excerpt
        if self.quotes_span and (parts := self.matched_sentences):
            return parts[1]
        return self.paragraph.text

    @property
    def matched_sentences(self):
        """The paragraph as (before, marked sentences, after), or None where no sentences are marked: a
        suggestion's best match, or the sentences quoted (quotes_span)."""
        if not self.paragraph_id or self.sentence_start is None or self.sentence_end is None:
            return None
        text = self.paragraph.text
        if not 0 <= self.sentence_start < self.sentence_end <= len(text):
            return None
        return text[: self.sentence_start], text[self.sentence_start : self.sentence_end], text[self.sentence_end :]

    @property
    def quoted_sentences(self):
        """(first, last) sentence numbers, counted from 1, of a quoted span; None where the whole passage is quoted."""
        if not (self.quotes_span and self.matched_sentences):
            return None
        spans = sentence_spans(self.paragraph.text)
        start, end = self.sentence_start, self.sentence_end
        inside = [number for number, (a, b) in enumerate(spans, 1) if start < b and a < end]
        return (inside[0], inside[-1]) if inside else None

    @property
    def sentences_label(self):
        """ "sentences 2–3" (or "sentence 2") of a quoted span, for its citation; empty for a whole passage."""
        if not (sentences := self.quoted_sentences):
            return ""
        first, last = sentences
        return f"sentence {first}" if first == last else f"sentences {first}–{last}"


class RecommendationTerms(models.Model):
    """The words a recommendation is ranked by (tracker.evidence.suggestions: its stems, how often it uses each and
    the word that stands for it), kept so that a new source is scored against every open recommendation without
    reading and stemming each one's text again. `key` is the MD5 of the text they were read from and `version` the
    reading's, so that a row no longer matching either is read again, however the text was changed."""

    recommendation = models.OneToOneField(
        "recommendations.Recommendation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    key = models.CharField(max_length=32)
    version = models.PositiveSmallIntegerField()
    # {stem: [uses, word]}
    terms = models.JSONField(default=dict)

    def __str__(self):
        return f"Terms of recommendation {self.recommendation_id}"
