from django.contrib.auth import views as auth_views

from lk_portal.forms import LoginForm

REMEMBER_ME_AGE = 30 * 24 * 3600


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # «Запомнить меня»: 30 days; otherwise the session ends with the browser.
        self.request.session.set_expiry(REMEMBER_ME_AGE if form.cleaned_data.get("remember_me") else 0)
        return response


class LogoutView(auth_views.LogoutView):
    pass
