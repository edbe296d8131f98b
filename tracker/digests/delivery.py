"""Delivering digests: who gets one, and sending each user's digest exactly once per week."""

import contextlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F, Q
from django.utils import timezone

from .content import build_digest
from .emails import digest_message
from .models import DigestDelivery, DigestPreference
from .weeks import Week

logger = logging.getLogger(__name__)


# What send_digest did for one user.
SENT = "sent"
FAILED = "failed"
NOTHING_TO_SAY = "nothing to say"
UNSUBSCRIBED = "unsubscribed"
ALREADY_SENT = "already sent"
BEING_SENT = "being sent"
REFUSED = "refused"
REFUSED_BEFORE = "refused earlier"
GAVE_UP = "given up"

# A temporary failure is tried again by later runs (the weekly task's retries, or an operator's rerun)
# until the delivery has had this many attempts; then it stays failed, for a person to look at.
MAX_ATTEMPTS = 5
# A delivery in these states may still be claimed by a run; "sent" and "refused" never are.
CLAIMABLE = [DigestDelivery.State.PENDING, DigestDelivery.State.SKIPPED]
# Sending one message takes seconds (EMAIL_TIMEOUT caps each step); a "sending" claim older than
# this was left by a run that died, and the next run takes it over. The weekly task's first retry
# comes later than this, so a worker lost mid-run still delivers the same morning.
CLAIM_EXPIRES_AFTER = timedelta(minutes=10)


def _claimable(now):
    return (
        Q(state__in=CLAIMABLE)
        | Q(state=DigestDelivery.State.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(state=DigestDelivery.State.SENDING, updated_at__lt=now - CLAIM_EXPIRES_AFTER)
    )


def refusal(error):
    """The SMTP reply code when the server refused the message for good (5xx), else None.

    A 4xx reply (mailbox busy, greylisting) or a lost connection is temporary and worth another try;
    a 5xx reply (no such mailbox, message rejected) will be the same next time.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
    else:
        codes = [getattr(error, "smtp_code", None)]
    codes = [code for code in codes if isinstance(code, int)]
    return min(codes) if codes and all(500 <= code < 600 for code in codes) else None


def describe(error):
    """An SMTP error in words an operator can act on."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(
            f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for code, reply in error.recipients.values()
        )
    elif isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        replies = f"{error.smtp_code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
    else:
        replies = str(error) or type(error).__name__
    if refusal(error):
        return f"The mail server refused this digest for good ({replies}). It is not tried again; check the address."
    return f"The mail server could not take this digest now ({replies}). It is tried again, up to {MAX_ATTEMPTS} times."


class UnknownUser(Exception):
    pass


def frequency_of(user):
    try:
        return user.digest_preference.frequency
    except DigestPreference.DoesNotExist:
        return DigestPreference.Frequency.WEEKLY


def set_frequency(user, frequency):
    DigestPreference.objects.update_or_create(user=user, defaults={"frequency": frequency})
    # Forget a preference loaded earlier on this user object so the next read sees the new one.
    user._state.fields_cache.pop("digest_preference", None)


def _record_skip(user, week, reason):
    delivery, _ = DigestDelivery.objects.get_or_create(user=user, week=week.iso)
    DigestDelivery.objects.filter(_claimable(timezone.now()), pk=delivery.pk).update(
        state=DigestDelivery.State.SKIPPED, skip_reason=reason, updated_at=timezone.now()
    )


def send_digest(user, week, *, connection=None, dry_run=False, cache=None):
    """Send one user's digest for the week unless it went out already; returns what happened.

    The delivery row is claimed ("sending") with a conditional update before the message
    leaves, and only the run whose update changed exactly one row sends: two runs at once
    never send the same week twice. It is marked "sent" once the SMTP server accepted the
    message. A temporary SMTP error marks it "failed", and later runs try again up to
    MAX_ATTEMPTS; a permanent refusal (5xx) marks it "refused", and no run tries it again.

    A run that dies between its claim and that mark leaves the row "sending"; a run after
    CLAIM_EXPIRES_AFTER sends it again. The user then gets the digest late rather than never;
    they get it twice only if the run died in the moment after the server accepted the message.
    """
    existing = DigestDelivery.objects.filter(user=user, week=week.iso).first()
    if existing and existing.state == DigestDelivery.State.SENT:
        return ALREADY_SENT
    if existing and existing.state == DigestDelivery.State.REFUSED:
        return REFUSED_BEFORE
    if existing and existing.state == DigestDelivery.State.FAILED and existing.attempts >= MAX_ATTEMPTS:
        return GAVE_UP
    if frequency_of(user) == DigestPreference.Frequency.OFF:
        if not dry_run:
            _record_skip(user, week, UNSUBSCRIBED)
        return UNSUBSCRIBED
    digest = build_digest(user, week, cache=cache)
    if digest.is_empty:
        if not dry_run:
            _record_skip(user, week, NOTHING_TO_SAY)
        return NOTHING_TO_SAY
    if dry_run:
        return SENT
    # Rendered before the claim: a template error leaves the delivery claimable.
    message = digest_message(digest, connection=connection)

    delivery, _ = DigestDelivery.objects.get_or_create(user=user, week=week.iso)
    now = timezone.now()
    claimed = DigestDelivery.objects.filter(_claimable(now), pk=delivery.pk).update(
        state=DigestDelivery.State.SENDING,
        sent_at=None,
        attempts=F("attempts") + 1,
        last_error="",
        skip_reason="",
        updated_at=now,
    )
    if claimed != 1:
        state = DigestDelivery.objects.filter(pk=delivery.pk).values_list("state", flat=True).first()
        return ALREADY_SENT if state == DigestDelivery.State.SENT else BEING_SENT
    try:
        if connection is not None:
            # Opened once and kept for the next users of the run (a no-op when already open).
            connection.open()
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Digest %s for %s failed: %s", week.iso, user.email, error)
        refused = refusal(error) is not None
        DigestDelivery.objects.filter(pk=delivery.pk).update(
            state=DigestDelivery.State.REFUSED if refused else DigestDelivery.State.FAILED,
            last_error=describe(error)[:2000],
            updated_at=timezone.now(),
        )
        if connection is not None:
            # Start the next message on a fresh connection, whatever state this one is in.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()
        return REFUSED if refused else FAILED
    sent_at = timezone.now()
    DigestDelivery.objects.filter(pk=delivery.pk).update(
        state=DigestDelivery.State.SENT, sent_at=sent_at, updated_at=sent_at
    )
    return SENT


@dataclass
class RunReport:
    week: Week
    dry_run: bool = False
    sent: int = 0
    nothing_to_say: int = 0
    unsubscribed: int = 0
    already_sent: int = 0
    being_sent: int = 0
    refused_before: int = 0
    given_up: int = 0
    failed: int = 0
    refused: int = 0
    # Who this run could not send to (failed or refused), for the operator.
    failed_emails: list = field(default_factory=list)

    @property
    def skipped(self):
        return self.nothing_to_say + self.unsubscribed + self.already_sent + self.refused_before + self.given_up

    def count(self, user, outcome):
        if outcome == SENT:
            self.sent += 1
        elif outcome == NOTHING_TO_SAY:
            self.nothing_to_say += 1
        elif outcome == UNSUBSCRIBED:
            self.unsubscribed += 1
        elif outcome == ALREADY_SENT:
            self.already_sent += 1
        elif outcome == BEING_SENT:
            self.being_sent += 1
        elif outcome == REFUSED_BEFORE:
            self.refused_before += 1
        elif outcome == GAVE_UP:
            self.given_up += 1
        elif outcome == REFUSED:
            self.refused += 1
            self.failed_emails.append(user.email)
        else:
            self.failed += 1
            self.failed_emails.append(user.email)

    def as_dict(self):
        return {
            "week": self.week.iso,
            "dry_run": self.dry_run,
            "sent": self.sent,
            "skipped": {
                "nothing_to_say": self.nothing_to_say,
                "unsubscribed": self.unsubscribed,
                "already_sent": self.already_sent,
                "refused_earlier": self.refused_before,
                "given_up": self.given_up,
            },
            "being_sent": self.being_sent,
            "failed": self.failed,
            "refused": self.refused,
        }

    def __str__(self):
        """'Digests for 2026-W47 (16–22 Nov 2026): 3 sent, 1 skipped (1 nothing to say), 0 failed.'"""
        reasons = [
            (self.nothing_to_say, "nothing to say"),
            (self.unsubscribed, "unsubscribed"),
            (self.already_sent, "already sent"),
            (self.refused_before, "refused by the mail server earlier"),
            (self.given_up, f"given up after {MAX_ATTEMPTS} attempts"),
        ]
        why = ", ".join(f"{n} {reason}" for n, reason in reasons if n)
        parts = [
            f"{self.sent} {'would be sent' if self.dry_run else 'sent'}",
            f"{self.skipped} skipped" + (f" ({why})" if why else ""),
        ]
        if self.being_sent:
            minutes = int(CLAIM_EXPIRES_AFTER.total_seconds() // 60)
            parts.append(
                f"{self.being_sent} being sent by another run (taken over {minutes} minutes after its claim "
                "if that run stopped)"
            )
        parts.append(f"{self.failed} failed")
        if self.refused:
            parts.append(f"{self.refused} refused by the mail server")
        return f"Digests for {self.week.iso} ({self.week.label}): {', '.join(parts)}."


def recipients(user_email=None):
    """Active team members with an email address, with their preference loaded."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .select_related("digest_preference")
        .distinct()
        .order_by("pk")
    )
    if user_email:
        users = users.filter(email__iexact=user_email.strip())
        if not users:
            raise UnknownUser(f"No active team member has the email address “{user_email}”.")
    return users


def send_weekly_digests(week=None, dry_run=False, user_email=None):
    """Send the week's digest (by default the last complete week) to everyone who should get it."""
    week = week or Week.previous()
    report = RunReport(week=week, dry_run=dry_run)
    connection = None if dry_run else mail.get_connection()
    # Each team's week is read once and shared by the digests of all its members.
    cache = {}
    try:
        for user in recipients(user_email):
            report.count(user, send_digest(user, week, connection=connection, dry_run=dry_run, cache=cache))
    finally:
        if connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()
    return report
