from django.urls import path
from django.views.generic import RedirectView

from lk_portal.views import auth, contracts
from news import views as news_views

app_name = "lk"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="lk:contracts", permanent=False), name="index"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("contracts/", contracts.ContractListView.as_view(), name="contracts"),
    path("news/", news_views.NewsListView.as_view(), name="news"),
    path("news/<int:pk>/", news_views.NewsDetailView.as_view(), name="news_detail"),
    path("news/mark-all-read/", news_views.NewsMarkAllReadView.as_view(), name="news_mark_all_read"),
]
