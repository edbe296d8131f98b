from django.core.management.base import BaseCommand, CommandError

from tracker.digests import content, delivery
from tracker.digests.emails import render_digest
from tracker.digests.models import DigestDelivery
from tracker.digests.weeks import BadWeek, Week


class Command(BaseCommand):
    help = "Send the weekly digest emails (by default for the last complete week) and print the counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be sent; send and record nothing. With --user, also print that user's digest.",
        )
        parser.add_argument("--week", help="The ISO week to report on, as YYYY-Www (for example 2026-W47).")
        parser.add_argument("--user", metavar="EMAIL", help="Only this user's digest.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --dry-run, allow the current, unfinished week (to see what it would say so far).",
        )

    def handle(self, *args, dry_run=False, week=None, user=None, force=False, **options):
        try:
            chosen = Week.parse(week) if week is not None else None
        except BadWeek as error:
            raise CommandError(str(error)) from None
        if chosen and not chosen.has_ended:
            # Sending a week before it ends would record it as sent, and Monday's digest would then not go.
            if not (force and dry_run):
                raise CommandError(
                    f"{chosen.iso} ({chosen.label}) has not ended yet, so its digest cannot be sent: it would be "
                    "recorded as sent and Monday's run would skip it. Use --dry-run --force to see it so far."
                )
        try:
            report = delivery.send_weekly_digests(week=chosen, dry_run=dry_run, user_email=user)
        except delivery.UnknownUser as error:
            raise CommandError(str(error)) from None
        self.stdout.write(("Dry run: nothing was sent or recorded. " if dry_run else "") + str(report))
        if dry_run and user and report.sent:
            recipient = delivery.recipients(user).get()
            subject, text, _ = render_digest(content.build_digest(recipient, report.week))
            self.stdout.write(f"\nTo: {recipient.email}\nSubject: {subject}\n\n{text}")
        failures = DigestDelivery.objects.filter(
            week=report.week.iso,
            state__in=[DigestDelivery.State.FAILED, DigestDelivery.State.REFUSED],
            user__email__in=report.failed_emails,
        ).select_related("user")
        for failure in failures:
            self.stderr.write(f"{failure.get_state_display()}: {failure.user.email}: {failure.last_error}")
        if report.failed or report.refused:
            # A monitoring cron or an operator sees the run as failed, not just a line in its output.
            raise CommandError(
                f"{report.failed + report.refused} of the week's digests could not be sent (listed above)"
            )
