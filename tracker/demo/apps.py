from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data at scale (manage.py generate_demo_data), for trying Tracker out and for bench/pages.py."""

    name = "tracker.demo"
    verbose_name = "Demo data"
