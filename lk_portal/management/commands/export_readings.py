"""Write the readings not yet sent to billing into LK_EXPORT_DIR (as the nightly job does)."""

from django.core.management.base import BaseCommand, CommandError

from lk_portal.services.readings_export import readings_export


class Command(BaseCommand):
    help = "Выгрузить в биллинг показания, которые еще не выгружались (файл readings_ГГГГ-ММ-ДД.csv в LK_EXPORT_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Папка выгрузки (по умолчанию LK_EXPORT_DIR)")

    def handle(self, *args, **options):
        try:
            exported = readings_export(directory=options["dir"])
        except OSError as error:
            raise CommandError(
                f"Файл выгрузки не записан, показания остались невыгруженными: {error.strerror or error} "
                f"({error.filename or 'LK_EXPORT_DIR'})"
            ) from error
        if exported is None:
            self.stdout.write("Новых показаний для выгрузки нет; файл не создан.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Выгружено показаний: {exported.count}, файл {exported.path}"))
