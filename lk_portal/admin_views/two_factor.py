"""Wagtail admin's two-factor page (LK_STAFF_REQUIRE_2FA): set up the app, or enter its code.

`lk_portal.middleware.StaffTwoFactorMiddleware` sends here every admin request of a session that has
not passed the second step; a right code marks the session (django-otp) and goes on to `next`.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView
from django_otp import login as otp_login
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lk_portal.account_forms import TwoFactorCodeForm
from lk_portal.presentation.two_factor import qr_svg
from lk_portal.services import two_factor as tf
from lk_portal.services.journal import journal_record

SETUP_KEY = "lk_staff_two_factor_key"


class StaffTwoFactorView(WagtailAdminTemplateMixin, FormView):
    template_name = "lk_portal/admin/two_factor.html"
    page_title = "Двухфакторный вход"
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        self.enabled = tf.two_factor_enabled(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return TwoFactorCodeForm(**self.get_form_kwargs(), allow_recovery=self.enabled)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def setup_key(self) -> str:
        return tf.totp_pending_key(self.request.session, SETUP_KEY)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enabled"] = self.enabled
        context["verified"] = self.request.user.is_verified()
        if not self.enabled:
            key = self.setup_key()
            context["qr_svg"] = qr_svg(tf.totp_config_url(self.request.user, key))
            context["secret"] = tf.totp_secret_text(key)
        return context

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        if self.enabled:
            check = tf.two_factor_verify(user=self.request.user, code=code)
            if check.device is None:
                journal_record("login_code_failed", request=self.request)
                form.add_error("code", check.refusal)
                return self.form_invalid(form)
            otp_login(self.request, check.device)
            return redirect(self.next_url())
        enabled = tf.two_factor_enable(user=self.request.user, key=self.setup_key(), code=code)
        if enabled is None:
            form.add_error("code", "Код не подошел. Проверьте, что время на телефоне верное, и введите новый код.")
            return self.form_invalid(form)
        del self.request.session[SETUP_KEY]
        otp_login(self.request, enabled.device)
        journal_record("two_factor_on", request=self.request)
        messages.success(self.request, "Двухфакторный вход включен.")
        response = self.render_to_response(
            {**self.get_context_data(form=form), "codes": enabled.recovery_codes, "next": self.next_url()}
        )
        add_never_cache_headers(response)
        return response

    def next_url(self) -> str:
        url = self.request.GET.get("next", "")
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}):
            return url
        return reverse("wagtailadmin_home")
