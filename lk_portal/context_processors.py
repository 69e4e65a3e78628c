from django.utils.functional import SimpleLazyObject

from lk_portal.navigation import CABINET_TABS


def cabinet(request):
    """The logged-in abonent and its debt line, computed only if a template uses them."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not getattr(user, "abonent_id", None):
        return {}

    def _summary():
        from lk_portal.selectors.debt import debt_summary

        return debt_summary(abonent=user.abonent)

    return {
        "cabinet_abonent": SimpleLazyObject(lambda: user.abonent),
        "debt_summary": SimpleLazyObject(_summary),
        "cabinet_tabs": CABINET_TABS,
    }
