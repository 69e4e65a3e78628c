"""/lk/profile/: registration data, editable contacts, e-mail change by link, password change."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.views.generic import FormView

from lk_portal.account_forms import ProfileForm
from lk_portal.domain.roles import Capability
from lk_portal.selectors.contracts import contract_choices
from lk_portal.services.journal import journal_record
from lk_portal.services.profile import email_change_request, profile_update
from lk_portal.services.two_factor import recovery_codes_left, two_factor_enabled

from .base import CabinetMixin


class ProfileView(CabinetMixin, FormView):
    template_name = "lk_portal/profile.html"
    form_class = ProfileForm
    tab = "profile"
    success_url = reverse_lazy("lk:profile")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.viewer.can(Capability.CHANGE_PROFILE):  # shown, not editable: the administrator's
            for name in ("contact_person", "phone"):
                form.fields[name].disabled = True
                form.fields[name].help_text = "Изменяет администратор организации."
        if not self.viewer.can(Capability.VIEW_FINANCIAL):  # reminders are about payments
            del form.fields["payment_reminders"]
        return form

    def get_initial(self):
        user = self.request.user
        return {
            "contact_person": self.abonent.contact_person,
            "phone": self.abonent.phone,
            "email": user.email,
            "payment_reminders": user.payment_reminders,
        }

    def form_valid(self, form):
        user = self.request.user
        data = form.cleaned_data
        organisation = {}
        if self.viewer.can(Capability.CHANGE_PROFILE):
            organisation = {"contact_person": data["contact_person"], "phone": data["phone"]}
        profile_update(user=user, payment_reminders=data.get("payment_reminders", False), **organisation)
        changed = [name for name in ("contact_person", "phone", "payment_reminders") if name in form.changed_data]
        if changed:
            journal_record(
                "profile_change",
                request=self.request,
                details={"fields": [str(form.fields[name].label) for name in changed]},
            )
        new_email = data["email"].strip()
        if new_email.lower() != user.email.lower():
            email_change_request(user=user, new_email=new_email)
            journal_record("email_change_request", request=self.request, details={"email": new_email})
            messages.info(
                self.request,
                f"На адрес {new_email} отправлено письмо со ссылкой. Новый адрес начнет действовать после "
                "перехода по ней; до этого письма приходят на прежний адрес.",
            )
        messages.success(self.request, "Профиль сохранен.")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = self.request.user
        context["scope_contracts"] = contract_choices(viewer=self.viewer) if self.viewer.scoped else []
        context["two_factor"] = {
            "enabled": two_factor_enabled(self.request.user),
            "codes_left": recovery_codes_left(self.request.user),
        }
        return context


class PasswordChangeView(CabinetMixin, auth_views.PasswordChangeView):
    template_name = "lk_portal/password_change.html"
    tab = "profile"
    success_url = reverse_lazy("lk:profile")

    def form_valid(self, form):
        journal_record("password_change", request=self.request)
        messages.success(self.request, "Пароль изменен.")
        return super().form_valid(form)
