"""Staff screens for abonent accounts in Wagtail admin: registration, the accounts list and
each account's page with the registration card PDF and the actions «Отправить письмо повторно»,
«Зарегистрировать повторно», «Заблокировать»."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lk_portal.account_forms import AbonentRegistrationForm
from lk_portal.domain.accounts import RegistrationError, activation_window
from lk_portal.exports.html_pdf import render_pdf
from lk_portal.models import User
from lk_portal.services.account_letters import site_host
from lk_portal.services.accounts import abonent_register, account_block, account_reregister, activation_letter_send
from lk_portal.services.outbox import letter_latest, letter_state_text

REGISTER_PERMISSION = "lk_portal.add_user"
MANAGE_PERMISSION = "lk_portal.change_user"


class PermissionMixin:
    permission = MANAGE_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccountsBreadcrumbsMixin(WagtailAdminTemplateMixin):
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lk_accounts:list"), "label": "Учетные записи абонентов"},
            {"url": "", "label": self.get_page_title()},
        ]


def account_queryset():
    return User.objects.filter(abonent__isnull=False).select_related("abonent__branch")


class AccountListView(PermissionMixin, AccountsBreadcrumbsMixin, TemplateView):
    template_name = "lk_portal/admin/account_list.html"
    page_title = "Учетные записи абонентов"
    paginate_by = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = account_queryset().order_by("abonent__name", "pk")
        state = self.request.GET.get("state", "")
        if state in dict(User.STATES):
            accounts = accounts.filter(state=state)
        query = self.request.GET.get("q", "").strip()
        if query:
            accounts = accounts.filter(
                Q(username__icontains=query)
                | Q(abonent__inn__icontains=query)
                | Q(abonent__name__icontains=query)
                | Q(email__icontains=query)
            )
        page = Paginator(accounts, self.paginate_by).get_page(self.request.GET.get("p"))
        context.update(
            page_obj=page,
            accounts=page.object_list,
            states=User.STATES,
            state=state,
            query=query,
            can_register=self.request.user.has_perm(REGISTER_PERMISSION),
        )
        return context


class AccountRegisterView(PermissionMixin, AccountsBreadcrumbsMixin, FormView):
    permission = REGISTER_PERMISSION
    template_name = "lk_portal/admin/account_register.html"
    form_class = AbonentRegistrationForm
    page_title = "Регистрация абонента"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = abonent_register(
                inn=data["inn"],
                kpp=data["kpp"],
                email=data["email"],
                name=data["name"].strip(),
                branch=data["branch"],
                contract_number=data["contract_number"].strip(),
                contact_person=data["contact_person"].strip(),
                phone=data["phone"].strip(),
            )
        except RegistrationError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Абонент зарегистрирован. Логин: {user.username}. Письмо активации отправлено на {user.email}.",
        )
        return redirect("lk_accounts:detail", pk=user.pk)


class AccountDetailView(PermissionMixin, AccountsBreadcrumbsMixin, TemplateView):
    template_name = "lk_portal/admin/account_detail.html"

    def dispatch(self, request, *args, pk, **kwargs):
        self.account = get_object_or_404(account_queryset(), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Учетная запись {self.account.username}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.account
        letter = letter_latest(user=account, kind="activation")
        from lk_portal.admin_views.team import team_context

        context.update(team_context(account))
        context.update(
            account=account,
            abonent=account.abonent,
            window=activation_window(sent_on=account.activation_sent_on) if account.activation_sent_on else None,
            activation_letter=letter,
            activation_letter_state=letter_state_text(letter) if letter else "",
            can_view_as=self.request.user.has_perm("lk_portal.view_as_abonent"),
            letters_url=(
                reverse("letters:index") + "?" + urlencode({"q": account.email})
                if letter and self.request.user.has_perm("lk_portal.view_outgoingletter")
                else ""
            ),
        )
        return context


class AccountCardView(PermissionMixin, View):
    """«Регистрационная карта» as a PDF to print and hand to the abonent."""

    def get(self, request, pk):
        account = get_object_or_404(account_queryset(), pk=pk)
        pdf = render_pdf(
            "documents/registration_card.html",
            {
                "account": account,
                "abonent": account.abonent,
                "branch": account.abonent.branch,
                "site_host": site_host(),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="registration-card-{account.username}.pdf"'
        return response


class AccountActionView(PermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        account = get_object_or_404(account_queryset(), pk=pk)
        try:
            text = self.act(account)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, text)
        return redirect("lk_accounts:detail", pk=account.pk)


class AccountResendView(AccountActionView):
    def act(self, account):
        activation_letter_send(user=account)
        window = activation_window(sent_on=account.activation_sent_on)
        return f"Письмо активации отправлено повторно на {account.email}; ссылка действует {window.span}."


class AccountReregisterView(AccountActionView):
    def act(self, account):
        account_reregister(user=account)
        window = activation_window(sent_on=account.activation_sent_on)
        return (
            f"Учетная запись зарегистрирована повторно. Новое письмо отправлено на {account.email}; ссылка "
            f"действует {window.span}."
        )


class AccountBlockView(AccountActionView):
    def act(self, account):
        account_block(user=account)
        return "Учетная запись заблокирована."


urlpatterns = [
    path("", AccountListView.as_view(), name="list"),
    path("register/", AccountRegisterView.as_view(), name="register"),
    path("<int:pk>/", AccountDetailView.as_view(), name="detail"),
    path("<int:pk>/card.pdf", AccountCardView.as_view(), name="card"),
    path("<int:pk>/resend/", AccountResendView.as_view(), name="resend"),
    path("<int:pk>/reregister/", AccountReregisterView.as_view(), name="reregister"),
    path("<int:pk>/block/", AccountBlockView.as_view(), name="block"),
]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def register_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Регистрация абонента",
        reverse_lazy("lk_accounts:register"),
        name="lk-register-abonent",
        icon_name="user",
        order=250,
        permission=REGISTER_PERMISSION,
    )


def accounts_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Учетные записи абонентов",
        reverse_lazy("lk_accounts:list"),
        name="lk-abonent-accounts",
        icon_name="group",
        order=251,
        permission=MANAGE_PERMISSION,
    )
