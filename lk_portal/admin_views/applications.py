"""Staff screen «Заявки на регистрацию»: applications filled on /zayavka/, with their PDF."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.admin.ui.tables import Column

from lk_portal.admin_views.wording import FEMININE, NamedModelViewSet, Noun
from lk_portal.models import RegistrationApplication


class PdfLinkColumn(Column):
    cell_template_name = "lk_portal/admin/application_pdf_cell.html"


class RegistrationApplicationViewSet(NamedModelViewSet):
    model = RegistrationApplication
    noun = Noun("заявка на регистрацию", "заявку на регистрацию", "заявок на регистрацию", FEMININE)
    icon = "form"
    menu_label = "Заявки на регистрацию"
    menu_order = 190
    add_to_admin_menu = True
    url_prefix = "registration-applications"
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "name",
        "inn",
        "kpp",
        "contract_number",
        "branch",
        "created_at",
        "status",
        PdfLinkColumn("pdf", label="PDF", accessor="pk"),
    ]
    list_filter = ["status", "branch", "created_at"]
    list_export = [
        "name",
        "inn",
        "kpp",
        "contract_number",
        "email",
        "contact_person",
        "phone",
        "branch",
        "created_at",
        "status",
    ]
    search_fields = ["name", "inn", "kpp", "contract_number", "email", "contact_person"]
    form_fields = [
        "name",
        "inn",
        "kpp",
        "contract_number",
        "email",
        "contact_person",
        "phone",
        "branch",
        "status",
        "staff_note",
    ]

    def pdf_view(self, request, pk):
        from lk_portal.services.applications import registration_application_pdf

        if not self.permission_policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        application = get_object_or_404(RegistrationApplication.objects.select_related("branch"), pk=pk)
        response = HttpResponse(registration_application_pdf(application=application), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="zayavka-{application.inn}.pdf"'
        return response

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/pdf/", self.pdf_view, name="pdf")]


registration_applications_viewset = RegistrationApplicationViewSet("registration_applications")
