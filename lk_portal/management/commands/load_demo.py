import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lk_portal.services.demo import DEMO_LOGIN, DEMO_MEMBERS, DEMO_PASSWORD, STAFF_LOGIN, STAFF_PASSWORD, demo_load

# Wagtail logs every page it creates, edits and publishes at INFO: some fifty lines on a first load.
QUIET_LOGGERS = ("wagtail",)


@contextmanager
def _quiet(names=QUIET_LOGGERS, level=logging.WARNING):
    """The loggers' routine lines held back while the demo loads; their warnings and errors still show."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for logger, previous in zip(loggers, levels, strict=True):
            logger.setLevel(previous)


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (повторный запуск ничего не дублирует)."

    def add_arguments(self, parser):
        parser.add_argument("--abonents", type=int, default=50, help="сколько сгенерированных абонентов (50)")
        parser.add_argument("--years", type=int, default=4, help="сколько лет истории (4)")
        parser.add_argument(
            "--heavy-payments",
            type=int,
            default=0,
            help="добавить абонента с таким числом оплат (для замеров скорости)",
        )

    def handle(self, *args, abonents, years, heavy_payments, **options):
        if abonents < 0 or years < 1 or heavy_payments < 0:
            raise CommandError("--abonents и --heavy-payments не могут быть отрицательными, --years — не меньше 1.")
        started = time.monotonic()

        def progress(iterable):
            return tqdm(iterable, desc="Абоненты (пачки по 500)", unit="пачка", disable=abonents <= 500)

        with _quiet():
            report = demo_load(abonents=abonents, years=years, heavy_payments=heavy_payments, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Готово за {time.monotonic() - started:.1f} с: {report.summary()}."))
        self.stdout.write(f"Вход абонента: логин {DEMO_LOGIN}, пароль {DEMO_PASSWORD} — /lk/login/")
        for login, *_, role, _ in DEMO_MEMBERS:
            self.stdout.write(f"  {role.label}: логин {login}, пароль {DEMO_PASSWORD}")
        self.stdout.write(f"Вход сотрудника: логин {STAFF_LOGIN}, пароль {STAFF_PASSWORD} — /admin/")
