"""What a digest says: one user's week across their teams, read in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.accounts.models import Team
from tracker.evidence.models import Evidence
from tracker.recommendations.models import OPEN_STATUSES, Comment, Mention, Recommendation, StatusChange

from .weeks import Week

DUE_SOON_DAYS = 14


@dataclass
class TeamDigest:
    """One team's part of a user's digest."""

    team: Team
    status_changes: list = field(default_factory=list)
    added: list = field(default_factory=list)
    confirmed_evidence: list = field(default_factory=list)
    # (recommendation, number of new suggestions awaiting review)
    suggestions: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    went_stale: list = field(default_factory=list)
    # Open items past their due date: they need someone as much as those due soon.
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    owned: list = field(default_factory=list)

    @property
    def suggested_count(self):
        return sum(count for _, count in self.suggestions)

    @property
    def evidence_count(self):
        return len(self.confirmed_evidence) + self.suggested_count

    @property
    def has_news(self):
        return bool(
            self.status_changes
            or self.added
            or self.confirmed_evidence
            or self.suggestions
            or self.mentions
            or self.comments
            or self.went_stale
            or self.overdue
            or self.due_soon
        )


@dataclass
class Digest:
    user: object
    week: Week
    teams: list

    def _total(self, attribute):
        return sum(len(getattr(team, attribute)) for team in self.teams)

    @property
    def counts(self):
        return {
            "status_changes": self._total("status_changes"),
            "added": self._total("added"),
            "evidence": sum(team.evidence_count for team in self.teams),
            "comments": self._total("mentions") + self._total("comments"),
            "mentions": self._total("mentions"),
            "went_stale": self._total("went_stale"),
            "overdue": self._total("overdue"),
            "due_soon": self._total("due_soon"),
        }

    @property
    def summary(self):
        """'1 mention of you, 3 status changes, 2 new evidence': the counts that are not zero."""
        counts = self.counts
        # What needs the reader comes first: a subject line is cut short in most mail clients.
        phrases = [
            (counts["mentions"], "mention of you", "mentions of you"),
            (counts["overdue"], "overdue", "overdue"),
            (counts["due_soon"], "due soon", "due soon"),
            (counts["went_stale"], "gone stale", "gone stale"),
            (counts["status_changes"], "status change", "status changes"),
            (counts["evidence"], "new evidence", "new evidence"),
            (counts["comments"], "comment", "comments"),
            (counts["added"], "new recommendation", "new recommendations"),
        ]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in phrases if n)

    @property
    def is_empty(self):
        """Nothing happened and nothing is due: no email. Owned items alone are not news."""
        return not any(team.has_news for team in self.teams)


def build_digest(user, week):
    """What happened in the user's teams during the week, grouped by team, in a bounded number of queries."""
    teams = list(Team.objects.filter(memberships__user=user).order_by("name"))
    sections = {team.pk: TeamDigest(team=team) for team in teams}
    team_ids = list(sections)
    in_week = {"gte": week.start, "lt": week.end}
    as_of = min(timezone.now(), week.end)
    today = timezone.localdate(as_of)

    changes = (
        StatusChange.objects.filter(
            recommendation__team__in=team_ids, changed_at__gte=in_week["gte"], changed_at__lt=in_week["lt"]
        )
        .select_related("recommendation", "changed_by")
        .order_by("changed_at", "id")
    )
    for change in changes:
        section = sections[change.recommendation.team_id]
        # A history row without a from-status is the recommendation's creation.
        (section.status_changes if change.from_status else section.added).append(change)

    evidence = (
        Evidence.objects.filter(recommendation__team__in=team_ids)
        .annotate(arrived_at=Coalesce("reviewed_at", "created_at"))
        .filter(
            Q(state=Evidence.State.CONFIRMED, arrived_at__gte=in_week["gte"], arrived_at__lt=in_week["lt"])
            | Q(state=Evidence.State.SUGGESTED, created_at__gte=in_week["gte"], created_at__lt=in_week["lt"])
        )
        .select_related("recommendation", "paragraph__source", "added_by")
        .order_by("arrived_at", "id")
    )
    suggested = {}
    for item in evidence:
        section = sections[item.recommendation.team_id]
        if item.state == Evidence.State.CONFIRMED:
            section.confirmed_evidence.append(item)
        else:
            suggested.setdefault(item.recommendation, 0)
            suggested[item.recommendation] += 1
    for recommendation, count in suggested.items():
        sections[recommendation.team_id].suggestions.append((recommendation, count))

    comments = (
        Comment.objects.filter(
            recommendation__team__in=team_ids, created_at__gte=in_week["gte"], created_at__lt=in_week["lt"]
        )
        .annotate(mentions_user=Exists(Mention.objects.filter(comment=OuterRef("pk"), user=user)))
        .select_related("recommendation", "author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        section = sections[comment.recommendation.team_id]
        (section.mentions if comment.mentions_user else section.comments).append(comment)

    due_until = today + timedelta(days=DUE_SOON_DAYS)
    watched = (
        Recommendation.objects.filter(team__in=team_ids)
        .filter(
            Q(stale_since__gte=in_week["gte"], stale_since__lt=in_week["lt"])
            | Q(status__in=OPEN_STATUSES, due_on__lte=due_until)
            | Q(status__in=OPEN_STATUSES, owner=user)
        )
        .select_related("owner")
        .order_by(F("due_on").asc(nulls_last=True), "title", "pk")
    )
    for recommendation in watched:
        section = sections[recommendation.team_id]
        if recommendation.stale_since and week.start <= recommendation.stale_since < week.end:
            section.went_stale.append(recommendation)
        if recommendation.is_open and recommendation.due_on and recommendation.due_on < today:
            section.overdue.append(recommendation)
        if recommendation.is_open and recommendation.due_on and today <= recommendation.due_on <= due_until:
            section.due_soon.append(recommendation)
        if recommendation.is_open and recommendation.owner_id == user.pk:
            section.owned.append(recommendation)

    shown = [section for section in sections.values() if section.has_news or section.owned]
    return Digest(user=user, week=week, teams=shown)
