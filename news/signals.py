"""Wagtail publishing hooks for news; the rule itself lives in news.services.reads."""

from django.dispatch import receiver
from wagtail.signals import page_published

from news.models import NewsPage


@receiver(page_published, dispatch_uid="news_important_update")
def _important_update_on_publish(sender, instance, revision=None, **kwargs):
    # Scheduled publishing sends the signal also when the page is not live yet: wait for go-live.
    if isinstance(instance, NewsPage) and instance.live and instance.important_update:
        from news.services.reads import news_important_update_register

        news_important_update_register(page=instance, revision=revision)
