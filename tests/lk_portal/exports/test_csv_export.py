import csv
import io

from lk_portal.exports.csv_export import render_csv
from tests.support.exports import export_table


def read(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_numbers_excel_reads_dates_as_written_and_text_neutralised():
    rows = read(render_csv(export_table()))
    assert rows[:3] == [["'=Заголовок"], ["Абонент: -ООО"], ["Отбор: без отбора"]]
    assert rows[4] == ["Текст", "Дата", "Период", "Сумма"]
    assert rows[5] == ["Период: 2015 (записей: 2)", "", "", "7215,27"]
    # a negative amount is not neutralised; a period stays text in a Russian locale (exports/office.py)
    assert rows[6] == ["'-1 формула?", "17.04.2015", "Апрель 2015 г.", "-5,00"]
    assert rows[7] == ["Аванс", "", "Март 2015 г.", "7220,27"]
    assert rows[8] == ["Итого (записей: 2)", "", "", "7215,27"]


def test_lines_end_the_windows_way():
    assert render_csv(export_table()).count(b"\r\n") == 9
