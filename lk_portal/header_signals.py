"""What makes the cabinet's cached member figures stale (services/header_cache.py), as signals.

A row saved or deleted one by one (staff in Wagtail admin, the demo) sends Django's signals; the
billing import writes in bulk and says so itself (billing_import.billing_package_import).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from lk_portal.services.header_cache import BILLING, DEBT, NEWS, SCOPE, header_changed


def _debt_changed(sender, **kwargs):
    header_changed(DEBT)


def _contract_changed(sender, **kwargs):
    header_changed(DEBT, SCOPE)  # the header's debt line and the contracts a member's scope lists


def _billing_changed(sender, **kwargs):
    header_changed(BILLING)  # the billing grids' choice values


def _scope_changed(sender, action, **kwargs):
    if action.startswith("post_"):  # post_add, post_remove, post_clear
        header_changed(SCOPE)


def _news_changed(sender, **kwargs):
    header_changed(NEWS)


def _page_saved(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        header_changed(NEWS)


def header_connect_signals() -> None:
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from lk_portal.models import BillingDocument, Contract, DebtSnapshot, Payment, User
    from news.models import NewsTopic

    post_save.connect(_debt_changed, sender=DebtSnapshot, dispatch_uid="lk_header_DebtSnapshot_saved")
    post_delete.connect(_debt_changed, sender=DebtSnapshot, dispatch_uid="lk_header_DebtSnapshot_deleted")
    post_save.connect(_contract_changed, sender=Contract, dispatch_uid="lk_header_Contract_saved")
    post_delete.connect(_contract_changed, sender=Contract, dispatch_uid="lk_header_Contract_deleted")
    for model in (Payment, BillingDocument):
        post_save.connect(_billing_changed, sender=model, dispatch_uid=f"lk_header_{model.__name__}_saved")
        post_delete.connect(_billing_changed, sender=model, dispatch_uid=f"lk_header_{model.__name__}_deleted")
    # A member's contracts set (the team's administrator, an invitation accepted, staff in the admin).
    m2m_changed.connect(_scope_changed, sender=User.contracts.through, dispatch_uid="lk_header_member_contracts")
    # Any page: a news page's own class, or its base Page (a move, an unpublish by Wagtail's base class).
    post_save.connect(_page_saved, dispatch_uid="lk_header_page_saved")
    post_delete.connect(_page_saved, dispatch_uid="lk_header_page_deleted")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_news_changed, dispatch_uid=f"lk_header_{id(signal)}")
    post_save.connect(_news_changed, sender=PageViewRestriction, dispatch_uid="lk_header_restriction_saved")
    post_delete.connect(_news_changed, sender=PageViewRestriction, dispatch_uid="lk_header_restriction_deleted")
    # The cabinet's news list shows each item's topic by name (news/selectors.news_cabinet_page keeps it).
    post_save.connect(_news_changed, sender=NewsTopic, dispatch_uid="lk_header_news_topic_saved")
    post_delete.connect(_news_changed, sender=NewsTopic, dispatch_uid="lk_header_news_topic_deleted")
