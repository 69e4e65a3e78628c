"""Public content pages: home, the guide's instruction pages, branch contacts, the application form."""

from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    intro = RichTextField("Вступление", blank=True)
    body = RichTextField("Текст", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "главная страница"


class InstructionPage(Page):
    """A section of the user guide; sections nest (the index is /instrukciya/)."""

    summary = models.CharField("Кратко", max_length=255, blank=True)
    body = RichTextField("Текст раздела", blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.InstructionPage"]
    subpage_types = ["home.InstructionPage"]

    class Meta:
        verbose_name = "раздел инструкции"
        verbose_name_plural = "разделы инструкции"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        if isinstance(self.get_parent().specific, InstructionPage):
            context["previous_section"] = self.get_prev_siblings().live().public().first()
            context["next_section"] = self.get_next_siblings().live().public().first()
        return context


class ContactsPage(Page):
    """Branch contacts (/kontakty/); the branches themselves are edited as data."""

    intro = RichTextField("Вступление", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "контакты филиалов"

    def get_context(self, request, *args, **kwargs):
        from lk_portal.models import Branch

        context = super().get_context(request, *args, **kwargs)
        context["branches"] = Branch.objects.all()
        return context


SESSION_APPLICATIONS = "lk_registration_applications"


class ApplicationFormPage(RoutablePageMixin, Page):
    """«Заявка на регистрацию» (/zayavka/): the blank form as a PDF, or the web form filled into a PDF."""

    intro = RichTextField("Вступление", blank=True)
    done_text = RichTextField(
        "Текст после отправки",
        blank=True,
        help_text="Показывается над ссылкой на заполненную заявку и адресом филиала.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("done_text")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "заявка на регистрацию"

    @path("")
    def application_form(self, request):
        from home.forms import RegistrationApplicationForm
        from lk_portal.services.applications import registration_application_create

        form = RegistrationApplicationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            application = registration_application_create(
                data=form.cleaned_data, ip_address=request.META.get("REMOTE_ADDR")
            )
            mine = request.session.get(SESSION_APPLICATIONS, [])[-9:]
            request.session[SESSION_APPLICATIONS] = [*mine, application.pk]
            return redirect(self.url + self.reverse_subpage("application_done", args=[application.pk]))
        return self.render(request, context_overrides={"form": form})

    @path("blank/")
    def blank_pdf(self, request):
        from lk_portal.services.applications import registration_application_pdf

        return _pdf_response(registration_application_pdf(), "zayavka-na-registraciyu.pdf")

    @path("gotovo/<int:pk>/", name="application_done")
    def application_done(self, request, pk):
        application = self._own_application(request, pk)
        return self.render(
            request,
            template="home/application_done.html",
            context_overrides={"application": application},
        )

    @path("<int:pk>/pdf/", name="application_pdf")
    def application_pdf(self, request, pk):
        from lk_portal.services.applications import registration_application_pdf

        application = self._own_application(request, pk)
        return _pdf_response(registration_application_pdf(application=application), f"zayavka-{application.inn}.pdf")

    def _own_application(self, request, pk):
        """Only the browser session that filled an application may see it again."""
        from lk_portal.models import RegistrationApplication

        if pk not in request.session.get(SESSION_APPLICATIONS, []):
            raise Http404("Заявка не найдена.")
        return get_object_or_404(RegistrationApplication.objects.select_related("branch"), pk=pk)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
