from django.utils.functional import SimpleLazyObject

from lk_portal.domain.roles import Capability, role_can
from lk_portal.navigation import cabinet_tabs_for
from lk_portal.services.header_cache import HeaderFigures


def cabinet(request):
    """The logged-in abonent, its debt line and unread news count, each computed only if a template uses it.

    The debt line is the whole abonent's for every member, whatever its contract scope. Both figures
    come from the cache while nothing they depend on changed (services/header_cache.py).
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not getattr(user, "abonent_id", None):
        return {}

    staff = getattr(request, "lk_staff", None)
    figures = HeaderFigures(user)  # the debt line and the news count: one cache read for both
    return {
        "staff_viewer": staff,
        "staff_can_export": SimpleLazyObject(lambda: bool(staff and staff.has_perm("lk_portal.export_as_abonent"))),
        "cabinet_abonent": SimpleLazyObject(lambda: user.abonent),
        "debt_summary": SimpleLazyObject(figures.debt_summary),
        "cabinet_tabs": cabinet_tabs_for(user.role),
        "cabinet_debt_link": role_can(user.role, Capability.VIEW_FINANCIAL),
        "unread_news_count": SimpleLazyObject(figures.unread_news_count),
    }
