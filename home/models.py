"""Public content pages: home, the guide's instruction pages, branch contacts."""

from django.db import models
from wagtail.admin.panels import FieldPanel
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
