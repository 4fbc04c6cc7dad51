from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core.versioned_cache import request_versions_end, request_versions_start

        request_started.connect(request_versions_start, dispatch_uid="core_request_versions_start")
        request_finished.connect(request_versions_end, dispatch_uid="core_request_versions_end")
