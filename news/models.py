"""News for abonents: index, items, topics, attached documents and the per-abonent read state."""

from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

NEWS_PER_PAGE = 10


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


class NewsIndexPage(RoutablePageMixin, Page):
    intro = RichTextField("Вступление", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "список новостей"

    @path("")
    def listing(self, request):
        from news.selectors import news_public_list

        slug = request.GET.get("topic", "").strip()
        topic = None
        if slug:
            topic = NewsTopic.objects.filter(slug=slug).first()
            if topic is None:
                raise Http404("Нет такой темы новостей.")
        items = news_public_list(index=self, topic=topic)
        page_obj = _paginate(items, request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "topics": NewsTopic.objects.all(),
                "current_topic": topic,
                "news_page": page_obj,
                "news_items": page_obj.object_list,
            },
        )

    @path("rss/")
    def rss(self, request):
        from news.feeds import NewsFeed

        return NewsFeed(index=self)(request)


def _paginate(queryset, number):
    from django.core.paginator import Paginator

    return Paginator(queryset, NEWS_PER_PAGE).get_page(number)


class NewsPage(Page):
    date = models.DateField("Дата новости", default=timezone.localdate)
    topic = models.ForeignKey(
        NewsTopic, on_delete=models.SET_NULL, null=True, blank=True, related_name="news", verbose_name="Тема"
    )
    summary = models.CharField("Кратко", max_length=500, blank=True)
    body = RichTextField("Текст")
    important_update = models.BooleanField(
        "Важное обновление",
        default=False,
        help_text=(
            "Отметьте, если правка важна: после публикации новость снова станет непрочитанной для всех абонентов. "
            "Отметка снимается сама после публикации."
        ),
    )
    # Bumped when a revision with «Важное обновление» goes live; reads older than it count as unread.
    important_update_at = models.DateTimeField("Важное обновление опубликовано", null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("documents", label="Нормативный документ", heading="Нормативные документы"),
        MultiFieldPanel([FieldPanel("important_update")], heading="Непрочитанные у абонентов"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "новость"
        verbose_name_plural = "новости"

    def with_content_json(self, content):
        # The important-update moment belongs to the page, not to a revision: publishing an
        # older revision must not move it back.
        obj = super().with_content_json(content)
        obj.important_update_at = self.important_update_at
        return obj

    @property
    def published_moment(self):
        return self.important_update_at or self.first_published_at


class NewsPageDocument(Orderable):
    """A normative document attached to a news item (decree, order, letter)."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name="Документ"
    )
    title = models.CharField("Название ссылки", max_length=255, blank=True, help_text="Если пусто — название документа")

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "нормативный документ"
        verbose_name_plural = "нормативные документы"

    @property
    def link_title(self) -> str:
        return self.title or self.document.title

    @property
    def label(self) -> str:
        from news.documents import document_label

        return document_label(self.document)


class NewsRead(models.Model):
    """That a member of an abonent opened a news item in the cabinet, and when (each member reads for itself)."""

    user = models.ForeignKey(
        "lk_portal.User", on_delete=models.CASCADE, related_name="news_reads", verbose_name="Пользователь"
    )
    page = models.ForeignKey(NewsPage, on_delete=models.CASCADE, related_name="reads", verbose_name="Новость")
    read_at = models.DateTimeField("Прочитано", default=timezone.now)

    class Meta:
        verbose_name = "прочтение новости"
        verbose_name_plural = "прочтения новостей"
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="newsread_user_page_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.page_id}"
