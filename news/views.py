"""The cabinet's «Новости» tab: /lk/news/, /lk/news/<id>/, and «Отметить все прочитанными»."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from lk_portal.views.base import CabinetMixin
from news.selectors import news_cabinet_list, news_cabinet_page, news_counted_since
from news.services.reads import news_mark_all_read, news_mark_read


class NewsCabinetMixin(CabinetMixin):
    tab = "news"

    def news(self):
        return news_cabinet_list(user=self.request.user, since=news_counted_since(user=self.request.user))


class NewsListView(NewsCabinetMixin, TemplateView):
    template_name = "news/cabinet_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page_obj = news_cabinet_page(
            user=user, since=news_counted_since(user=user), number=self.request.GET.get("page")
        )
        context["news_page"] = page_obj
        context["news_items"] = page_obj.object_list
        return context


class NewsDetailView(NewsCabinetMixin, TemplateView):
    template_name = "news/cabinet_detail.html"

    def get(self, request, *args, **kwargs):
        self.item = get_object_or_404(self.news(), pk=kwargs["pk"])
        if not getattr(request, "lk_staff", None):  # staff looking as the abonent read nothing for it
            news_mark_read(user=request.user, page=self.item)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        context["documents"] = self.item.documents.select_related("document")
        return context


class NewsMarkAllReadView(NewsCabinetMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = news_mark_all_read(user=request.user, since=news_counted_since(user=request.user))
        if count:
            messages.success(request, f"Отмечено прочитанными новостей: {count}.")
        return redirect("lk:news")
