"""python manage.py import_billing PATH [PATH …] — import billing files, folders or .zip packages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lk_portal.models import ImportRun
from lk_portal.models.imports import ImportFileEntry
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.billing_lock import ImportBusy


class TqdmProgress:
    """A progress bar per file with rows/s, written to the command's stderr."""

    def __init__(self, stream, *, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.bar = None

    def file_started(self, name: str, kind: str, size: int) -> None:
        if self.enabled:
            self.bar = tqdm(desc=name, unit=" rows", unit_scale=True, file=self.stream, dynamic_ncols=True, leave=True)

    def rows_read(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def file_finished(self, result: ImportFileEntry) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Загрузить файлы биллинга (CSV, XLSX, папки или архивы ZIP) по формату billing-exchange.md."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="файлы, папки или архивы .zip; один запуск — один пакет")
        parser.add_argument("--no-progress", action="store_true", help="не показывать индикатор хода загрузки")
        parser.add_argument(
            "--dry-run", action="store_true", help="проверить и показать, что файлы сделали бы, ничего не записывая"
        )
        parser.add_argument(
            "--allow-mass-delete",
            action="store_true",
            help="подтвердить удаление большой доли таблицы или абонентов с учетными записями",
        )

    def handle(self, *args, paths, no_progress=False, dry_run=False, allow_mass_delete=False, **options):
        verbosity = options.get("verbosity", 1)
        progress = TqdmProgress(self.stderr._out, enabled=not no_progress and verbosity > 0)
        try:
            run = billing_package_import(
                paths=[Path(p) for p in paths],
                source=ImportRun.SOURCE_COMMAND,
                started_by_label="manage.py import_billing",
                progress=progress,
                allow_mass_delete=allow_mass_delete,
                dry_run=dry_run,
            )
        except ImportBusy as busy:
            raise CommandError(f"загрузка не начата: {busy}") from None
        for entry in run.file_entries:
            loaded = entry.status == ImportFileEntry.OK
            verdict = ("был бы загружен" if dry_run else "загружен") if loaded else "ОТКЛОНЕН"
            line = (
                f"{entry.name}: {verdict}; строк {entry.rows}, добавлено {entry.created}, "
                f"изменено {entry.updated}, удалено {entry.deleted}, без изменений {entry.unchanged}, "
                f"ошибок {entry.errors} ({entry.seconds:.1f} с)"
            )
            self.stdout.write(self.style.SUCCESS(line) if loaded else self.style.ERROR(line))
        for warning in run.warnings:
            self.stdout.write(self.style.WARNING(f"Предупреждение. {warning['text']}"))
        for error in run.errors:
            self.stderr.write(error["text"])
        if dry_run:
            self.stdout.write(
                f"Проверка без записи: {run.get_status_display()}, {run.duration_seconds:.1f} с; ничего не записано"
            )
        else:
            self.stdout.write(f"Загрузка № {run.pk}: {run.get_status_display()}, {run.duration_seconds:.1f} с")
        if run.status != ImportRun.OK:
            raise CommandError(
                "часть файлов отклонена; ничего из них не записано"
                if run.status == ImportRun.PARTIAL
                else "файлы отклонены; ничего не записано"
            )
