"""«Документы на оплату»: the unpaid documents and their printable PDFs."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from lk_portal.exports.html_pdf import render_pdf
from lk_portal.selectors.payment_documents import BankDetailsMissing, payment_documents_context, unpaid_document_list
from lk_portal.services.payment_qr import PaymentQrError

from .base import CabinetMixin
from .contract_filter import contract_choices, selected_contract

PAGE_SIZE = 50


class ToPayListView(CabinetMixin, TemplateView):
    template_name = "lk_portal/to_pay.html"
    tab = "to_pay"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract = selected_contract(self.request, abonent=self.abonent)
        page = Paginator(unpaid_document_list(abonent=self.abonent, contract=contract), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            contracts=contract_choices(abonent=self.abonent),
            selected_contract=contract,
            allow_all=True,
            page_obj=page,
            documents=page.object_list,
            contract_query=f"?contract={contract.pk}" if contract else "",
        )
        return context


class _PaymentPdfMixin(CabinetMixin):
    tab = "to_pay"

    def pdf_response(self, documents, *, filename: str) -> HttpResponse:
        try:
            context = payment_documents_context(abonent=self.abonent, documents=documents)
        except (BankDetailsMissing, PaymentQrError) as exc:
            return render(
                self.request,
                "lk_portal/to_pay_error.html",
                {"abonent": self.abonent, "tab": self.tab, "error": str(exc)},
                status=409,
            )
        response = HttpResponse(render_pdf("documents/payment_document.html", context), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class ToPayPdfView(_PaymentPdfMixin, View):
    def get(self, request, pk: int):
        document = unpaid_document_list(abonent=self.abonent).filter(pk=pk).first()
        if document is None:
            raise Http404("Документ не найден или уже оплачен.")
        return self.pdf_response([document], filename=f"document-{document.pk}.pdf")


class ToPayAllPdfView(_PaymentPdfMixin, View):
    def get(self, request):
        contract = selected_contract(request, abonent=self.abonent)
        documents = list(unpaid_document_list(abonent=self.abonent, contract=contract))
        if not documents:
            messages.info(request, "Неоплаченных документов нет.")
            return redirect("lk:to_pay")
        return self.pdf_response(documents, filename="unpaid-documents.pdf")
