from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "标准目录"

    def ready(self) -> None:
        # Explicit wiring of the obligations layer (no signals): publishing a catalog
        # version generates/cancels obligations, and a calendar change recomputes the
        # due dates of open obligations.
        from gongkai.catalog import obligations, services
        from gongkai.core.calendar import register_calendar_listener

        if obligations.obligations_on_catalog_published not in services.PUBLISH_HOOKS:
            services.PUBLISH_HOOKS.append(obligations.obligations_on_catalog_published)
        register_calendar_listener(obligations.obligations_on_calendar_changed)
