from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tracker.jobs"

    def ready(self):
        # New recommendations that people track get their evidence suggested in the background (see tracker.hooks).
        from tracker.recommendations import hooks as recommendation_hooks

        from . import queue

        recommendation_hooks.tracked.register(queue.suggest_for_tracked)
