"""Writing the journal of actions (issue 15, item 5): `journal_record` is one INSERT, nothing else.

Who (the logged-in member, or the login typed at a failed login), which abonent, what, the details
(the export's format and filter, the document), the client's address (config.proxy.client_ip: the
real one behind nginx) and the browser. `journal_purge` removes what is older than LK_JOURNAL_KEEP_DAYS.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Subquery
from django.utils import timezone

from config.proxy import client_ip
from lk_portal.domain.journal import browser_short, details_text
from lk_portal.models import JOURNAL_ACTIONS, JournalEntry, User

USER_AGENT_MAX = 300


def journal_record(
    action: str,
    *,
    request=None,
    user=None,
    abonent=None,
    object: str = "",
    details: dict | None = None,
) -> JournalEntry:
    """One entry; `user` defaults to the request's logged-in one and `abonent` to that user's."""
    if action not in JOURNAL_ACTIONS:
        raise ValueError(f"unknown journal action {action!r}")
    user, abonent_id = _who(request, user, abonent)
    return JournalEntry.objects.create(
        action=action,
        user_id=user.pk if user is not None else None,
        abonent_id=abonent_id,
        login=user.get_username() if user is not None else "",
        object=object[:255],
        details=details or {},
        summary=details_text(details or {}),
        **_client(request),
    )


def _who(request, user, abonent) -> tuple:
    """Who did it and in which abonent's cabinet: by default the request's login and its abonent; a staff
    member looking at an abonent's cabinet did it in that abonent's cabinet."""
    abonent_id = abonent.pk if abonent is not None else None
    shown = getattr(request, "user", None) if request is not None else None
    if user is None and shown is not None and shown.is_authenticated:
        user = getattr(request, "lk_staff", None) or shown
        abonent_id = abonent_id or shown.abonent_id
    if abonent_id is None:
        abonent_id = getattr(user, "abonent_id", None)
    return user, abonent_id


def journal_login_failed(*, request, login: str) -> JournalEntry:
    """A wrong password: the typed login, and the abonent and member it names if any — still one INSERT."""
    named = User.objects.filter(username=login)
    return JournalEntry.objects.create(
        action="login_failed",
        user_id=Subquery(named.values("pk")[:1]),
        abonent_id=Subquery(named.values("abonent_id")[:1]),
        login=login[:254],
        **_client(request),
    )


def journal_purge(*, now: datetime.datetime | None = None) -> int:
    """Entries older than LK_JOURNAL_KEEP_DAYS are removed (one DELETE); returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.LK_JOURNAL_KEEP_DAYS)
    deleted, _ = JournalEntry.objects.filter(at__lt=cutoff).delete()
    return deleted


def _client(request) -> dict:
    if request is None:
        return {"ip": None, "user_agent": "", "browser": ""}
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
    return {"ip": client_ip(request), "user_agent": user_agent, "browser": browser_short(user_agent)[:100]}


def _on_logged_in(sender, request, user, **kwargs):
    journal_record("login", request=request, user=user)


def _on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        journal_record("logout", request=request, user=user)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    journal_login_failed(request=request, login=str(credentials.get("username", "")))


def journal_connect_signals() -> None:
    """Logins, logouts and failed logins (cabinet and admin alike) through django.contrib.auth's signals."""
    from django.contrib.auth import signals

    signals.user_logged_in.connect(_on_logged_in, dispatch_uid="lk_journal_login")
    signals.user_logged_out.connect(_on_logged_out, dispatch_uid="lk_journal_logout")
    signals.user_login_failed.connect(_on_login_failed, dispatch_uid="lk_journal_login_failed")
