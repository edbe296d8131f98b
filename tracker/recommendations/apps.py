from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "tracker.recommendations"

    def ready(self):
        # A source's page lists the recommendations quoted from each paragraph (see tracker.hooks).
        from tracker.sources import hooks as source_hooks

        from .pages import quoting_recommendations
        from .review import source_page_context

        source_hooks.paragraph_prefetches.register(quoting_recommendations)
        source_hooks.source_page_context.register(source_page_context)
