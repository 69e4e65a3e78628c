import datetime
from decimal import Decimal

import pytest

from lk_portal.domain.notifications import (
    KINDS,
    debt_check,
    event_key,
    offered_kinds,
    overdue_window,
)

D = datetime.date


def test_event_key_names_kind_person_and_event():
    assert event_key("document_issued", 12, "D-1001") == "document_issued:12:D-1001"
    assert len(event_key("payment_credited", 1, "x" * 500)) == 200
    with pytest.raises(ValueError):
        event_key("no_such_kind", 1)


def test_reserved_kinds_are_declared_but_not_offered():
    assert {"readings_window", "request_status"} <= set(KINDS)
    offered = [k.key for k in offered_kinds()]
    assert "request_status" in offered  # made by the requests (issue 18)
    assert offered[0] == "document_issued" and len(offered) == 11 and offered[-1] == "export_ready"
    assert offered[-5:-2] == ["readings_window", "reading_status", "verification_due"]  # issue 17 produces these


@pytest.mark.parametrize(
    ("debt", "threshold", "over_since", "notify", "kept"),
    [
        ("100.01", "100", None, True, D(2015, 9, 7)),  # crosses
        ("100.00", "100", None, False, None),  # at the threshold is not over it
        ("500", "100", D(2015, 9, 1), False, D(2015, 9, 1)),  # still over: told already
        ("50", "100", D(2015, 9, 1), False, None),  # back under: forgotten
        ("500", None, D(2015, 9, 1), False, None),  # no threshold
    ],
)
def test_debt_check(debt, threshold, over_since, notify, kept):
    check = debt_check(
        debt=Decimal(debt),
        as_of=D(2015, 9, 7),
        threshold=None if threshold is None else Decimal(threshold),
        over_since=over_since,
    )
    assert (check.notify, check.over_since) == (notify, kept)


def test_overdue_window_is_the_last_seven_days():
    assert overdue_window(D(2015, 9, 7)) == (D(2015, 8, 31), D(2015, 9, 6))
