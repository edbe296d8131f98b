from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "tracker.evidence"

    def ready(self):
        # Evidence shows on the pages of the apps below it, which do not import it (see tracker.hooks).
        from tracker.recommendations import hooks as recommendation_hooks
        from tracker.sources import hooks as source_hooks

        from . import panels, services

        recommendation_hooks.detail_panels.register(panels.evidence_panel_context)
        recommendation_hooks.list_annotations.register(panels.with_evidence_counts)
        recommendation_hooks.search_passages.register(panels.confirmed_passages)
        recommendation_hooks.activity_feeds.register(panels.evidence_activity)
        recommendation_hooks.dashboard_panels.register(panels.dashboard_evidence)
        recommendation_hooks.status_changed.register(services.refresh_disagreement)
        source_hooks.paragraph_prefetches.register(panels.citing_evidence)
        source_hooks.source_page_context.register(panels.link_form_context)
