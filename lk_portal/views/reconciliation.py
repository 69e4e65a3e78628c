"""/lk/reconciliation/: «Акт сверки взаимных расчетов» on screen, as PDF and as XLSX."""

import datetime

from django import forms
from django.utils import timezone

from lk_portal.domain.roles import Capability
from lk_portal.exports.formats import EXPORT_FORMATS, export_bar
from lk_portal.exports.reconciliation import ACT_RENDERERS
from lk_portal.presentation.reconciliation import SUPPLIER, reconciliation_act_text
from lk_portal.selectors.reconciliation import reconciliation_act

from .act_compare import compare_form_context
from .kit import ListPageView, export_response

DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
MAX_DAYS = 3 * 366
ACT_LABELS = {"pdf": "Скачать PDF", "xlsx": "Скачать XLSX"}


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
            elif (end - start).days > MAX_DAYS:
                self.add_error("date_to", "Акт сверки формируется за период не длиннее трех лет.")
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
        self.act = None
        if submitted and self.form.is_valid():
            data = self.form.cleaned_data
            act = reconciliation_act(
                viewer=self.viewer, contract=self.contract, date_from=data["date_from"], date_to=data["date_to"]
            )
            self.act = reconciliation_act_text(act)
            code = self.request.GET.get("export")
            if code in ACT_RENDERERS:
                return self.export(code)
        return None

    def export(self, code: str):
        self.viewer.require(Capability.EXPORT)
        act = self.act
        name = f"akt-sverki-{act.date_from:%Y%m%d}-{act.date_to:%Y%m%d}.{EXPORT_FORMATS[code].extension}"
        return export_response(
            EXPORT_FORMATS[code],
            ACT_RENDERERS[code](act),
            filename=name,
            inline=code == "pdf",
            request=self.request,
            what="Акт сверки",
            details={
                "contract": self.contract.number if self.contract else "все договоры",
                "period": f"{act.date_from:%d.%m.%Y} – {act.date_to:%d.%m.%Y}",
            },
        )

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
