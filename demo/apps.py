from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top layer: demo seeding (``seed_demo``), the demo runner (``run_demo``) and ``bench``. No models."""

    name = "demo"
