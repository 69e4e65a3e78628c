"""«Сравнить с нашим актом» on «Акт сверки»: the abonent's act uploaded, compared side by side, differences sent.

/lk/reconciliation/compare/               the upload (also posted from the act's page)
/lk/reconciliation/compare/<id>/          the comparison: four groups and the balances; ?export=xlsx
/lk/reconciliation/compare/<id>/send/     POST: «Отправить расхождения» — a request «акт сверки»
"""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from lk_portal.domain.requests import RequestError
from lk_portal.domain.roles import Capability
from lk_portal.exchange.limits import megabytes
from lk_portal.exchange.problems import FileRefused
from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.presentation.reconciliation import SUPPLIER
from lk_portal.selectors.act_compare import act_comparison_get
from lk_portal.selectors.contracts import contract_choices, contract_find
from lk_portal.services.act_compare import (
    RequestsUnavailable,
    Upload,
    act_comparison_build,
    act_comparison_create,
    comparison_file_name,
    comparison_xlsx,
    discrepancies_send,
    max_upload_bytes,
)

from .base import CabinetMixin
from .kit import ListPageView, export_response

NO_FILE = "Выберите файл акта сверки: XLSX, как его сохраняет 1С:Бухгалтерия («Акт сверки взаимных расчетов»)."
REQUESTS_LATER = (
    "Обращения пока не подключены в этой версии портала: скачайте сравнение (XLSX) и отправьте его в абонентский отдел."
)


def _date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def compare_form_context(*, contracts, selected, allow_all, date_from=None, date_to=None, error=None) -> dict:
    """What templates/lk_portal/_act_compare_form.html reads (the upload page and «Акт сверки» alike)."""
    return {
        "contracts": contracts,
        "selected": selected,
        "allow_all": allow_all,
        "date_from": date_from.isoformat() if date_from else "",
        "date_to": date_to.isoformat() if date_to else "",
        "error": error,
        "max_size": megabytes(max_upload_bytes()),
    }


class ActCompareUploadView(ListPageView):
    """The upload form; its POST reads the file and opens the comparison, or shows why the file is refused."""

    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/act_compare_upload.html"
    tab = "reconciliation"
    contract_selector = False

    def post(self, request, *args, **kwargs):
        self.contracts = self.all_contracts()
        contract = contract_find(contracts=self.contracts, raw_id=request.POST.get("contract"))
        self.contract = contract
        upload = request.FILES.get("file")
        error = self.refusal(upload)
        if error is None:
            try:
                stored = act_comparison_create(
                    viewer=self.viewer,
                    upload=Upload(
                        name=upload.name,
                        content=upload.read(),
                        contract=contract,
                        contracts=self.contracts,
                        date_from=_date(request.POST.get("date_from")),
                        date_to=_date(request.POST.get("date_to")),
                    ),
                )
            except FileRefused as refused:
                error = f"Файл «{upload.name}» не принят: {refused}."
            else:
                return redirect("lk:act_compare_result", pk=stored.pk)
        return self.render_to_response(self.get_context_data(error=error), status=400)

    def all_contracts(self):
        return contract_choices(viewer=self.viewer)

    def refusal(self, upload) -> str | None:
        if upload is None or not upload.name:
            return NO_FILE
        if upload.size == 0:
            return f"Файл «{upload.name}» пуст."
        if upload.size > max_upload_bytes():
            return f"Файл «{upload.name}» больше {megabytes(max_upload_bytes())}; акт сверки из 1С занимает гораздо меньше."
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        context["compare"] = compare_form_context(
            contracts=self.contracts,
            selected=self.contract,
            allow_all=not self.viewer.scoped,
            date_from=_date(data.get("date_from")),
            date_to=_date(data.get("date_to")),
            error=kwargs.get("error"),
        )
        return context


class ActCompareView(CabinetMixin, TemplateView):
    """Our act and theirs side by side: «Суммы расходятся», «только в нашем», «только в вашем», «Совпадают»."""

    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/act_compare.html"
    tab = "reconciliation"

    def get(self, request, *args, pk: int, **kwargs):
        stored = act_comparison_get(viewer=self.viewer, pk=pk)
        self.compared = act_comparison_build(viewer=self.viewer, stored=stored)
        if request.GET.get("export") == "xlsx":
            self.viewer.require(Capability.EXPORT)
            return export_response(
                EXPORT_FORMATS["xlsx"],
                comparison_xlsx(self.compared),
                filename=comparison_file_name(stored),
                request=request,
                what="Сравнение актов сверки",
                details={
                    "period": f"{stored.date_from:%d.%m.%Y} – {stored.date_to:%d.%m.%Y}",
                    "file": stored.file_name,
                },
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compared = self.compared
        context.update(
            stored=compared.stored,
            text=compared.text,
            supplier=SUPPLIER,
            can_export=self.viewer.can(Capability.EXPORT),
            can_send=self.viewer.can(Capability.FILE_REQUESTS),
        )
        return context


class ActCompareSendView(CabinetMixin, View):
    """«Отправить расхождения»: a request of the type «акт сверки» with the comparison attached as XLSX."""

    capability = Capability.FILE_REQUESTS
    tab = "reconciliation"

    def post(self, request, *args, pk: int, **kwargs):
        stored = act_comparison_get(viewer=self.viewer, pk=pk)
        compared = act_comparison_build(viewer=self.viewer, stored=stored)
        try:
            discrepancies_send(viewer=self.viewer, compared=compared, request=request)
        except RequestsUnavailable:
            messages.warning(request, REQUESTS_LATER)
        except RequestError as error:  # e.g. the request's type was switched off by staff
            messages.error(request, f"Обращение не создано: {error.message}")
        else:
            messages.success(
                request,
                f"Обращение № {stored.request_number} «акт сверки» создано; сравнение приложено к нему (XLSX).",
            )
        return redirect("lk:act_compare_result", pk=stored.pk)
