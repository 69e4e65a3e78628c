"""«Документы на оплату»: the unpaid documents and their printable PDFs."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from lk_portal.domain.payment_documents import BankDetailsMissing, payment_document_print
from lk_portal.domain.payment_qr import PaymentQrError
from lk_portal.domain.roles import Capability
from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.exports.html_pdf import render_pdf
from lk_portal.selectors.payment_documents import payee_bank_details, unpaid_document_get, unpaid_document_list

from .base import CabinetMixin
from .kit import ContractChoiceMixin, ListPageView, export_response


class ToPayListView(ListPageView):
    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/to_pay.html"
    tab = "to_pay"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents, pager = self.paginate(unpaid_document_list(viewer=self.viewer, contract=self.contract))
        context.update(
            documents=documents,
            pager=pager,
            contract_query=f"?contract={self.contract.pk}" if self.contract else "",
        )
        return context


class _PaymentPdfMixin(CabinetMixin):
    capability = Capability.PRINT_DOCUMENTS
    tab = "to_pay"

    def pdf_response(self, documents, *, filename: str):
        try:
            abonent, bank = payee_bank_details(viewer=self.viewer)
            printed = [payment_document_print(abonent=abonent, bank=bank, document=d) for d in documents]
        except (BankDetailsMissing, PaymentQrError) as exc:
            return render(
                self.request,
                "lk_portal/to_pay_error.html",
                {"abonent": self.abonent, "tab": self.tab, "error": str(exc)},
                status=409,
            )
        context = {"abonent": abonent, "printed": printed, "printed_on": timezone.localdate()}
        pdf = render_pdf("documents/payment_document.html", context)
        return export_response(
            EXPORT_FORMATS["pdf"],
            pdf,
            filename=filename,
            inline=True,
            request=self.request,
            action="print",
            what="Документы на оплату",
            details={"count": len(documents), "documents": [d.number for d in documents[:50]]},
        )


class ToPayPdfView(_PaymentPdfMixin, View):
    def get(self, request, pk: int):
        document = unpaid_document_get(viewer=self.viewer, pk=pk)
        return self.pdf_response([document], filename=f"document-{document.pk}.pdf")


class ToPayAllPdfView(ContractChoiceMixin, _PaymentPdfMixin, View):
    def get(self, request):
        self.setup_contract()
        documents = list(unpaid_document_list(viewer=self.viewer, contract=self.contract))
        if not documents:
            messages.info(request, "Неоплаченных документов нет.")
            return redirect("lk:to_pay")
        return self.pdf_response(documents, filename="unpaid-documents.pdf")
