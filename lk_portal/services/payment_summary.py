"""The payment summary of a first load, added after its COPY instead of by its trigger (issue 14, item 8).

The summary (models.PaymentSummary) is kept by statement triggers on the payments table
(migrations 0007, 0021). After an INSERT or a COPY the trigger groups the statement's transition
table, which PostgreSQL fills with a copy of every row written: for the million rows of a first
load that copy costs the COPY more than one parallel GROUP BY of the table after it. A direct
load (billing_fast._load_directly: the table was empty, so its rows are the whole table) therefore
switches that trigger off for its COPY and adds the table's totals to the summary as the
trigger's INSERT … ON CONFLICT would have added them. Every other write keeps the trigger.
"""

from lk_portal.models import Payment, PaymentSummary

__all__ = ["add_whole_table", "kept_for", "switch_trigger_off"]

INSERT_TRIGGER = "lk_payment_summary_insert"  # migration 0007
KEY = "abonent_id, contract_id, kind"  # the summary's unique key (migration 0007's KEY)


def kept_for(model) -> bool:
    """Whether the model's table has the summary trigger (the fast path runs on PostgreSQL only)."""
    return model is Payment


def switch_trigger_off(cursor) -> None:
    """Until add_whole_table, in the same transaction, the table being locked by the load."""
    cursor.execute(f"ALTER TABLE {Payment._meta.db_table} DISABLE TRIGGER {INSERT_TRIGGER}")


def add_whole_table(cursor) -> None:
    """Add every payment's row and amount to the summary, as the trigger adds a statement's; the trigger on again.

    The totals are grouped by the table's parallel workers into a temporary table first (PostgreSQL
    runs an INSERT … SELECT on one core).
    """
    payments, summary = Payment._meta.db_table, PaymentSummary._meta.db_table
    cursor.execute(f"ALTER TABLE {payments} ENABLE TRIGGER {INSERT_TRIGGER}")
    cursor.execute("SET LOCAL parallel_setup_cost = 100")
    cursor.execute("SET LOCAL parallel_tuple_cost = 0.01")
    cursor.execute(
        "CREATE TEMP TABLE lk_fast_summary ON COMMIT DROP AS "
        f"SELECT {KEY}, count(*) AS row_count, sum(amount) AS amount FROM {payments} GROUP BY {KEY}"
    )
    cursor.execute("SET LOCAL parallel_setup_cost TO DEFAULT")
    cursor.execute("SET LOCAL parallel_tuple_cost TO DEFAULT")
    cursor.execute(
        f"INSERT INTO {summary} AS s ({KEY}, row_count, amount) SELECT {KEY}, row_count, amount FROM lk_fast_summary "
        f"ON CONFLICT ({KEY}) DO UPDATE SET row_count = s.row_count + excluded.row_count, "
        "amount = s.amount + excluded.amount"
    )
    cursor.execute("DROP TABLE lk_fast_summary")
