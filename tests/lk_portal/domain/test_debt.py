import datetime
from decimal import Decimal
from types import SimpleNamespace

from lk_portal.domain.debt import days_overdue, unpaid_document_rows

D = datetime.date


def test_days_overdue_counts_whole_days_past_the_due_date():
    assert days_overdue(due_date=D(2015, 9, 1), today=D(2015, 9, 7)) == 6
    assert days_overdue(due_date=D(2015, 9, 7), today=D(2015, 9, 7)) == 0
    assert days_overdue(due_date=D(2015, 9, 20), today=D(2015, 9, 7)) == 0  # not yet due
    assert days_overdue(due_date=None, today=D(2015, 9, 7)) is None


def test_rows_keep_unreported_penalties_unknown():
    documents = [
        SimpleNamespace(due_date=D(2015, 9, 1), penalties=Decimal("12.30")),
        SimpleNamespace(due_date=None, penalties=None),
    ]
    rows = unpaid_document_rows(documents=documents, today=D(2015, 9, 7))
    assert [(r.days_overdue, r.penalties) for r in rows] == [(6, Decimal("12.30")), (None, None)]
    assert rows[0].document is documents[0]
