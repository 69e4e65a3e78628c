from django.urls import path
from django.views.generic import RedirectView

from lk_portal.views import auth, contacts, contracts, documents, payments, tariffs

app_name = "lk"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="lk:contracts", permanent=False), name="index"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("contracts/", contracts.ContractListView.as_view(), name="contracts"),
    path("contacts/", contacts.ContactListView.as_view(), name="contacts"),
    path("payments/", payments.PaymentListView.as_view(), name="payments"),
    path("documents/", documents.DocumentListView.as_view(), name="documents"),
    path("tariffs/", tariffs.TariffListView.as_view(), name="tariffs"),
]
