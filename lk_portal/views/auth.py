from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from wagtail.admin.views.account import LoginView as AdminLoginView

from lk_portal.forms import LoginForm
from lk_portal.services.accounts import account_block_if_expired_at_login
from lk_portal.services.two_factor import two_factor_enabled
from lk_portal.views.two_factor import REMEMBER_ME_AGE, login_pending_start

LOCKOUT_MESSAGE = (
    "Слишком много неудачных попыток входа подряд. Вход с этим логином временно заблокирован на 15 минут. "
    "Повторите попытку позже или воспользуйтесь восстановлением пароля."
)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_initial(self):
        # «?login=» from the invitation page: the new member's e-mail filled in.
        return {"username": self.request.GET.get("login", "")[:150]}

    def post(self, request, *args, **kwargs):
        # An account past its activation window is blocked before the password is checked, so the
        # form's answer already says «заблокирована».
        account_block_if_expired_at_login(username=request.POST.get("username", ""))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if two_factor_enabled(user):
            # The password was right; the login happens after the code (views/two_factor.py).
            login_pending_start(
                self.request,
                user=user,
                remember=bool(form.cleaned_data.get("remember_me")),
                next_url=self.get_redirect_url(),
            )
            return redirect("lk:login_code")
        response = super().form_valid(form)
        # «Запомнить меня»: 30 days; otherwise the session ends with the browser.
        self.request.session.set_expiry(REMEMBER_ME_AGE if form.cleaned_data.get("remember_me") else 0)
        return response


class LogoutView(auth_views.LogoutView):
    pass


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with a message that is the same for any login."""
    if request.path == reverse("wagtailadmin_login"):
        return _admin_lockout_response(request)
    form = LoginForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": LOCKOUT_MESSAGE, "next": request.POST.get("next", "")},
        status=429,
    )


def _admin_lockout_response(request):
    """Wagtail admin's own login page, with the lockout message and 429."""
    messages.error(request, LOCKOUT_MESSAGE)
    view = AdminLoginView()
    view.setup(request)
    form = view.get_form_class()(request)
    response = view.render_to_response(view.get_context_data(form=form))
    response.status_code = 429
    return response.render()
