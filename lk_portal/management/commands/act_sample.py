"""python manage.py act_sample [--out PATH] — the demo abonent's own act in 1С's layout (docs/samples/).

Run after `load_demo`: it reads the demo's rows of contract «05 Т» for the first half of 2015 and writes
them as the abonent's 1С prints «Акт сверки взаимных расчетов», with the three differences listed in
lk_portal/services/demo/act_sample.py.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lk_portal.models import Contract
from lk_portal.services.demo.act_sample import SAMPLE_CONTRACT, SAMPLE_NAME, demo_act_sample


class Command(BaseCommand):
    help = "Пример акта сверки демо-абонента в формате 1С:Бухгалтерии (docs/samples/)"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "samples" / SAMPLE_NAME))

    def handle(self, *args, out, **options):
        contract = Contract.objects.filter(number=SAMPLE_CONTRACT).select_related("abonent").first()
        if contract is None:
            raise CommandError(f"нет договора «{SAMPLE_CONTRACT}»: сначала загрузите демо-данные (manage.py load_demo)")
        Path(out).write_bytes(demo_act_sample(contract=contract))
        self.stdout.write(f"Записан {out}")
