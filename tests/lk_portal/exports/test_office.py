"""Our files as office programs read them (lk_portal/exports/office.py): the CSV period stays text in a
Russian-locale LibreOffice, the sheets print landscape fitted to the width with the header repeated,
and the grid's groups are outline levels. The LibreOffice tests are skipped where it is not installed
(`apt-get install libreoffice-calc-nogui`; .ci/run installs it)."""

import datetime
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from lk_portal.exports.csv_export import render_csv
from lk_portal.exports.office import OutlineLevels, csv_period
from lk_portal.exports.reconciliation import render_act_xlsx
from lk_portal.exports.table import ExportGroup
from lk_portal.exports.xlsx import render_xlsx
from tests.lk_portal.exports.test_reconciliation import act
from tests.support.exports import export_table

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def test_a_csv_period_is_the_month_and_year_in_words():
    assert csv_period("2014,10") == "Октябрь 2014 г."
    assert csv_period(datetime.date(2015, 4, 1)) == "Апрель 2015 г."
    assert csv_period(None) == csv_period("") == ""
    assert csv_period("Итого") == "Итого" and csv_period("2015,13") == "2015,13"  # not a period: as it is


def test_outline_levels_put_a_groups_rows_under_its_header():
    group = ExportGroup
    items = [group(0, "2015,03"), [1], group(1, "Аванс"), [2], [3], group(0, "2015,04"), [4], group(-1, "Итого")]
    outline = OutlineLevels()
    assert [outline.level(item) for item in items] == [0, 1, 1, 2, 2, 0, 1, 0]


def test_the_grids_xlsx_prints_landscape_fitted_with_the_header_repeated_frozen_and_groups_outlined():
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(export_table()))).active
    header = 5  # the title, two heading lines, an empty line, then the column titles
    assert sheet.cell(row=header, column=1).value == "Текст"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.sheet_properties.outlinePr.summaryBelow is False  # a group folds under its header line
    levels = [sheet.row_dimensions[row].outline_level for row in range(header + 1, header + 5)]
    assert levels == [0, 1, 1, 0]  # the group line, its two rows, «Итого»
    assert "&P" in sheet.oddFooter.center.text


def test_the_acts_xlsx_prints_landscape_with_both_header_rows_repeated():
    sheet = openpyxl.load_workbook(io.BytesIO(render_act_xlsx(act()))).active
    assert sheet.cell(row=5, column=3).value == "Дебет"
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$5" and sheet.freeze_panes == "A6"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A4:D4", "E4:H4"}  # «По данным …» over each side
    assert sheet["C5"].font.b and sheet["C5"].border.top.style == "thin"


def _soffice(tmp_path: Path, files: list[Path], to: str, infilter: str | None = None) -> Path:
    """Convert `files` with LibreOffice headless in a Russian locale; the output folder."""
    out = tmp_path / f"out-{to}"
    argv = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}"]
    if infilter:
        argv.append(f"--infilter={infilter}")
    argv += ["--convert-to", to, "--outdir", str(out), *map(str, files)]
    env = {**os.environ, "LC_ALL": "ru_RU.UTF-8", "LANG": "ru_RU.UTF-8", "HOME": str(tmp_path)}
    subprocess.run(argv, env=env, capture_output=True, timeout=300, check=True)
    return out


@needs_libreoffice
def test_libreoffice_in_a_russian_locale_keeps_the_csv_period_as_text(tmp_path):
    rows = [
        ["Аванс", datetime.date(2014, 10, 17), "2014,10", Decimal("7220.27")],
        ["Аванс", datetime.date(2015, 4, 17), "2015,04", Decimal("-5.00")],
    ]
    ours = tmp_path / "ours.csv"
    ours.write_bytes(render_csv(export_table(rows, groups=False)))
    # the guide's form, written as it was before: the control that the locale really reads «,» as decimals
    guide = tmp_path / "guide.csv"
    guide.write_bytes("\ufeffПериод;Сумма\r\n2014,10;7220,27\r\n".encode())
    # the CSV filter as a user's «Open» takes it: «;», UTF-8, the language of the locale
    out = _soffice(tmp_path, [ours, guide], "xlsx", infilter="CSV:59,34,76,1")

    control = openpyxl.load_workbook(out / "guide.xlsx").active
    assert control["A2"].value == pytest.approx(2014.1)  # what happened to «2014,10»

    sheet = openpyxl.load_workbook(out / "ours.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    header = values.index(("Текст", "Дата", "Период", "Сумма"))
    first, second = values[header + 1], values[header + 2]
    assert first == ("Аванс", datetime.datetime(2014, 10, 17), "Октябрь 2014 г.", pytest.approx(7220.27))
    assert second[2] == "Апрель 2015 г." and second[3] == pytest.approx(-5)
    assert sheet.cell(row=header + 2, column=3).data_type == "s"


@needs_libreoffice
def test_libreoffice_prints_the_xlsx_files_on_landscape_pages_with_every_column(tmp_path):
    grid = tmp_path / "grid.xlsx"
    grid.write_bytes(render_xlsx(export_table()))
    reconciliation = tmp_path / "act.xlsx"
    reconciliation.write_bytes(render_act_xlsx(act()))
    out = _soffice(tmp_path, [grid, reconciliation], "pdf")
    for name in ("grid", "act"):
        pages = PdfReader(out / f"{name}.pdf").pages
        box = pages[0].mediabox
        assert float(box.width) > float(box.height), name  # landscape
        assert len(pages) == 1, name  # fitted to the width: no column on a page of its own
    text = " ".join(PdfReader(out / "act.pdf").pages[0].extract_text().split())
    assert "Дата Документ Дебет Кредит" in text
