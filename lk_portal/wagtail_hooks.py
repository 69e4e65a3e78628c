from wagtail import hooks

from lk_portal.admin_views.billing import BillingViewSetGroup


@hooks.register("register_admin_viewset")
def register_billing_viewsets():
    return BillingViewSetGroup()
