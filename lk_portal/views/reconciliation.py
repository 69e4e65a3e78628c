"""/lk/reconciliation/: «Акт сверки взаимных расчетов» on screen, as PDF and as XLSX."""

import datetime

from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from lk_portal.exports.html_pdf import render_pdf
from lk_portal.exports.reconciliation_xlsx import reconciliation_act_xlsx
from lk_portal.selectors.reconciliation import SUPPLIER, reconciliation_act

from .base import CabinetMixin
from .contract_filter import contract_choices, selected_contract

DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
MAX_DAYS = 3 * 366
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


class ReconciliationView(CabinetMixin, TemplateView):
    template_name = "lk_portal/reconciliation.html"
    tab = "reconciliation"

    def get(self, request, *args, **kwargs):
        contract = selected_contract(request, abonent=self.abonent)
        today = timezone.localdate()
        submitted = "date_from" in request.GET or "date_to" in request.GET
        form = ReconciliationForm(
            request.GET if submitted else None,
            initial={"date_from": datetime.date(today.year, 1, 1), "date_to": today},
        )
        act = None
        if submitted and form.is_valid():
            act = reconciliation_act(
                abonent=self.abonent,
                contract=contract,
                date_from=form.cleaned_data["date_from"],
                date_to=form.cleaned_data["date_to"],
            )
            export = request.GET.get("export")
            if export in ("pdf", "xlsx"):
                return self._export(act, export)
        context = self.get_context_data(
            form=form,
            act=act,
            supplier=SUPPLIER,
            contracts=contract_choices(abonent=self.abonent),
            selected_contract=contract,
            query=request.GET.urlencode() if act else "",
        )
        return self.render_to_response(context)

    def _export(self, act, kind: str) -> HttpResponse:
        name = f"akt-sverki-{act.date_from:%Y%m%d}-{act.date_to:%Y%m%d}"
        if kind == "pdf":
            body = render_pdf("documents/reconciliation_act.html", {"act": act, "supplier": SUPPLIER})
            response = HttpResponse(body, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        else:
            response = HttpResponse(reconciliation_act_xlsx(act=act), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
