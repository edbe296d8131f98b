"""Email backends that misbehave on purpose, for the delivery tests."""

import smtplib

from django.core.mail.backends.smtp import EmailBackend


class CrashAfterFirstMessage(EmailBackend):
    """The process dies right after the SMTP server accepted the first message."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        raise RuntimeError(f"worker lost after sending {sent} message(s)")


class CrashBeforeSending(EmailBackend):
    """The process dies after the delivery was claimed, before the message reached the SMTP server."""

    def send_messages(self, email_messages):
        raise RuntimeError("worker lost before sending")


class RefuseBobOnce(EmailBackend):
    """Bob's mailbox is busy on the first try only (a temporary 4xx reply)."""

    refused = False

    def send_messages(self, email_messages):
        if not RefuseBobOnce.refused and any("bob@example.org" in m.to for m in email_messages):
            RefuseBobOnce.refused = True
            raise smtplib.SMTPRecipientsRefused({"bob@example.org": (450, b"Mailbox busy, try again later")})
        return super().send_messages(email_messages)
