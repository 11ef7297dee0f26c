from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "信息发布"

    def ready(self) -> None:
        from gongkai.core.calendar import register_calendar_listener
        from gongkai.publishing import selectors, services
        from gongkai.search.registry import SearchSource, register_source

        # Published, non-revoked documents are searchable (public text only).
        register_source(
            SearchSource(
                kind="document",
                iter_records=selectors.published_document_records,
                get_record=selectors.search_record_for,
            )
        )
        # 解读期限 come from the working-day calendar: recompute them when it changes.
        register_calendar_listener(services.interpretation_dues_recompute)
