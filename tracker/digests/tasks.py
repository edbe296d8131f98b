import logging

from celery import shared_task

from . import delivery
from .weeks import Week

logger = logging.getLogger(__name__)

# The first retry comes after delivery.CLAIM_EXPIRES_AFTER, so it takes over a claim left by a lost worker.
RETRY_DELAYS = [15 * 60, 60 * 60, 4 * 60 * 60]


@shared_task(bind=True, max_retries=len(RETRY_DELAYS))
def send_weekly_digests(self, week=None):
    """Monday morning's run; deliveries that failed (SMTP errors), or were left half-done by a lost
    worker, are tried again later the same day."""
    week = Week.parse(week) if week else Week.previous()
    if not week.has_ended:
        # As the command: an unfinished week recorded as sent would never get its real digest.
        raise ValueError(f"{week.iso} has not ended yet; its digest is sent once it has.")
    report = delivery.send_weekly_digests(week=week)
    logger.info("%s", report)
    if (report.failed or report.being_sent) and self.request.retries < self.max_retries:
        # Only the unfinished ones go out on the retry: the others are recorded as sent.
        raise self.retry(args=[week.iso], countdown=RETRY_DELAYS[self.request.retries])
    return report.as_dict()
