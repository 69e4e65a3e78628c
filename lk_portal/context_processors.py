from django.utils.functional import SimpleLazyObject

from lk_portal.domain.roles import Capability, role_can
from lk_portal.navigation import cabinet_tabs_for


def cabinet(request):
    """The logged-in abonent, its debt line and unread news count, each computed only if a template uses it.

    The debt line is the whole abonent's for every member, whatever its contract scope.
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not getattr(user, "abonent_id", None):
        return {}

    staff = getattr(request, "lk_staff", None)

    def _summary():
        from lk_portal.selectors.debt import debt_summary
        from lk_portal.selectors.viewer import Viewer

        return debt_summary(viewer=Viewer(abonent=user.abonent, user=user))  # no scope: the whole abonent

    def _unread_news_count():
        from news.selectors import news_counted_since, news_unread_count

        return news_unread_count(user=user, since=news_counted_since(user=user))

    return {
        "staff_viewer": staff,
        "staff_can_export": SimpleLazyObject(lambda: bool(staff and staff.has_perm("lk_portal.export_as_abonent"))),
        "cabinet_abonent": SimpleLazyObject(lambda: user.abonent),
        "debt_summary": SimpleLazyObject(_summary),
        "cabinet_tabs": cabinet_tabs_for(user.role),
        "cabinet_debt_link": role_can(user.role, Capability.VIEW_FINANCIAL),
        "unread_news_count": SimpleLazyObject(_unread_news_count),
    }
