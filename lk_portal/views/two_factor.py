"""Two-factor login in the cabinet: the code after the password, turning it on and off in «Профиль».

After a right password a member with a device is not logged in yet: the session holds who passed
the first step (for `PENDING_SECONDS`), and `/lk/login/code/` logs them in on a right code.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from lk_portal.account_forms import TwoFactorCodeForm, TwoFactorRequireForm
from lk_portal.auth_backend import BACKEND
from lk_portal.domain.roles import Capability
from lk_portal.models import User
from lk_portal.presentation.two_factor import qr_svg
from lk_portal.services import two_factor as tf
from lk_portal.services.journal import journal_record

from .base import CabinetMixin

PENDING_KEY = "lk_two_factor_pending"
SETUP_KEY = "lk_two_factor_key"
PENDING_SECONDS = 5 * 60
PENDING_MAX_FAILURES = 5
REMEMBER_ME_AGE = 30 * 24 * 3600
LOGIN_AGAIN = "Время на ввод кода истекло или вход не начат. Введите логин и пароль еще раз."
TOO_MANY = "Слишком много неверных кодов подряд. Введите логин и пароль еще раз."


def login_pending_start(request, *, user, remember: bool, next_url: str) -> None:
    """The password was right: remember who is halfway in; nobody is logged in yet."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "remember": remember,
        "next": next_url,
        "since": time.time(),
        "failures": 0,
    }


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("lk:index")


class LoginCodeView(FormView):
    """The second step: for a login halfway in, or for a logged-in member whose organisation now requires it."""

    template_name = "registration/login_code.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        self.pending = request.session.get(PENDING_KEY)
        if self.pending and time.time() - self.pending.get("since", 0) > PENDING_SECONDS:
            del request.session[PENDING_KEY]
            self.pending = None
        if self.pending:
            self.member = User.objects.filter(pk=self.pending["user"], is_active=True).first()
        elif request.user.is_authenticated and not request.user.is_verified():
            self.member = request.user
            if not tf.two_factor_enabled(self.member):
                return redirect(f"{reverse('lk:two_factor_setup')}?next={request.GET.get('next', '')}")
        else:
            self.member = None
        if self.member is None:
            messages.info(request, LOGIN_AGAIN)
            return redirect("lk:login")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        check = tf.two_factor_verify(user=self.member, code=form.cleaned_data["code"])
        device = check.device
        if device is None:
            return self._refused(form, check)
        request = self.request
        next_url = self.pending["next"] if self.pending else request.GET.get("next", "")
        if self.pending:
            remember = self.pending["remember"]
            del request.session[PENDING_KEY]
            auth_login(request, self.member, backend=BACKEND)
            request.session.set_expiry(REMEMBER_ME_AGE if remember else 0)
        otp_login(request, device)
        if isinstance(device, StaticDevice):
            left = tf.recovery_codes_left(self.member)
            messages.warning(
                request,
                f"Вы вошли по резервному коду; он больше не действует. Осталось резервных кодов: {left}. "
                "Новые коды можно получить в «Профиле».",
            )
        return redirect(_safe_next(request, next_url))

    def _refused(self, form, check):
        journal_record("login_code_failed", request=self.request, user=self.member)
        if self.pending:
            self.pending["failures"] = self.pending.get("failures", 0) + 1
            if self.pending["failures"] >= PENDING_MAX_FAILURES:
                del self.request.session[PENDING_KEY]
                messages.error(self.request, TOO_MANY)
                return redirect("lk:login")
            self.request.session[PENDING_KEY] = self.pending
        form.add_error("code", check.refusal)
        return self.form_invalid(form)


class TwoFactorSetupView(CabinetMixin, FormView):
    """Turn it on: scan the QR code (or type the secret), confirm with the first code, see the recovery codes once."""

    template_name = "lk_portal/two_factor_setup.html"
    tab = "profile"
    two_factor_exempt = True

    def get_form(self, form_class=None):
        return TwoFactorCodeForm(**self.get_form_kwargs(), allow_recovery=False)

    def get(self, request, *args, **kwargs):
        if tf.two_factor_enabled(request.user):
            messages.info(request, "Двухфакторный вход уже включен.")
            return redirect("lk:profile")
        return super().get(request, *args, **kwargs)

    def setup_key(self) -> str:
        return tf.totp_pending_key(self.request.session, SETUP_KEY)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = self.setup_key()
        context["qr_svg"] = qr_svg(tf.totp_config_url(self.request.user, key))
        context["secret"] = tf.totp_secret_text(key)
        context["required"] = self.abonent.require_two_factor
        return context

    def form_valid(self, form):
        enabled = tf.two_factor_enable(user=self.request.user, key=self.setup_key(), code=form.cleaned_data["code"])
        if enabled is None:
            form.add_error("code", "Код не подошел. Проверьте, что время на телефоне верное, и введите новый код.")
            return self.form_invalid(form)
        del self.request.session[SETUP_KEY]
        otp_login(self.request, enabled.device)
        journal_record("two_factor_on", request=self.request)
        return _codes_page(self, enabled.recovery_codes, "Двухфакторный вход включен")


def _codes_page(view, codes, heading):
    """The recovery codes, shown this once and never cached."""
    response = render(
        view.request,
        "lk_portal/two_factor_codes.html",
        {"codes": codes, "heading": heading, "abonent": view.abonent, "tab": "profile"},
    )
    add_never_cache_headers(response)
    return response


class _ProfileCodeAction(CabinetMixin, View):
    """A POST from «Профиль» confirmed with a current code (or a recovery code)."""

    http_method_names = ["post"]

    def post(self, request):
        form = TwoFactorCodeForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["code"][0])
            return redirect("lk:profile")
        check = tf.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if check.device is None:
            messages.error(request, check.refusal)
            return redirect("lk:profile")
        return self.confirmed()


class TwoFactorDisableView(_ProfileCodeAction):
    def post(self, request):
        if self.abonent.require_two_factor:
            messages.error(
                request, "Организация требует двухфакторный вход от всех пользователей: выключить его нельзя."
            )
            return redirect("lk:profile")
        return super().post(request)

    def confirmed(self):
        tf.two_factor_disable(self.request.user)
        journal_record("two_factor_off", request=self.request)
        messages.success(self.request, "Двухфакторный вход выключен. Теперь для входа достаточно пароля.")
        return redirect("lk:profile")


class RecoveryCodesView(_ProfileCodeAction):
    def confirmed(self):
        codes = tf.recovery_codes_renew(self.request.user)
        journal_record("recovery_codes", request=self.request)
        return _codes_page(self, codes, "Новые резервные коды")


class TwoFactorRequireView(CabinetMixin, View):
    """The organisation-wide switch: its administrators'."""

    http_method_names = ["post"]
    capability = Capability.MANAGE_TEAM

    def post(self, request):
        form = TwoFactorRequireForm(request.POST)
        form.is_valid()
        required = form.cleaned_data.get("required", False)
        if required and not request.user.is_verified():
            messages.error(
                request,
                "Сначала включите двухфакторный вход для себя: иначе после включения требования "
                "вы не сможете открыть кабинет без настройки приложения.",
            )
            return redirect("lk:profile")
        tf.abonent_require_two_factor_set(abonent=self.abonent, required=required)
        journal_record("two_factor_require", request=request, details={"required": required})
        messages.success(
            request,
            "Двухфакторный вход обязателен для всех пользователей организации."
            if required
            else "Двухфакторный вход больше не обязателен: каждый пользователь решает сам.",
        )
        return redirect("lk:profile")
