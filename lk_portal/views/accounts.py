"""Public account pages: activation link, password recovery with captcha, e-mail confirmation."""

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from lk_portal.account_forms import ActivationForm, PasswordRecoveryForm
from lk_portal.auth_backend import BACKEND
from lk_portal.forms import branch_contact
from lk_portal.services.accounts import ActivationStatus, account_activate, activation_check
from lk_portal.services.journal import journal_record
from lk_portal.services.profile import email_change_confirm, password_reset_request


class ActivateView(View):
    """/lk/activate/<key>/: on D+1 … D+5 the abonent sets a password and is logged in."""

    template_name = "registration/activate.html"
    refused_template_name = "registration/activate_refused.html"

    def dispatch(self, request, key, *args, **kwargs):
        self.check = activation_check(key=key)
        if not self.check.ok:
            return self.refused()
        return super().dispatch(request, *args, **kwargs)

    def refused(self):
        status = {
            ActivationStatus.TOO_EARLY: 200,
            ActivationStatus.INVALID: 404,
        }.get(self.check.status, 410)
        user = self.check.user
        context = {
            "check": self.check,
            "status": self.check.status.value,
            "window": self.check.window,
            "contact": branch_contact(user.abonent if user else None),
        }
        return render(self.request, self.refused_template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.show(ActivationForm(self.check.user))

    def post(self, request, *args, **kwargs):
        form = ActivationForm(self.check.user, request.POST)
        if not form.is_valid():
            return self.show(form)
        user = account_activate(user=self.check.user, password=form.cleaned_data["new_password1"])
        login(request, user, backend=BACKEND)
        request.session.set_expiry(0)
        messages.success(request, "Пароль задан, Личный кабинет активирован. Добро пожаловать!")
        return redirect("lk:index")

    def show(self, form):
        context = {"form": form, "account": self.check.user, "window": self.check.window}
        return render(self.request, self.template_name, context)


class PasswordRecoveryView(FormView):
    """/lk/password-reset/: e-mail or ИНН plus the «защитный код»; one answer whatever is found."""

    template_name = "registration/password_recovery.html"
    form_class = PasswordRecoveryForm
    success_url = reverse_lazy("lk:password_reset_done")

    def form_valid(self, form):
        password_reset_request(identifier=form.cleaned_data["identifier"])
        return super().form_valid(form)


class PasswordRecoveryDoneView(TemplateView):
    template_name = "registration/password_recovery_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_set.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("lk:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends any lockout of this login.
        axes_reset(username=form.user.get_username())
        journal_record("password_reset", request=self.request, user=form.user)
        return response


class PasswordResetCompleteView(TemplateView):
    template_name = "registration/password_reset_complete.html"


class EmailConfirmView(View):
    """The link mailed to a new address: the address takes effect now."""

    def get(self, request, token):
        user = email_change_confirm(token=token)
        if user is None:
            return render(request, "registration/email_confirm_invalid.html", status=410)
        journal_record("email_change", request=request, user=user, details={"email": user.email})
        messages.success(request, f"Адрес электронной почты изменен: {user.email}.")
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect("lk:profile")
        return redirect(reverse("lk:login"))
