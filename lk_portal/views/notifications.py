"""/lk/notifications/ (the person's notifications, marked read) and «Профиль» → «Уведомления» (the switches)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views import View
from django.views.generic import FormView

from lk_portal.account_forms import NotificationSettingsForm
from lk_portal.domain.notifications import KINDS, offered_kinds
from lk_portal.models import NotificationSettings
from lk_portal.selectors.notifications import notification_ids, notification_list
from lk_portal.services.notifications import notification_settings_save, notifications_mark_read, settings_of

from .base import CabinetMixin
from .kit import ListPageView


class NotificationListView(ListPageView):
    template_name = "lk_portal/notifications.html"
    tab = "notifications"
    contract_param = None
    page_size = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, pager = self.paginate(notification_list(viewer=self.viewer))
        context.update(rows=rows, pager=pager, kinds=KINDS)
        return context


class NotificationMarkReadView(CabinetMixin, View):
    """POST `id` (one or more) marks those read; no `id` marks all. Another's id is a 404."""

    def post(self, request):
        raw = request.POST.getlist("id")
        ids = notification_ids(viewer=self.viewer, raw_ids=raw) if raw else None
        marked = notifications_mark_read(user=request.user, ids=ids)
        if ids is None:
            messages.success(request, f"Все уведомления отмечены прочитанными ({marked}).")
        return redirect(_back(request))


def _back(request) -> str:
    page = request.POST.get("page", "")
    return f"/lk/notifications/?page={page}" if page.isdigit() else "/lk/notifications/"


class NotificationSettingsView(CabinetMixin, FormView):
    template_name = "lk_portal/notification_settings.html"
    form_class = NotificationSettingsForm
    tab = "profile"
    success_url = reverse_lazy("lk:notification_settings")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(kinds=offered_kinds(), email_modes=NotificationSettings.EMAIL_MODES)
        return kwargs

    def get_initial(self):
        prefs = settings_of(self.request.user)
        initial = {f"kind_{k.key}": k.key not in prefs.kinds_off for k in offered_kinds()}
        initial.update(
            email_mode=prefs.email_mode,
            debt_threshold=prefs.debt_threshold,
            requests_of_others=prefs.requests_of_others,
        )
        return initial

    def form_valid(self, form):
        notification_settings_save(
            user=self.request.user,
            kinds_on=form.kinds_on(),
            email_mode=form.cleaned_data["email_mode"],
            debt_threshold=form.cleaned_data["debt_threshold"],
            requests_of_others=form.cleaned_data["requests_of_others"],
        )
        messages.success(self.request, "Настройки уведомлений сохранены.")
        return super().form_valid(form)
