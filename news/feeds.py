"""RSS feed of the public news (/novosti/rss/)."""

from django.contrib.syndication.views import Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from news.models import NewsIndexPage, NewsPage

FEED_SIZE = 20


class NewsFeed(Feed):
    description = "Новости ОАО «Генерирующая компания» для абонентов: законодательство, тарифы, новые сервисы."

    def __init__(self, *, index: NewsIndexPage):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} — Личный кабинет потребителя тепловой энергии"

    def link(self):
        return self.index.get_url(self.request)

    def items(self):
        from news.selectors import news_public_list

        return news_public_list(index=self.index)[:FEED_SIZE]

    def item_title(self, item: NewsPage):
        return item.title

    def item_description(self, item: NewsPage):
        return item.summary or Truncator(strip_tags(item.body)).words(60)

    def item_link(self, item: NewsPage):
        return item.get_url(self.request)

    def item_pubdate(self, item: NewsPage):
        return item.first_published_at

    def item_updateddate(self, item: NewsPage):
        return item.last_published_at

    def item_categories(self, item: NewsPage):
        return [item.topic.name] if item.topic else []
