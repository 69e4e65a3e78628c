"""Staff screen «Письма»: every letter of the outbox, read-only, with «Отправить повторно»."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from lk_portal.admin_views.permissions import ViewOnlyPermissionPolicy
from lk_portal.admin_views.wording import NEUTER, NamedIndexView, NamedInspectView, NamedModelViewSet, Noun
from lk_portal.models import LETTER_KINDS, OutgoingLetter
from lk_portal.services.outbox import LetterError, letter_resend, letter_state_text

RESEND_PERMISSION = "lk_portal.change_outgoingletter"


class LetterPermissionPolicy(ViewOnlyPermissionPolicy):
    """Letters are written by the portal only: staff may look (and resend), never add, edit or delete."""

    viewing = ("view", "change")


class LetterFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="Состояние", choices=OutgoingLetter.STATES, empty_label="Все", widget=forms.RadioSelect
    )
    kind = django_filters.ChoiceFilter(
        label="Вид письма", choices=lambda: list(LETTER_KINDS.items()), empty_label="Все", widget=forms.RadioSelect
    )

    class Meta:
        model = OutgoingLetter
        fields = ["state", "kind"]


class LetterIndexView(NamedIndexView):
    def get_base_queryset(self):
        # The text stays on the letter's own page.
        return super().get_base_queryset().defer("body", "body_html")


class LetterInspectView(NamedInspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.object
        context.update(
            letter=letter,
            state_text=letter_state_text(letter),
            retry_hours=settings.LK_OUTBOX_RETRY_HOURS,
            can_resend=self.request.user.has_perm(RESEND_PERMISSION) and letter.state != OutgoingLetter.CANCELLED,
        )
        return context


class OutgoingLetterViewSet(NamedModelViewSet):
    model = OutgoingLetter
    noun = Noun("письмо", "письмо", "писем", NEUTER)
    icon = "mail"
    menu_label = "Письма"
    menu_order = 252  # beside «Учетные записи абонентов»
    add_to_admin_menu = True
    url_prefix = "letters"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = LetterIndexView
    inspect_view_class = LetterInspectView
    inspect_template_name = "lk_portal/admin/letter_inspect.html"
    search_backend_name = None
    search_fields = ["recipient", "subject"]
    filterset_class = LetterFilterSet
    list_per_page = 50
    form_fields = ["recipient"]  # required by ModelViewSet; the edit views are closed by the permission policy
    list_display = [
        "recipient",  # the title column: a link to the letter's page
        Column("kind", label="Вид", accessor="kind_label"),
        Column("subject", label="Тема"),
        Column("state", label="Состояние", accessor=letter_state_text),
        Column("attempts", label="Попыток"),
        DateColumn("created_at", label="Создано"),
    ]

    @property
    def permission_policy(self):
        return LetterPermissionPolicy(self.model)

    @property
    def menu_url(self):
        # Lazy, as the other staff menus: the admin's prefix (LK_ADMIN_PATH) is read when the menu renders.
        return reverse_lazy(self.get_url_name("index"))

    def resend_view(self, request, pk):
        if request.method != "POST":
            return redirect(self.get_url_name("inspect"), pk)
        if not request.user.has_perm(RESEND_PERMISSION):
            raise PermissionDenied
        letter = get_object_or_404(OutgoingLetter, pk=pk)
        try:
            resent = letter_resend(letter=letter)
        except LetterError as error:
            messages.error(request, str(error))
            return redirect(self.get_url_name("inspect"), pk)
        if resent.pk != letter.pk:
            messages.success(request, f"Копия письма поставлена в очередь на {resent.recipient}.")
        else:
            messages.success(
                request, f"Письмо поставлено в очередь на {resent.recipient}: {letter_state_text(resent)}."
            )
        return redirect(self.get_url_name("inspect"), resent.pk)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/resend/", self.resend_view, name="resend")]


letters_viewset = OutgoingLetterViewSet("letters")
