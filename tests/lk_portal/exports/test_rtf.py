from lk_portal.exports.rtf import render_rtf
from tests.support.exports import export_table, rtf_text


def test_rtf_is_balanced_ascii_with_russian_text_and_one_row_per_line():
    content = render_rtf(export_table()).decode("ascii")
    assert content.startswith("{\\rtf1") and content.rstrip().endswith("}")
    assert content.count("{") == content.count("}")
    text = rtf_text(content)
    for expected in ["=Заголовок", "Абонент: -ООО", "Период: 2015 (записей: 2)", "17.04.2015", "-5,00", "7 220,27"]:
        assert expected in text
    assert content.count("\\row") == 1 + 1 + 2 + 1  # header, group, 2 rows, totals
    assert content.count("\\clmgf") == 2  # group and totals labels span the columns before the sum
