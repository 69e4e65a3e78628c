"""/lk/reconciliation/: «Акт сверки взаимных расчетов» on screen, as PDF and as XLSX."""

import dataclasses
import datetime

from django import forms
from django.utils import timezone

from lk_portal.domain.roles import Capability
from lk_portal.exports.formats import EXPORT_FORMATS, export_bar
from lk_portal.exports.reconciliation import ACT_RENDERERS, stream_act
from lk_portal.grid.pager import Pager, pager_make
from lk_portal.grid.state import page_state_parse
from lk_portal.models import ExportJob
from lk_portal.presentation.reconciliation import SUPPLIER, reconciliation_act_text
from lk_portal.selectors.reconciliation import reconciliation_act_page, reconciliation_act_streamed
from lk_portal.services.export_jobs import counted, sync_limit

from .act_compare import compare_form_context
from .kit import ListPageView, export_in_background, export_response, view_for_job

DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
ACT_LABELS = {"pdf": "Скачать PDF", "xlsx": "Скачать XLSX"}
LINES_PER_PAGE = 200  # on screen; the files hold every line


class ReconciliationForm(forms.Form):
    date_from = forms.DateField(
        label="Период с",
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите начало периода.", "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
    )
    date_to = forms.DateField(
        label="по",
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите конец периода.", "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", "Конец периода раньше его начала.")
        return cleaned


class ReconciliationView(ListPageView):
    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/reconciliation.html"
    tab = "reconciliation"

    def setup_contract(self):
        if self.viewer.scoped:  # «по всем договорам» is the whole organisation's act: one contract at a time
            self.contract_allow_all = False
        super().setup_contract()

    def respond(self):
        today = timezone.localdate()
        submitted = "date_from" in self.request.GET or "date_to" in self.request.GET
        self.form = ReconciliationForm(
            self.request.GET if submitted else None,
            initial={"date_from": datetime.date(today.year, 1, 1), "date_to": today},
        )
        self.act = self.act_page = None
        if submitted and self.form.is_valid():
            code = self.request.GET.get("export")
            if code in ACT_RENDERERS:
                return self.export(code)
            page = self.act_page = reconciliation_act_page(
                viewer=self.viewer,
                contract=self.contract,
                **self.period(),
                page=_page_number(self.request.GET.get("page")),
                per_page=LINES_PER_PAGE,
            )
            self.act = reconciliation_act_text(page.act)
        return None

    def period(self) -> dict:
        data = self.form.cleaned_data
        return {"date_from": data["date_from"], "date_to": data["date_to"]}

    def export_filename(self, export_format) -> str:
        period = self.period()
        return f"akt-sverki-{period['date_from']:%Y%m%d}-{period['date_to']:%Y%m%d}.{export_format.extension}"

    def act_streamed(self):
        act, lines = reconciliation_act_streamed(viewer=self.viewer, contract=self.contract, **self.period())
        return act, lines

    def export(self, code: str):
        self.viewer.require(Capability.EXPORT)
        act, lines = self.act_streamed()
        export_format = EXPORT_FORMATS[code]
        if lines > sync_limit(code):
            return export_in_background(self, export_format, title="Акт сверки", rows=lines)
        text = reconciliation_act_text(act)
        return export_response(
            export_format,
            stream_act(code, text, lines=lines),
            filename=self.export_filename(export_format),
            inline=code == "pdf",
            request=self.request,
            what="Акт сверки",
            details={
                "contract": self.contract.number if self.contract else "все договоры",
                "period": f"{text.date_from:%d.%m.%Y} – {text.date_to:%d.%m.%Y}",
            },
        )

    @classmethod
    def export_job_chunks(cls, job: ExportJob, progress):
        """The worker's side: the act for the job's owner, period and contract, its lines counted as read."""
        view = view_for_job(cls, job)
        view.setup_contract()
        view.form = ReconciliationForm(view.request.GET)
        if not view.form.is_valid():
            raise ValueError("the act's period in the job is not valid")
        act, lines = view.act_streamed()
        act = dataclasses.replace(act, lines=counted(act.lines, progress))
        return stream_act(job.format, reconciliation_act_text(act), lines=lines)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        bar = export_bar(
            lambda code: f"?{query}&export={code}",
            codes=ACT_RENDERERS,
            labels=ACT_LABELS,
            new_tab=("pdf",),
            title="",
            buttons=True,
        )
        context.update(
            form=self.form,
            act=self.act,
            act_page=_page_balances(self.act_page),
            pager=self.act_pager(),
            supplier=SUPPLIER,
            export_bar=bar if self.viewer.can(Capability.EXPORT) else None,
            compare=compare_form_context(
                contracts=self.contracts,
                selected=self.contract,
                allow_all=not self.viewer.scoped,
                date_from=self.act.date_from if self.act else None,
                date_to=self.act.date_to if self.act else None,
            ),
        )
        return context

    def act_pager(self) -> Pager | None:
        page = self.act_page
        if page is None or page.page_count < 2:
            return None
        state = page_state_parse(self.request.GET, page_sizes=(LINES_PER_PAGE,), default_page_size=LINES_PER_PAGE)
        state.page = page.number
        return pager_make(state, total=page.count, page_count=page.page_count)


def _page_number(raw) -> int:
    try:
        return max(1, int(raw or 1))
    except (TypeError, ValueError):
        return 1


def debit_side(balance):
    return balance if balance > 0 else None


def _page_balances(page) -> dict | None:
    """The balances at a page's edges in their columns (debit: the abonent owes; credit: overpaid)."""
    if page is None:
        return None
    return {
        "first": page.number == 1,
        "last": page.number == page.page_count,
        "number": page.number,
        "page_count": page.page_count,
        "opening_debit": debit_side(page.page_opening),
        "opening_credit": debit_side(-page.page_opening),
        "closing_debit": debit_side(page.page_closing),
        "closing_credit": debit_side(-page.page_closing),
    }
