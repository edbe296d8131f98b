from celery import shared_task

from . import services
from .weeks import Week

RETRY_DELAYS = [15 * 60, 60 * 60, 4 * 60 * 60]


@shared_task(bind=True, max_retries=len(RETRY_DELAYS))
def send_weekly_digests(self, week=None):
    """Monday morning's run; deliveries that failed (SMTP errors) are tried again later the same day."""
    week = Week.parse(week) if week else Week.previous()
    report = services.send_weekly_digests(week=week)
    if report.failed and self.request.retries < self.max_retries:
        # Only the failed ones go out on the retry: the others are recorded as sent.
        raise self.retry(args=[week.iso], countdown=RETRY_DELAYS[self.request.retries])
    return report.as_dict()
