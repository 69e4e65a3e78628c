from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks

from lk_portal.admin_views import accounts as account_admin
from lk_portal.admin_views.billing import BillingViewSetGroup


@hooks.register("register_admin_viewset")
def register_billing_viewsets():
    return BillingViewSetGroup()


# Abonent accounts (registration, card PDF, letters, re-registration).
@hooks.register("register_admin_urls")
def register_account_admin_urls():
    from lk_portal.admin_views import team as team_admin

    patterns = account_admin.urlpatterns + team_admin.urlpatterns
    return [path("lk-accounts/", include((patterns, "lk_accounts"), namespace="lk_accounts"))]


@hooks.register("register_admin_menu_item")
def register_abonent_registration_menu_item():
    return account_admin.register_menu_item()


@hooks.register("register_admin_menu_item")
def register_abonent_accounts_menu_item():
    return account_admin.accounts_menu_item()


@hooks.register("register_admin_viewset")
def register_registration_applications_viewset():
    from lk_portal.admin_views.applications import registration_applications_viewset

    return registration_applications_viewset


@hooks.register("register_admin_viewset")
def register_letters_viewset():
    from lk_portal.admin_views.outbox import letters_viewset

    return letters_viewset


# --- Billing import (issue 4): upload form, run history, menu «Загрузка из биллинга» ---


@hooks.register("register_admin_viewset")
def register_import_run_viewset():
    from lk_portal.admin_views.imports import import_run_viewset

    return import_run_viewset


@hooks.register("register_admin_urls")
def register_import_upload_url():
    from django.urls import path

    from lk_portal.admin_views.imports import ImportProgressView, ImportUploadView

    return [
        path("billing-import/", ImportUploadView.as_view(), name="lk_billing_import_upload"),
        path("billing-import/<int:pk>/", ImportProgressView.as_view(), name="lk_billing_import_progress"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu():
    from django.urls import reverse_lazy
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    from lk_portal.admin_views.imports import ImportMenuItem, import_run_viewset

    items = [
        ImportMenuItem("Загрузить файлы", reverse_lazy("lk_billing_import_upload"), icon_name="upload", order=100),
        ImportMenuItem(
            "История загрузок", reverse_lazy(import_run_viewset.get_url_name("index")), icon_name="history", order=200
        ),
    ]
    menu = Menu(items=items)
    return SubmenuMenuItem("Загрузка из биллинга", menu, icon_name="upload", order=350, name="billing-import")


# Our admin screens' few styles: Wagtail admin's policy allows inline styles, ours need none.
@hooks.register("insert_global_admin_css")
def global_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Two-factor login for staff (LK_STAFF_REQUIRE_2FA; lk_portal/middleware.StaffTwoFactorMiddleware).
@hooks.register("register_admin_urls")
def register_staff_two_factor_url():
    from lk_portal.admin_views.two_factor import StaffTwoFactorView

    return [path("two-factor/", StaffTwoFactorView.as_view(), name="lk_staff_two_factor")]


@hooks.register("register_admin_viewset")
def register_journal_viewset():
    from lk_portal.admin_views.journal import journal_viewset

    return journal_viewset


# Staff look at an abonent's cabinet read-only (lk_portal/views/staff_view.py).
@hooks.register("register_admin_urls")
def register_staff_view_url():
    from lk_portal.admin_views.staff_view import StaffViewStartView

    return [path("lk-view-as/<int:pk>/", StaffViewStartView.as_view(), name="lk_staff_view_start")]


# Обращения (issue 18): the staff queue per branch and the types of request.
@hooks.register("register_admin_viewset")
def register_requests_viewsets():
    from lk_portal.admin_views.requests import RequestViewSetGroup

    return RequestViewSetGroup()
