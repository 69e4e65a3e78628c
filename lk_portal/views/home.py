"""«Главная» (/lk/): what to pay next, how much and by when, and how the account stands.

The page is a list of blocks (HOME_BLOCKS), each a template and a loader of its data; a block
hidden from a viewer costs no query. What a role may see (the team issue) is the block's
`capability` (lk_portal.domain.roles): `block_visible` is the one place that decides.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.views.generic import TemplateView

from lk_portal.domain.home import debt_trend, month_end_before, month_run, month_series, upcoming_payments
from lk_portal.domain.roles import Capability
from lk_portal.presentation.charts import bar_chart
from lk_portal.selectors import home as reads
from lk_portal.selectors.debt import debt_summary
from lk_portal.selectors.payment_documents import unpaid_documents_totals
from lk_portal.selectors.viewer import Viewer
from news.selectors import news_cabinet_list, news_counted_since

from .base import CabinetMixin

UPCOMING_LIMIT = 5
UPCOMING_MONTHS = 2
CHART_MONTHS = 24
LAST_PAYMENTS = 5
UNREAD_NEWS = 5


@dataclass(frozen=True)
class HomeBlock:
    key: str
    template: str
    load: Callable[[Viewer, datetime.date], dict]
    capability: Capability | None = None  # what a member's role needs to see the block; None: every member


def block_visible(block: HomeBlock, viewer: Viewer) -> bool:
    """The one place that decides which blocks a member sees: by its role's capabilities."""
    return block.capability is None or viewer.can(block.capability)


def _debt(viewer: Viewer, today: datetime.date) -> dict:
    summary = debt_summary(viewer=viewer)
    trend = None
    if summary.as_of is not None:
        before = reads.debt_line_on(viewer=viewer, day=month_end_before(summary.as_of))
        trend = debt_trend(
            debt=summary.debt,
            penalties=summary.penalties,
            before_as_of=before["as_of"],
            before_debt=before["debt"],
            before_penalties=before["penalties"],
        )
    # The header reads `debt_summary` too: handing it this one (an unscoped member's) saves its query.
    return {"debt_summary": summary, "trend": trend}


def _upcoming(viewer: Viewer, today: datetime.date) -> dict:
    plans = reads.contract_plans(viewer=viewer)
    horizon = today + datetime.timedelta(days=31 * UPCOMING_MONTHS)
    documents = reads.documents_due_between(viewer=viewer, first=today, last=horizon)
    rows = upcoming_payments(
        plans=plans, today=today, documents=documents, limit=UPCOMING_LIMIT, months=UPCOMING_MONTHS
    )
    return {"rows": rows}


def _unpaid(viewer: Viewer, today: datetime.date) -> dict:
    oldest = reads.oldest_overdue_document(viewer=viewer, today=today)
    return {
        "totals": unpaid_documents_totals(viewer=viewer),
        "oldest": oldest,
        "oldest_days": (today - oldest.due_date).days if oldest else None,
    }


def _payments(viewer: Viewer, today: datetime.date) -> dict:
    return {"rows": reads.last_payments(viewer=viewer, limit=LAST_PAYMENTS)}


def _news(viewer: Viewer, today: datetime.date) -> dict:
    items = news_cabinet_list(user=viewer.user, since=news_counted_since(user=viewer.user))
    return {"items": list(items.filter(is_unread=True)[:UNREAD_NEWS])}


def _chart(viewer: Viewer, today: datetime.date) -> dict:
    months = month_run(last=today, months=CHART_MONTHS)
    first, last = months[0], months[-1]
    series = month_series(
        months=months,
        accrued=reads.accrued_by_month(viewer=viewer, first=first, last=last),
        paid=reads.paid_by_month(viewer=viewer, first=first, last=last),
    )
    return {"chart": bar_chart(series), "first": first, "last": last}


HOME_BLOCKS = (
    HomeBlock("debt", "lk_portal/home/_debt.html", _debt, Capability.VIEW_FINANCIAL),
    HomeBlock("unpaid", "lk_portal/home/_unpaid.html", _unpaid, Capability.VIEW_FINANCIAL),
    HomeBlock("news", "lk_portal/home/_news.html", _news),
    HomeBlock("upcoming", "lk_portal/home/_upcoming.html", _upcoming, Capability.VIEW_FINANCIAL),
    HomeBlock("payments", "lk_portal/home/_payments.html", _payments, Capability.VIEW_FINANCIAL),
    HomeBlock("chart", "lk_portal/home/_chart.html", _chart, Capability.VIEW_FINANCIAL),
)


class HomeView(CabinetMixin, TemplateView):
    template_name = "lk_portal/home.html"
    tab = "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        blocks = []
        for block in HOME_BLOCKS:
            if block_visible(block, self.viewer):
                blocks.append((block, block.load(self.viewer, today)))
        context.update(today=today, blocks=blocks)
        debt = next((data for block, data in blocks if block.key == "debt"), None)
        if debt is not None and not self.viewer.scoped:  # the header is the whole abonent's, whatever the scope
            context["debt_summary"] = debt["debt_summary"]
        return context
