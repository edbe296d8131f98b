from django.conf import settings
from django.db import models


class DigestPreference(models.Model):
    """How often a user wants the digest; a user without a row gets it weekly."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        OFF = "off", "Off"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=["weekly", "off"]), name="digestpreference_frequency_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class DigestDelivery(models.Model):
    """One user's digest for one ISO week: the record that makes it go out at most once."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        # Claimed by a run that is sending it now; a claim left behind by a run that died is taken over later.
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        # A temporary failure (a 4xx reply, the server unreachable): tried again, up to delivery.MAX_ATTEMPTS.
        FAILED = "failed", "Failed"
        # The mail server refused the message for good (a 5xx reply, such as an unknown mailbox): not tried again.
        REFUSED = "refused", "Refused"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries")
    # The ISO week, as "2026-W47".
    week = models.CharField(max_length=8)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    skip_reason = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week", "user_id"]
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digestdelivery_unique_user_week"),
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "sending", "sent", "failed", "refused", "skipped"]),
                name="digestdelivery_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["week", "state"], name="digestdelivery_week_state_idx")]

    def __str__(self):
        return f"Digest {self.week} for {self.user}: {self.get_state_display()}"
