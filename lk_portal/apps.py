from django.apps import AppConfig


class LkPortalConfig(AppConfig):
    name = "lk_portal"
    verbose_name = "Личный кабинет: абоненты и биллинг"
