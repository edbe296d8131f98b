"""Demo data at scale: a team with its members, sources, recommendations and two years of work on them.

One call makes one team, known as demo data by its slug ("demo-data-…"). Everything is written with bulk
inserts in one transaction, each row with its final state: a recommendation is inserted with the status its
history ends in, and its history rows (StatusChange) with it, as create_recommendation and change_status would
have left them; last activity, version, staleness and the search document are filled to agree with its
comments, evidence and history. The same seed gives the same data (dates are relative to the run).
"""

import hashlib
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from tracker.accounts.models import Membership, Team
from tracker.digests.models import DigestPreference
from tracker.evidence.models import Evidence, Stance
from tracker.jobs.models import Job, JobStateChange
from tracker.recommendations import search
from tracker.recommendations.models import (
    OPEN_STATUSES,
    Comment,
    Mention,
    Priority,
    Recommendation,
    Status,
    StatusChange,
    Theme,
    stale_cutoff,
)
from tracker.sources.models import Paragraph, Source

from . import text

# Demo teams are known by their slug; a database holding any other team is refused unless forced.
SLUG_PREFIX = "demo-data-"
NAME_PREFIX = "Demo data "

PARAGRAPHS_PER_SOURCE = 30
# Dates run over two years up to the moment of the run.
SPAN = timedelta(days=730)
BATCH_SIZE = 2000

# Shares of items, passages and comments that name Russia, so that a search for it finds a realistic fraction.
RUSSIA_IN_RECOMMENDATIONS = 0.06
RUSSIA_IN_PASSAGES = 0.03
RUSSIA_IN_COMMENTS = 0.02

# One item per team carries this much, for timing a recommendation's page at its heaviest.
HEAVY_EVIDENCE = 60
HEAVY_COMMENTS = 100

# How each final status is reached from New, and how often items end in it.
PATHS = {
    Status.NEW: [Status.NEW],
    Status.UNDER_REVIEW: [Status.NEW, Status.UNDER_REVIEW],
    Status.IN_PROGRESS: [Status.NEW, Status.UNDER_REVIEW, Status.IN_PROGRESS],
    Status.PARTIALLY_IMPLEMENTED: [Status.NEW, Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.PARTIALLY_IMPLEMENTED],
    Status.IMPLEMENTED: [Status.NEW, Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.IMPLEMENTED],
    Status.STALLED: [Status.NEW, Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.STALLED],
    Status.REJECTED: [Status.NEW, Status.UNDER_REVIEW, Status.REJECTED],
    Status.SUPERSEDED: [Status.NEW, Status.UNDER_REVIEW, Status.SUPERSEDED],
}
STATUS_WEIGHTS = {
    Status.NEW: 12,
    Status.UNDER_REVIEW: 14,
    Status.IN_PROGRESS: 22,
    Status.PARTIALLY_IMPLEMENTED: 12,
    Status.IMPLEMENTED: 14,
    Status.STALLED: 10,
    Status.REJECTED: 9,
    Status.SUPERSEDED: 7,
}
# Share of items whose work stalled once and resumed before their last step (two more history rows).
DETOUR_SHARE = 0.2

# Evidence states and stances, and how often each occurs.
EVIDENCE_STATES = {
    Evidence.State.SUGGESTED: 30,
    Evidence.State.CONFIRMED: 50,
    Evidence.State.DISMISSED: 15,
    Evidence.State.REMOVED: 5,
}
STANCES = {Stance.SUPPORTS: 45, Stance.UNDERCUTS: 20, Stance.CONTEXT: 35}


@dataclass(frozen=True)
class Size:
    recommendations: int
    members: int
    sources: int
    # Averages per recommendation; history counts its first row, the creation.
    evidence: int = 5
    comments: int = 3
    history: int = 3


SIZES = {
    "S": Size(recommendations=2_000, members=500, sources=1_000),
    "L": Size(recommendations=20_000, members=500, sources=1_000),
}


class Refused(Exception):
    """The database holds data that is not demo data; nothing was written."""


@dataclass
class Outcome:
    team: Team
    created: bool
    heavy_id: int | None = None
    counts: dict = field(default_factory=dict)


def team_slug(label):
    return SLUG_PREFIX + slugify(label)


def non_demo_teams():
    return Team.objects.exclude(slug__startswith=SLUG_PREFIX)


def demo_teams():
    return Team.objects.filter(slug__startswith=SLUG_PREFIX)


def generate(label, size, *, seed=1, force=False, replace=False, now=None, log=lambda message: None):
    """Make the demo team `label` with `size`, unless it exists (then nothing changes, unless `replace`).

    Refuses (Refused) a database with any team that is not demo data, unless `force`.
    """
    others = list(non_demo_teams().order_by("name").values_list("name", flat=True)[:3])
    if others and not force:
        raise Refused(
            f"This database holds teams that are not demo data ({', '.join(others)}…): demo data is made in a "
            "database of its own. Use --force to add it here anyway."
        )
    existing = Team.objects.filter(slug=team_slug(label)).first()
    if existing and not replace:
        return Outcome(team=existing, created=False, heavy_id=heaviest(existing), counts=counts(existing))
    with transaction.atomic():
        if existing:
            log(f"Deleting the existing team “{existing.name}”…")
            delete_team(existing)
        builder = _Builder(label, size, random.Random(seed), now or timezone.now(), log)
        team = builder.build()
    if connection.vendor == "postgresql":
        # Fresh statistics, so that the planner sees the tables as they now are.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Outcome(team=team, created=True, heavy_id=builder.heavy_id, counts=counts(team))


def delete_team(team):
    """A demo team and the people who belong to no other team."""
    User = get_user_model()
    elsewhere = Team.objects.exclude(pk=team.pk)
    members = User.objects.filter(memberships__team=team).exclude(memberships__team__in=elsewhere)
    member_ids = list(members.values_list("pk", flat=True))
    # Recommendations first: they protect the sources they cite from being deleted under them.
    Recommendation.objects.filter(team=team).delete()
    team.delete()
    User.objects.filter(pk__in=member_ids).delete()


def heaviest(team):
    """The team's recommendation with the most comments: the heavy item a demo team is made with."""
    item = (
        Recommendation.objects.filter(team=team)
        .annotate(comment_count=Count("comments"))
        .order_by("-comment_count", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return item


def counts(team):
    recommendations = Recommendation.objects.filter(team=team)
    evidence = Evidence.objects.filter(recommendation__team=team)
    return {
        "members": Membership.objects.filter(team=team).count(),
        "sources": Source.objects.filter(team=team).count(),
        "paragraphs": Paragraph.objects.filter(source__team=team).count(),
        "recommendations": recommendations.count(),
        "statuses": dict(recommendations.order_by().values_list("status").annotate(n=Count("pk"))),
        "evidence": evidence.count(),
        "evidence_states": dict(evidence.order_by().values_list("state").annotate(n=Count("pk"))),
        "comments": Comment.objects.filter(recommendation__team=team).count(),
        "status_changes": StatusChange.objects.filter(recommendation__team=team).count(),
        "stale": recommendations.filter(stale_since__isnull=False).count(),
    }


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _around(rng, mean, low=0):
    """A count near `mean` (from `low` to twice the mean, mean on average)."""
    return rng.randint(low, 2 * mean - low)


def _times(rng, start, end, k):
    """k sorted moments between start and end."""
    span = (end - start).total_seconds()
    return sorted(start + timedelta(seconds=rng.random() * span) for _ in range(k))


class _Builder:
    def __init__(self, label, size, rng, now, log):
        self.label, self.size, self.rng, self.now, self.log = label, size, rng, now, log
        self.start = now - SPAN
        self.heavy_id = None

    def build(self):
        self.team = Team.objects.create(name=NAME_PREFIX + self.label, slug=team_slug(self.label))
        Team.objects.filter(pk=self.team.pk).update(created_at=self.start - timedelta(days=30))
        self._people()
        self._themes()
        self._sources()
        self._recommendations()
        self._jobs()
        self._search_documents()
        return self.team

    def _people(self):
        rng, size = self.rng, self.size
        key = slugify(self.label).replace("-", "")
        password = make_password(None)  # unusable: demo people log in only once someone sets a password
        User = get_user_model()
        users = []
        for n in range(1, size.members + 1):
            first, last = rng.choice(text.FIRST_NAMES), rng.choice(text.LAST_NAMES)
            username = f"{first}.{last}.{key}{n}".lower()
            users.append(
                User(
                    username=username,
                    email=f"{username}@example.org",
                    first_name=first,
                    last_name=last,
                    password=password,
                    date_joined=self.start,
                )
            )
        self.users = User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        admins = max(1, size.members // 100)
        editors = max(1, size.members // 5)
        roles = [Membership.Role.ADMIN] * admins + [Membership.Role.EDITOR] * editors
        roles += [Membership.Role.VIEWER] * (size.members - len(roles))
        Membership.objects.bulk_create(
            [Membership(team=self.team, user=user, role=role) for user, role in zip(self.users, roles, strict=False)],
            batch_size=BATCH_SIZE,
        )
        Membership.objects.filter(team=self.team).update(created_at=self.start)
        # Those who change statuses, review evidence and own items; anyone comments.
        self.editors = self.users[: admins + editors]
        # One in ten has turned the digest off.
        DigestPreference.objects.bulk_create(
            [
                DigestPreference(user=user, frequency=DigestPreference.Frequency.OFF)
                for user in self.users
                if rng.random() < 0.1
            ],
            batch_size=BATCH_SIZE,
        )
        self.log(f"{len(self.users)} members")

    def _themes(self):
        self.themes = Theme.objects.bulk_create(
            [Theme(team=self.team, name=name, slug=slugify(name)) for name in text.THEMES]
        )

    def _sources(self):
        """Reports (whose items are the recommendations) first, then news and analysis (the evidence)."""
        rng, size = self.rng, self.size
        per_source = PARAGRAPHS_PER_SOURCE - 1  # the first paragraph is the title
        reports = max(1, min(size.sources, math.ceil(size.recommendations / per_source)))
        # Where the sources cannot give each recommendation a paragraph, paragraphs hold several (by sentence).
        per_paragraph = max(1, math.ceil(size.recommendations / (reports * per_source)))
        sources, blocks, self.specs = [], [], []
        for index in range(size.sources):
            is_report = index < reports
            published = self.start + timedelta(days=rng.randint(0, (SPAN - timedelta(days=30)).days))
            if is_report:
                title, publisher = text.report_title(rng), rng.choice(text.PUBLISHERS)
            else:
                title, publisher = text.news_title(rng, RUSSIA_IN_PASSAGES), rng.choice(text.NEWS_PUBLISHERS)
            paragraphs = [(Paragraph.Kind.HEADING, title, "", 1)]
            for number in range(2, PARAGRAPHS_PER_SOURCE + 1):
                taken = len(self.specs)
                if is_report and taken < size.recommendations:
                    count = min(per_paragraph, size.recommendations - taken)
                    items = [text.recommendation(rng, RUSSIA_IN_RECOMMENDATIONS) for _ in range(count)]
                    sentences = [sentence for _, sentence, _ in items]
                    if rng.random() < 0.4:
                        sentences.append(text.context_sentence(rng))
                    label = f"{number - 1}."
                    paragraphs.append((Paragraph.Kind.ITEM, " ".join(sentences), label, 1))
                    for sentence_index, (actor, sentence, item_title) in enumerate(items):
                        self.specs.append((index, number, sentence_index, actor, sentence, item_title, label))
                else:
                    paragraphs.append((Paragraph.Kind.TEXT, text.news_paragraph(rng, RUSSIA_IN_PASSAGES), "", 0))
            body = "\n\n".join(paragraph_text for _, paragraph_text, _, _ in paragraphs)
            sources.append(
                Source(
                    team=self.team,
                    title=title,
                    publisher=publisher,
                    published_on=published.date(),
                    url="" if is_report else f"https://news.example.org/{self.team.slug}/{index + 1}",
                    format=Source.Format.TEXT,
                    text=body,
                    checksum=hashlib.sha256(body.encode("utf-8")).hexdigest(),
                    created_by=rng.choice(self.editors),
                )
            )
            blocks.append(paragraphs)
        self.sources = Source.objects.bulk_create(sources, batch_size=BATCH_SIZE)
        # Each source arrived the day after it was published.
        for source in self.sources:
            source.created_at = self._moment(source.published_on) + timedelta(days=1)
        Source.objects.bulk_update(self.sources, ["created_at"], batch_size=500)
        rows = [
            Paragraph(source=source, number=number, kind=kind, text=body, marker=marker, level=level)
            for source, paragraphs in zip(self.sources, blocks, strict=True)
            for number, (kind, body, marker, level) in enumerate(paragraphs, start=1)
        ]
        created = Paragraph.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.paragraphs = {(paragraph.source_id, paragraph.number): paragraph for paragraph in created}
        report_ids = {source.pk for source in self.sources[:reports]}
        news = [p for p in created if p.kind == Paragraph.Kind.TEXT and p.source_id not in report_ids]
        # Evidence comes from news and analysis; with none, from any passage that is not a title.
        self.passages = news or [p for p in created if p.kind != Paragraph.Kind.HEADING]
        self.reports = self.sources[:reports]
        self.log(f"{len(self.sources)} sources ({reports} reports), {len(created)} paragraphs")

    def _moment(self, day):
        """A moment on that day, at office hours."""
        moment = timezone.make_aware(datetime.combine(day, time.min))
        return moment + timedelta(hours=self.rng.randint(8, 18), minutes=self.rng.randint(0, 59))

    def _recommendations(self):
        rng, now = self.rng, self.now
        stale_after = now - stale_cutoff(now)
        heavy_index = len(self.specs) // 2
        recommendations, plans = [], []
        for index, (source_index, number, sentence_index, actor, sentence, title, label) in enumerate(self.specs):
            source = self.sources[source_index]
            heavy = index == heavy_index
            created_at = self._moment(source.published_on) + timedelta(days=rng.randint(1, 20))
            created_at = min(created_at, now - timedelta(hours=1))
            plan = self._plan(created_at, heavy)
            status = plan["history"][-1][1]
            last_activity = max([created_at] + [moment for moment in plan["activity"]])
            edited = rng.random() < 0.6
            owner = rng.choice(self.editors) if edited else None
            due_on = None
            if edited and rng.random() < 0.6:
                due_on = (created_at + timedelta(days=rng.randint(30, 700))).date()
            is_open = status in OPEN_STATUSES
            recommendations.append(
                Recommendation(
                    team=self.team,
                    source=source,
                    paragraph=self.paragraphs[(source.pk, number)],
                    sentence=sentence_index,
                    text=sentence,
                    title=title,
                    label=f"Recommendation {label.rstrip('.')}",
                    response="The government accepts this recommendation in part." if rng.random() < 0.1 else "",
                    actor=actor,
                    status=status,
                    priority=rng.choice(Priority.values),
                    owner=owner,
                    due_on=due_on,
                    created_at=created_at,
                    # One version per status change after the first row, and one for the details, if edited.
                    version=len(plan["history"]) + (1 if edited else 0),
                    last_activity_at=last_activity,
                    stale_since=(
                        min(now, last_activity + stale_after) if is_open and last_activity < stale_cutoff(now) else None
                    ),
                )
            )
            plans.append(plan)
        self.recommendations = Recommendation.objects.bulk_create(recommendations, batch_size=BATCH_SIZE)
        self.heavy_id = self.recommendations[heavy_index].pk if self.recommendations else None
        self.log(f"{len(self.recommendations)} recommendations")
        self._children(plans)

    def _plan(self, created_at, heavy):
        """A recommendation's history, comments and evidence, each at its moment after its creation."""
        rng, size, now = self.rng, self.size, self.now
        final = _weighted(rng, STATUS_WEIGHTS)
        path = list(PATHS[final])
        if heavy:
            path = [Status.NEW, Status.UNDER_REVIEW, Status.IN_PROGRESS, Status.STALLED, Status.IN_PROGRESS]
        elif len(path) >= 4 and path[-2] == Status.IN_PROGRESS and rng.random() < DETOUR_SHARE:
            # Work stalled once and resumed before the last step.
            path[-1:-1] = [Status.STALLED, Status.IN_PROGRESS]
        moments = [created_at] + _times(rng, created_at, now, len(path) - 1)
        history = [
            (path[i - 1] if i else "", status, moment, rng.choice(self.editors))
            for i, (status, moment) in enumerate(zip(path, moments, strict=True))
        ]
        comment_count = HEAVY_COMMENTS if heavy else _around(rng, size.comments)
        comments = []
        for moment in _times(rng, created_at, now, comment_count):
            author = rng.choice(self.editors) if rng.random() < 0.7 else rng.choice(self.users)
            mention = rng.choice(self.editors) if rng.random() < 0.1 else None
            comments.append((moment, author, mention))
        evidence_count = min(len(self.passages), HEAVY_EVIDENCE if heavy else _around(rng, size.evidence, low=1))
        evidence = []
        for paragraph, moment in zip(
            rng.sample(self.passages, evidence_count), _times(rng, created_at, now, evidence_count), strict=True
        ):
            state = _weighted(rng, EVIDENCE_STATES)
            # Half the confirmed evidence was added by a person; the rest, and all else, began as a suggestion.
            by_person = state == Evidence.State.CONFIRMED and rng.random() < 0.5
            reviewed_at = None
            if state != Evidence.State.SUGGESTED and not by_person:
                reviewed_at = min(now, moment + timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 23)))
            evidence.append(
                {
                    "paragraph": paragraph,
                    "state": state,
                    "stance": Stance.CONTEXT if state == Evidence.State.SUGGESTED else _weighted(rng, STANCES),
                    "score": None if by_person else round(rng.uniform(0.03, 1.0), 3),
                    "created_at": moment,
                    "added_by": rng.choice(self.editors) if by_person else None,
                    "reviewed_at": reviewed_at,
                    "reviewed_by": rng.choice(self.editors) if reviewed_at else None,
                }
            )
        # What counts as activity: history, comments, evidence added by a person and every review.
        activity = [moment for _, _, moment, _ in history] + [moment for moment, _, _ in comments]
        activity += [
            row["reviewed_at"] or row["created_at"] for row in evidence if row["added_by"] or row["reviewed_at"]
        ]
        themes = rng.sample(self.themes, rng.choice([0, 1, 1, 2]))
        return {"history": history, "comments": comments, "evidence": evidence, "activity": activity, "themes": themes}

    def _children(self, plans):
        rng = self.rng
        changes, comments, mentions, evidence, themes = [], [], [], [], []
        Through = Recommendation.themes.through
        for recommendation, plan in zip(self.recommendations, plans, strict=True):
            for from_status, to_status, moment, by in plan["history"]:
                changes.append(
                    StatusChange(
                        recommendation=recommendation,
                        from_status=from_status,
                        to_status=to_status,
                        changed_by=by,
                        changed_at=moment,
                        note="" if from_status or rng.random() < 0.5 else "Accepted from the document's review.",
                    )
                )
            for moment, author, mention in plan["comments"]:
                body = text.comment(rng, RUSSIA_IN_COMMENTS, mention=mention.username if mention else None)
                comments.append(Comment(recommendation=recommendation, author=author, body=body, created_at=moment))
                mentions.append(mention)
            for row in plan["evidence"]:
                evidence.append(Evidence(recommendation=recommendation, **row))
            themes += [Through(recommendation_id=recommendation.pk, theme_id=theme.pk) for theme in plan["themes"]]
        StatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        comments = Comment.objects.bulk_create(comments, batch_size=BATCH_SIZE)
        Mention.objects.bulk_create(
            [
                Mention(comment=comment, user=user, created_at=comment.created_at)
                for comment, user in zip(comments, mentions, strict=True)
                if user
            ],
            batch_size=BATCH_SIZE,
        )
        Evidence.objects.bulk_create(evidence, batch_size=BATCH_SIZE)
        Through.objects.bulk_create(themes, batch_size=BATCH_SIZE)
        # updated_at is set on every save: make it the moment of the item's last status change, as the services
        # would have left it (comments and evidence count as activity, not as changes of the item).
        last_change = (
            StatusChange.objects.filter(recommendation=OuterRef("pk"))
            .order_by()
            .values("recommendation")
            .annotate(last=Max("changed_at"))
            .values("last")
        )
        Recommendation.objects.filter(team=self.team).update(updated_at=Subquery(last_change))
        self.log(f"{len(changes)} status changes, {len(comments)} comments, {len(evidence)} evidence")

    def _jobs(self):
        """The ingest job that brought each report, long finished."""
        rng = self.rng
        jobs = Job.objects.bulk_create(
            [
                Job(
                    kind=Job.Kind.INGEST,
                    team=self.team,
                    started_by=rng.choice(self.editors),
                    state=Job.State.SUCCEEDED,
                    progress_done=1,
                    progress_total=1,
                    params={"title": source.title, "filename": f"{slugify(source.title)[:60]}.txt"},
                    result_summary=f"Stored “{source.title}” with {PARAGRAPHS_PER_SOURCE} paragraphs.",
                    source=source,
                    attempts=1,
                    created_at=source.created_at,
                    started_at=source.created_at,
                    finished_at=source.created_at + timedelta(seconds=rng.randint(5, 90)),
                    heartbeat_at=source.created_at,
                )
                for source in self.reports
            ],
            batch_size=BATCH_SIZE,
        )
        JobStateChange.objects.bulk_create(
            [
                JobStateChange(job=job, state=state, at=at)
                for job in jobs
                for state, at in (
                    (Job.State.QUEUED, job.created_at),
                    (Job.State.RUNNING, job.started_at),
                    (Job.State.SUCCEEDED, job.finished_at),
                )
            ],
            batch_size=BATCH_SIZE,
        )

    def _search_documents(self):
        if connection.vendor == "postgresql":
            # The expression refresh_search_vector writes for one item, in one UPDATE for all the team's items:
            # item by item, twenty thousand of them would take minutes.
            Recommendation.objects.filter(team=self.team).update(search_vector=search._document())
        else:
            for recommendation in self.recommendations:
                search.refresh_search_vector(recommendation.pk)
        self.log("search documents built")
