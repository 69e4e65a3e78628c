"""On PostgreSQL, the billing codes (external_id) of payments and documents compare bytewise (COLLATE "C").

A code is an identifier: only equality and a stable order matter, and a C-collated btree is built
and searched with memcmp instead of the locale's strcoll — the unique index of a million codes
builds twice as fast in the import (docs/decisions.md). SQLite compares bytes already. Django's
state does not record the collation (its `db_collation` would be emitted on SQLite too), so a
later AlterField of these columns must repeat it.
"""

from django.db import migrations

TABLES = {"lk_portal_payment": 64, "lk_portal_billingdocument": 64}


def _alter(schema_editor, collation: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, length in TABLES.items():
        schema_editor.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "external_id" TYPE varchar({length}) COLLATE {collation}'
        )


def forwards(apps, schema_editor):
    _alter(schema_editor, '"C"')


def backwards(apps, schema_editor):
    _alter(schema_editor, '"default"')


class Migration(migrations.Migration):
    dependencies = [("lk_portal", "0004_issue4_import_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
