from django.urls import path
from django.views.generic import RedirectView

from lk_portal.views import auth, contracts

app_name = "lk"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="lk:contracts", permanent=False), name="index"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("contracts/", contracts.ContractListView.as_view(), name="contracts"),
]
