from django.apps import AppConfig


class LkPortalConfig(AppConfig):
    name = "lk_portal"
    verbose_name = "Личный кабинет: абоненты и биллинг"

    def ready(self):
        from lk_portal.header_signals import header_connect_signals
        from lk_portal.services.journal import journal_connect_signals

        journal_connect_signals()
        header_connect_signals()
