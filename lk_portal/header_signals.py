"""What makes the cabinet header's cached figures stale (services/header_cache.py), as signals.

A row saved or deleted one by one (staff in Wagtail admin, the demo) sends Django's signals; the
billing import writes in bulk and says so itself (billing_import.billing_package_import).
"""

from django.db.models.signals import post_delete, post_save

from lk_portal.services.header_cache import DEBT, NEWS, header_changed


def _debt_changed(sender, **kwargs):
    header_changed(DEBT)


def _news_changed(sender, **kwargs):
    header_changed(NEWS)


def _page_saved(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        header_changed(NEWS)


def header_connect_signals() -> None:
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from lk_portal.models import Contract, DebtSnapshot

    for model in (DebtSnapshot, Contract):
        post_save.connect(_debt_changed, sender=model, dispatch_uid=f"lk_header_{model.__name__}_saved")
        post_delete.connect(_debt_changed, sender=model, dispatch_uid=f"lk_header_{model.__name__}_deleted")
    # Any page: a news page's own class, or its base Page (a move, an unpublish by Wagtail's base class).
    post_save.connect(_page_saved, dispatch_uid="lk_header_page_saved")
    post_delete.connect(_page_saved, dispatch_uid="lk_header_page_deleted")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_news_changed, dispatch_uid=f"lk_header_{id(signal)}")
    post_save.connect(_news_changed, sender=PageViewRestriction, dispatch_uid="lk_header_restriction_saved")
    post_delete.connect(_news_changed, sender=PageViewRestriction, dispatch_uid="lk_header_restriction_deleted")
