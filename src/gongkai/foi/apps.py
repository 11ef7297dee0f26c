from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # When the working-day calendar changes, every open reply clock is recomputed
        # and moved due dates are flagged to their handlers (docs/domain.md "Working days").
        from gongkai.core.calendar import register_calendar_listener
        from gongkai.foi.services import on_calendar_changed

        register_calendar_listener(on_calendar_changed)
