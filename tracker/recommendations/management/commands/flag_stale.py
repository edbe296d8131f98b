from django.core.management.base import BaseCommand

from tracker.recommendations.services import flag_stale_recommendations


class Command(BaseCommand):
    help = "Flag open recommendations with no activity for STALE_AFTER_DAYS as stale (beat runs this daily)."

    def handle(self, *args, **options):
        flagged = flag_stale_recommendations()
        self.stdout.write(f"Flagged {flagged} recommendation{'' if flagged == 1 else 's'} as stale.")
