"""/lk/profile/tokens/: a member's API tokens — create (the secret shown once), see, revoke (issue 19)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from lk_portal.domain.roles import Capability
from lk_portal.models import API_ACCESS, API_WRITE
from lk_portal.selectors.api_tokens import api_token_list
from lk_portal.services.api_tokens import TOKEN_LIFETIMES, api_token_create, api_token_revoke

from .base import CabinetMixin

NEW_SECRET = "api_token_new"  # the session's key for the secret shown once after the redirect


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Название",
        max_length=100,
        help_text="Для чего ключ, например «1С: Бухгалтерия».",
        error_messages={"required": "Укажите название ключа.", "max_length": "Не больше 100 символов."},
    )
    access = forms.ChoiceField(
        label="Доступ", choices=API_ACCESS, initial="read", error_messages={"invalid_choice": "Выберите доступ."}
    )
    days = forms.TypedChoiceField(
        label="Срок действия",
        choices=list(TOKEN_LIFETIMES.items()),
        coerce=int,
        initial=90,
        error_messages={"invalid_choice": "Выберите срок действия."},
    )


@method_decorator(never_cache, name="dispatch")  # the page shows a secret once: no copy in any cache
class ApiTokenListView(CabinetMixin, TemplateView):
    template_name = "lk_portal/api_tokens.html"
    tab = "profile"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ApiTokenForm())
        context["tokens"] = list(api_token_list(viewer=self.viewer))
        shown = self.request.session.pop(NEW_SECRET, None) if self.request.method == "GET" else None
        if shown:  # the secret of the token just created, once: a reload does not show it again
            context["new_secret"] = shown["secret"]
            context["new_token"] = next((t for t in context["tokens"] if t.pk == shown["pk"]), None)
        context["now"] = timezone.now()
        context["manages"] = self.viewer.can(Capability.MANAGE_TOKENS)
        context["writes_useful"] = self.viewer.can(Capability.SUBMIT_READINGS) or self.viewer.can(
            Capability.FILE_REQUESTS
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        new = api_token_create(member=request.user, name=data["name"], access=data["access"], days=data["days"])
        # Post/Redirect/Get: reloading the page must not create a second token.
        request.session[NEW_SECRET] = {"secret": new.secret, "pk": new.token.pk}
        return redirect("lk:api_tokens")


class ApiTokenRevokeView(CabinetMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        token = api_token_revoke(viewer=self.viewer, pk=pk)
        messages.success(request, f"Ключ «{token.name}» отозван: обращения с ним больше не принимаются.")
        return redirect("lk:api_tokens")


__all__ = ["API_WRITE", "ApiTokenListView", "ApiTokenRevokeView"]
