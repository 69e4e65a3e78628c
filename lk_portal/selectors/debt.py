"""Reads about the viewer's debt: the header line and the latest snapshot of each contract."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, OuterRef, Subquery, Sum

from lk_portal.models import DebtSnapshot

from .viewer import Viewer, owned


@dataclass(frozen=True)
class DebtSummary:
    as_of: datetime.date | None
    debt: Decimal
    penalties: Decimal


def debt_latest_snapshots(*, viewer: Viewer):
    """The latest snapshot of each of the viewer's contracts."""
    latest = DebtSnapshot.objects.filter(contract=OuterRef("contract")).order_by("-as_of").values("as_of")[:1]
    return owned(DebtSnapshot.objects, viewer=viewer).filter(as_of=Subquery(latest)).select_related("contract")


def debt_summary(*, viewer: Viewer) -> DebtSummary:
    """«Текущая задолженность на …: …, включая пени …» — one query."""
    totals = debt_latest_snapshots(viewer=viewer).aggregate(
        as_of=Max("as_of"), debt=Sum("debt"), penalties=Sum("penalties")
    )
    return DebtSummary(
        as_of=totals["as_of"],
        debt=totals["debt"] or Decimal("0.00"),
        penalties=totals["penalties"] or Decimal("0.00"),
    )
