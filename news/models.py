"""News for abonents: index, items, topics."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class NewsTopic(models.Model):
    name = models.CharField("Тема", max_length=100, unique=True)
    slug = models.SlugField("Код", max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField("Порядок", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "тема новостей"
        verbose_name_plural = "темы новостей"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class NewsIndexPage(Page):
    intro = RichTextField("Вступление", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "список новостей"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-id")
        return context


class NewsPage(Page):
    date = models.DateField("Дата новости", default=timezone.localdate)
    topic = models.ForeignKey(
        NewsTopic, on_delete=models.SET_NULL, null=True, blank=True, related_name="news", verbose_name="Тема"
    )
    summary = models.CharField("Кратко", max_length=500, blank=True)
    body = RichTextField("Текст")

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "новость"
        verbose_name_plural = "новости"
