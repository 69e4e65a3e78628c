from django.urls import include, path
from wagtail import hooks

from lk_portal.admin_views import accounts as account_admin
from lk_portal.admin_views.billing import BillingViewSetGroup


@hooks.register("register_admin_viewset")
def register_billing_viewsets():
    return BillingViewSetGroup()


# Abonent accounts (registration, card PDF, letters, re-registration).
@hooks.register("register_admin_urls")
def register_account_admin_urls():
    return [path("lk-accounts/", include((account_admin.urlpatterns, "lk_accounts"), namespace="lk_accounts"))]


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
