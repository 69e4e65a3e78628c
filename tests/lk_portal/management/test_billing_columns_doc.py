"""manage.py billing_columns_doc (lk_portal/management/commands/billing_columns_doc.py)."""

import io

import pytest
from django.core.management import CommandError, call_command

from lk_portal.exchange.kinds import column_table
from lk_portal.management.commands.billing_columns_doc import DOC, with_column_table

STALE = """# Billing exchange format

## Columns (* required; key in bold)
A note kept.

| file | columns |
| --- | --- |
| payments | external_id |

## Example
text
"""


def test_the_projects_docs_table_is_the_declarations():
    out = io.StringIO()
    call_command("billing_columns_doc", "--check", stdout=out)
    assert "совпадает" in out.getvalue() and column_table() in DOC.read_text(encoding="utf-8")


def test_a_stale_table_is_found_by_check_and_rewritten_in_place(tmp_path):
    doc = tmp_path / "billing-exchange.md"
    doc.write_text(STALE, encoding="utf-8")
    with pytest.raises(CommandError, match="отстала от объявления"):
        call_command("billing_columns_doc", "--check", "--path", str(doc), stdout=io.StringIO())
    call_command("billing_columns_doc", "--path", str(doc), stdout=io.StringIO())
    written = doc.read_text(encoding="utf-8")
    assert written == STALE.replace("| file | columns |\n| --- | --- |\n| payments | external_id |\n", column_table())
    assert with_column_table(written, column_table()) == written


def test_a_document_without_the_section_is_an_error():
    with pytest.raises(CommandError, match="нет раздела"):
        with_column_table("# Other\n", column_table())
