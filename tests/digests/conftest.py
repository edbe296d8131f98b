"""Digest fixtures: a real SMTP server on 127.0.0.1 and a week of activity in Alice's team."""

import email
import email.policy
import socket
from datetime import timedelta
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tracker.digests.weeks import Week
from tracker.evidence.models import Evidence, Stance
from tracker.recommendations.models import Comment, Mention, Recommendation, Status
from tracker.recommendations.services import change_status

SITE_URL = "https://tracker.example.org"


class RecordingHandler:
    """Keeps every message it accepts; refuses the recipients in `refuse` for good (550) and those in
    `defer` for now (451)."""

    def __init__(self):
        self.received = []
        self.refuse = set()
        self.defer = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.defer:
            return "451 4.3.2 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for recipients, message in self.received if address in recipients]

    @property
    def recipients(self):
        return sorted(address for recipients, _ in self.received for address in recipients)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server for this test, with Django switched to the SMTP backend pointing at it."""
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def activity(seeded, article, alice, bob, victor):
    """This week in Alice's team: a status change, evidence, comments (one mentions Alice), an item due soon."""
    first, second, third = Recommendation.objects.filter(team=seeded).order_by("pk")[:3]
    change_status(first.pk, Status.IN_PROGRESS, by=bob, note="The ministry asked for a plan by December.")
    passages = list(article.paragraphs.order_by("number")[:3])
    Evidence.objects.create(
        recommendation=first,
        paragraph=passages[0],
        stance=Stance.SUPPORTS,
        state=Evidence.State.CONFIRMED,
        added_by=bob,
    )
    for passage in passages[1:]:
        Evidence.objects.create(recommendation=second, paragraph=passage, state=Evidence.State.SUGGESTED, score=0.7)
    now = timezone.now()
    # The plain comment is the older one, so "mentions first" is not just the order they were written in.
    plain = Comment.objects.create(
        recommendation=second, author=victor, body="Background reading from the think tank.", created_at=now
    )
    mentioning = Comment.objects.create(
        recommendation=first,
        author=bob,
        body="@alice could you check the dates against the ministry's plan?",
        created_at=now + timedelta(seconds=1),
    )
    Mention.objects.create(comment=mentioning, user=alice)
    Recommendation.objects.filter(pk=third.pk).update(owner=alice, due_on=timezone.localdate() + timedelta(days=5))
    return {"first": first, "second": second, "third": third, "plain": plain, "mentioning": mentioning}


_real_now = timezone.now


@pytest.fixture
def ended(activity):
    """The week of the activity, seen from the next Monday morning, when its digest goes out; time goes on."""
    week = Week.current()
    monday_morning = week.end + timedelta(hours=7)
    started = _real_now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: monday_morning + (_real_now() - started)):
        yield week
