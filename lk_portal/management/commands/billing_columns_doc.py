"""python manage.py billing_columns_doc [--check] — the column table of docs/billing-exchange.md from the declaration.

The table under «## Columns» is written from lk_portal/exchange/kinds.py; `--check` only says
whether it is up to date (a test runs it).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lk_portal.exchange.kinds import column_table

DOC = Path(settings.BASE_DIR) / "docs" / "billing-exchange.md"
HEADING = "## Columns"


def with_column_table(text: str, table: str) -> str:
    """The document with the first table under its «Columns» heading replaced."""
    lines = text.splitlines(keepends=True)
    heading = next((i for i, line in enumerate(lines) if line.startswith(HEADING)), None)
    if heading is None:
        raise CommandError(f"в документе нет раздела «{HEADING}»")
    start = heading + 1
    while start < len(lines) and not lines[start].startswith(("|", "#")):
        start += 1
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "".join([*lines[:start], table, *lines[end:]])


class Command(BaseCommand):
    help = (
        "Записать таблицу столбцов docs/billing-exchange.md по объявлению видов файлов (lk_portal/exchange/kinds.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="только проверить, что таблица совпадает")
        parser.add_argument("--path", type=Path, default=DOC, help="файл документа (по умолчанию %(default)s)")

    def handle(self, *args, check=False, path=DOC, **options):
        text = path.read_text(encoding="utf-8")
        updated = with_column_table(text, column_table())
        if updated == text:
            self.stdout.write(f"{path}: таблица столбцов совпадает с объявлением")
        elif check:
            raise CommandError(
                f"{path}: таблица столбцов отстала от объявления; запустите manage.py billing_columns_doc"
            )
        else:
            path.write_text(updated, encoding="utf-8")
            self.stdout.write(f"{path}: таблица столбцов записана")
