import importlib

from django.db import migrations

# Issue 14, item 8 (the nightly delta import): the same triggers as 0007's and 0018's, cheaper per
# statement and per row. PostgreSQL only: SQLite's row triggers are untouched.
#
# The payment summary after an UPDATE: one INSERT … ON CONFLICT of each key's net change (the new
# rows counted in, the old ones out; a key whose count and amount stay is not written), instead of
# an UPDATE of the old rows' keys, an INSERT of the new rows' and a DELETE over the old rows' keys.
# Of the rows it wrote, those left without payments are deleted by id.
# The `updated_at` touch: its function is called only when the writer left `updated_at` as it was
# (the trigger's WHEN, evaluated without a call); a writer that sets it itself (the import's UPDATE)
# costs no call per row.
SUMMARY = importlib.import_module("lk_portal.migrations.0007_payment_summary")
API = importlib.import_module("lk_portal.migrations.0018_api")
KEY = SUMMARY.KEY

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION lk_payment_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    emptied bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {SUMMARY.SUMMARY} AS s ({KEY}, row_count, amount)
        SELECT {KEY}, count(*), sum(amount) FROM lk_new GROUP BY {KEY}
        ON CONFLICT ({KEY}) DO UPDATE SET row_count = s.row_count + excluded.row_count,
                                          amount = s.amount + excluded.amount;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        WITH moved AS (
            INSERT INTO {SUMMARY.SUMMARY} AS s ({KEY}, row_count, amount)
            SELECT {KEY}, sum(n), sum(a) FROM (
                SELECT {KEY}, 1 AS n, amount AS a FROM lk_new
                UNION ALL SELECT {KEY}, -1, -amount FROM lk_old
            ) AS d GROUP BY {KEY} HAVING sum(n) <> 0 OR sum(a) <> 0
            ON CONFLICT ({KEY}) DO UPDATE SET row_count = s.row_count + excluded.row_count,
                                              amount = s.amount + excluded.amount
            RETURNING s.id, s.row_count
        )
        SELECT array_agg(id) INTO emptied FROM moved WHERE row_count <= 0;
    ELSE
        WITH moved AS (
            UPDATE {SUMMARY.SUMMARY} AS s SET row_count = s.row_count - o.row_count, amount = s.amount - o.amount
              FROM (SELECT {KEY}, count(*) AS row_count, sum(amount) AS amount FROM lk_old GROUP BY {KEY}) AS o
             WHERE {SUMMARY.MATCH}
            RETURNING s.id, s.row_count
        )
        SELECT array_agg(id) INTO emptied FROM moved WHERE row_count <= 0;
    END IF;
    IF emptied IS NOT NULL THEN
        DELETE FROM {SUMMARY.SUMMARY} WHERE id = ANY(emptied);
    END IF;
    RETURN NULL;
END
$$
"""
TOUCH_WHEN = "WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) "


def _touch_triggers(schema_editor, when: str) -> None:
    for _name, table, *_ in API.SYNCED:
        short = API._short(table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS lk_touch_{short} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER lk_touch_{short} BEFORE UPDATE ON {table} FOR EACH ROW {when}"
            "EXECUTE FUNCTION lk_touch_updated_at()"
        )


def cheaper(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        _touch_triggers(schema_editor, TOUCH_WHEN)


def as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SUMMARY.PG_FUNCTION)
        _touch_triggers(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("lk_portal", "0020_request_sync_index"),
    ]

    operations = [
        migrations.RunPython(cheaper, as_before),
    ]
