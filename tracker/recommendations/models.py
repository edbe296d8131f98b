from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tracker.accounts.models import TeamScopedQuerySet

from . import hooks


class Status(models.TextChoices):
    """The fixed status vocabulary, in the order it is shown."""

    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    IN_PROGRESS = "in_progress", "In progress"
    PARTIALLY_IMPLEMENTED = "partially_implemented", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"
    STALLED = "stalled", "Stalled"
    REJECTED = "rejected", "Rejected"
    SUPERSEDED = "superseded", "Superseded"


# Statuses under which a recommendation is still being worked on.
OPEN_STATUSES = [
    Status.NEW,
    Status.UNDER_REVIEW,
    Status.IN_PROGRESS,
    Status.PARTIALLY_IMPLEMENTED,
    Status.STALLED,
]


def stale_cutoff(now=None):
    """Open items with no activity since this moment are stale: the one place STALE_AFTER_DAYS is read."""
    return (now or timezone.now()) - timedelta(days=settings.STALE_AFTER_DAYS)


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    URGENT = 4, "Urgent"


class Theme(models.Model):
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "slug"], name="theme_unique_team_slug")]

    def __str__(self):
        return self.name


class RecommendationQuerySet(TeamScopedQuerySet):
    def visible_to(self, user):
        """The user's teams' recommendations, less those deleted or merged away."""
        return super().visible_to(user).filter(deleted_at__isnull=True)

    def live_in(self, team_ids):
        """The teams' recommendations (by id), less those deleted or merged away: what visible_to gives, without
        the join with the memberships, so that counts read the index of live items alone (rec_team_live_idx)."""
        return self.filter(team_id__in=team_ids, deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def update(self, **kwargs):
        # As with save(): a status changes only through services.change_status, which writes its history.
        if "status" in kwargs:
            raise ValidationError("Change a recommendation's status with services.change_status.")
        return super().update(**kwargs)

    def open(self):
        """Still being worked on: an open status, and not deleted or merged away."""
        return self.filter(status__in=OPEN_STATUSES, deleted_at__isnull=True)

    def for_list(self):
        """What a row of the list shows, loaded up front: not the search documents (1 KB an item) nor the source's
        whole text (6 KB), which no page shows with an item."""
        return (
            self.select_related("team", "source", "paragraph", "owner")
            .defer("search_vector", "source__text", "paragraph__search_vector")
            .prefetch_related("themes")
        )

    def with_list_annotations(self):
        """What apps above add to a row of the list (evidence counts), each in the same query."""
        queryset = self
        for annotate in hooks.list_annotations:
            queryset = annotate(queryset)
        return queryset

    def overdue(self, today=None):
        """Open items whose due date has passed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days, today=None):
        """Open items due from today up to `days` days ahead."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))

    def stale(self, now=None):
        """Open items flagged stale, or with no activity for STALE_AFTER_DAYS (the daily flag may lag)."""
        return self.open().filter(
            models.Q(stale_since__isnull=False) | models.Q(last_activity_at__lt=stale_cutoff(now))
        )

    def status_counts(self):
        """(status, count) for every status in the fixed order, zeros included, in one query."""
        counts = dict(self.order_by().values_list("status").annotate(n=models.Count("pk")))
        return [(status, counts.get(status.value, 0)) for status in Status]


class Recommendation(models.Model):
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="recommendations")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="recommendations")
    # The passage the recommendation is quoted from; its number is the citation.
    paragraph = models.ForeignKey("sources.Paragraph", on_delete=models.PROTECT, related_name="recommendations")
    # Where in the paragraph it starts: 0 at its start, else the index of its first sentence (a paragraph may
    # hold more than one recommendation).
    sentence = models.PositiveSmallIntegerField(default=0)
    # Where a recommendation runs over several paragraphs, the last of them (the first is `paragraph`).
    last_paragraph = models.ForeignKey(
        "sources.Paragraph", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(help_text="The recommendation, verbatim from the source.")
    title = models.CharField(max_length=200)
    # Its number or label in the report: "Recommendation 3", "8.2(b)".
    label = models.CharField(max_length=40, blank=True)
    # The government's response, where the document gives one.
    response = models.TextField(blank=True)
    actor = models.CharField(max_length=120, blank=True, help_text="Who the recommendation addresses.")
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.NEW, editable=False)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_recommendations",
    )
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every change through the services: a form carries it to refuse lost updates.
    version = models.PositiveIntegerField(default=1)
    last_activity_at = models.DateTimeField(default=timezone.now)
    stale_since = models.DateTimeField(null=True, blank=True)
    # The newest confirmed evidence disagrees with the status (undercuts an item in progress or implemented,
    # supports one stalled or rejected); kept by tracker.evidence.services.refresh_disagreement.
    evidence_disagrees = models.BooleanField(default=False, editable=False)
    # Deleted by an admin (kept, so that the deletion can be undone), or merged into the item that stays.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Title, text, evidence passages and comments, weighted; kept current by search.refresh_search_vector.
    # Only PostgreSQL fills it (with a GIN index); SQLite keeps a row of an FTS5 table instead (search.SQLITE_TABLE).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["source_id", "paragraph__number", "sentence"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "paragraph", "sentence"], name="recommendation_unique_team_paragraph_sentence"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]), name="recommendation_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=4), name="recommendation_priority_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"], name="rec_team_status_idx"),
            # The dashboard's counts (by status, overdue, the evidence awaiting review on open items) read this
            # index alone, without visiting the rows: about 20 bytes an item instead of a 1.4 KB row.
            models.Index(
                fields=["team", "status", "due_on", "id"],
                name="rec_team_live_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
            # The list's default order: most recently updated first, within the team.
            models.Index(fields=["team", "-updated_at"], name="rec_team_updated_idx"),
            # The same for the list's pages: a page's ids (and the last page's) from the index alone.
            models.Index(
                fields=["team", "-updated_at", "id"],
                name="rec_team_live_updated_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
            models.Index(fields=["due_on"], name="rec_due_on_idx"),
            models.Index(fields=["last_activity_at"], name="rec_last_activity_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # The cited passage is in the cited source, and the source is the team's own.
        if self.paragraph_id and self.source_id and self.paragraph.source_id != self.source_id:
            raise ValidationError({"paragraph": "This paragraph is not in the chosen source."})
        if self.source_id and self.team_id and self.source.team_id != self.team_id:
            raise ValidationError({"source": "This source belongs to another team."})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def save(self, *args, **kwargs):
        # The status only changes through services.change_status, which writes the history row.
        loaded = getattr(self, "_loaded_status", None)
        if self.pk and loaded is not None and loaded != self.status and not getattr(self, "_status_recorded", False):
            raise ValidationError("Change a recommendation's status with services.change_status.")
        super().save(*args, **kwargs)
        self._loaded_status = self.status
        self._status_recorded = False

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def is_stale(self):
        """Open, and flagged stale or without activity since the cutoff (the daily flag may lag)."""
        return self.is_open and (self.stale_since is not None or self.last_activity_at < stale_cutoff())


class StatusChange(models.Model):
    """One row of a recommendation's history; from_status is empty for its creation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["recommendation", "-changed_at"], name="statuschange_rec_time_idx"),
            # The newest first across a team (activity feed, a digest's week): read in time order, not sorted.
            models.Index(fields=["-changed_at"], name="statuschange_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(from_status=models.F("to_status")), name="statuschange_changes"),
            models.CheckConstraint(
                condition=models.Q(from_status__in=["", *Status.values]), name="statuschange_from_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(to_status__in=Status.values), name="statuschange_to_status_valid"
            ),
        ]

    def __str__(self):
        before = self.get_from_status_display() or "created"
        return f"{self.recommendation}: {before} → {self.get_to_status_display()}"


class Correction(models.Model):
    """A change an editor made to a recommendation's text, title or label, or a duplicate an admin merged into
    it: kept with who and when. A merge keeps the duplicate's label, title and text in `old`, so the item that
    stays says what it absorbed even after the duplicate is gone from every list."""

    class Field(models.TextChoices):
        TEXT = "text", "Text"
        TITLE = "title", "Title"
        LABEL = "label", "Label"
        MERGED = "merged", "Duplicate merged in"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=10, choices=Field.choices)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__in=["text", "title", "label", "merged"]), name="correction_field_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_field_display()} of {self.recommendation} corrected"


class CommentQuerySet(TeamScopedQuerySet):
    team_path = "recommendation__team"

    def for_page(self):
        """What a comment on the detail page shows: its author and its mentions, loaded up front."""
        return self.select_related("author").prefetch_related(
            models.Prefetch("mentions", queryset=Mention.objects.select_related("user"))
        )


class Comment(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="comments")
    body = models.TextField(help_text="Markdown.")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["recommendation", "created_at"], name="comment_rec_time_idx"),
            models.Index(fields=["-created_at"], name="comment_time_idx"),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.recommendation}"

    @property
    def team_id(self):
        return self.recommendation.team_id


class Mention(models.Model):
    """A team member @-mentioned in a comment, kept for notifications and the digest."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="mention_unique_comment_user")]

    def __str__(self):
        return f"@{self.user} in {self.comment}"


class CandidateQuerySet(TeamScopedQuerySet):
    team_path = "source__team"

    def pending(self):
        return self.filter(state=Candidate.State.PENDING)


class Candidate(models.Model):
    """A passage proposed as a recommendation (by the finder, or marked by a person) until an editor accepts it,
    when it becomes a tracked Recommendation, or rejects it."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    source = models.ForeignKey("sources.Source", on_delete=models.CASCADE, related_name="candidates")
    paragraph = models.ForeignKey("sources.Paragraph", on_delete=models.CASCADE, related_name="candidates")
    # The index of its first sentence in the paragraph (0: from its start).
    sentence = models.PositiveSmallIntegerField(default=0)
    # The last paragraph a candidate joined with the next ones runs to; empty for one paragraph.
    last_paragraph = models.ForeignKey(
        "sources.Paragraph", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    label = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    actor = models.CharField(max_length=120, blank=True)
    response = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Proposed by a person marking a paragraph, rather than by the finder.
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidate"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["source", "paragraph__number", "sentence", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "accepted", "rejected"]), name="candidate_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["source", "state"], name="candidate_source_state_idx")]

    def __str__(self):
        return f"{self.get_state_display()}: {self.title or self.text[:60]}"

    @property
    def team_id(self):
        return self.source.team_id
