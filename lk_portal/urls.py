from django.urls import path

from lk_portal.views import (
    accounts,
    auth,
    contacts,
    contracts,
    documents,
    payments,
    profile,
    staff_view,
    tariffs,
    team,
    two_factor,
)
from lk_portal.views.act_compare import ActCompareSendView, ActCompareUploadView, ActCompareView
from lk_portal.views.api_tokens import ApiTokenListView, ApiTokenRevokeView
from lk_portal.views.consumption import ConsumptionView
from lk_portal.views.debt import DebtView
from lk_portal.views.export_jobs import ExportJobFileView, ExportJobListView, ExportJobStateView, ExportJobView
from lk_portal.views.home import HomeView
from lk_portal.views.journal import JournalListView
from lk_portal.views.metering import MeteringUnitDetailView, MeteringUnitListView
from lk_portal.views.notifications import NotificationListView, NotificationMarkReadView, NotificationSettingsView
from lk_portal.views.payment_terms import PaymentTermsView
from lk_portal.views.readings import ReadingsPreviewView, ReadingsTemplateView, ReadingsUploadView, ReadingsView
from lk_portal.views.reconciliation import ReconciliationView
from lk_portal.views.requests import (
    RequestCloseView,
    RequestCreateView,
    RequestDetailView,
    RequestFileView,
    RequestListView,
    RequestReopenView,
)
from lk_portal.views.to_pay import ToPayAllPdfView, ToPayListView, ToPayPdfView
from news import views as news_views

app_name = "lk"

urlpatterns = [
    path("", HomeView.as_view(), name="index"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("login/code/", two_factor.LoginCodeView.as_view(), name="login_code"),
    path("view-as/exit/", staff_view.StaffViewExitView.as_view(), name="staff_view_exit"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("activate/<str:key>/", accounts.ActivateView.as_view(), name="activate"),
    path("password-reset/", accounts.PasswordRecoveryView.as_view(), name="password_reset"),
    path("password-reset/sent/", accounts.PasswordRecoveryDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("profile/", profile.ProfileView.as_view(), name="profile"),
    path("profile/notifications/", NotificationSettingsView.as_view(), name="notification_settings"),
    path("notifications/", NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", NotificationMarkReadView.as_view(), name="notifications_read"),
    path("profile/tokens/", ApiTokenListView.as_view(), name="api_tokens"),
    path("profile/tokens/<int:pk>/revoke/", ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("profile/password/", profile.PasswordChangeView.as_view(), name="password_change"),
    path("profile/2fa/", two_factor.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("profile/2fa/off/", two_factor.TwoFactorDisableView.as_view(), name="two_factor_disable"),
    path("profile/2fa/codes/", two_factor.RecoveryCodesView.as_view(), name="two_factor_codes"),
    path("profile/2fa/require/", two_factor.TwoFactorRequireView.as_view(), name="two_factor_require"),
    path("profile/email/<str:token>/", accounts.EmailConfirmView.as_view(), name="email_confirm"),
    path("contracts/", contracts.ContractListView.as_view(), name="contracts"),
    path("payment-terms/", PaymentTermsView.as_view(), name="payment_terms"),
    path("to-pay/", ToPayListView.as_view(), name="to_pay"),
    path("to-pay/pdf/", ToPayAllPdfView.as_view(), name="to_pay_pdf_all"),
    path("to-pay/<int:pk>/pdf/", ToPayPdfView.as_view(), name="to_pay_pdf"),
    path("debt/", DebtView.as_view(), name="debt"),
    path("reconciliation/", ReconciliationView.as_view(), name="reconciliation"),
    path("reconciliation/compare/", ActCompareUploadView.as_view(), name="act_compare"),
    path("reconciliation/compare/<int:pk>/", ActCompareView.as_view(), name="act_compare_result"),
    path("reconciliation/compare/<int:pk>/send/", ActCompareSendView.as_view(), name="act_compare_send"),
    path("news/", news_views.NewsListView.as_view(), name="news"),
    path("news/<int:pk>/", news_views.NewsDetailView.as_view(), name="news_detail"),
    path("news/mark-all-read/", news_views.NewsMarkAllReadView.as_view(), name="news_mark_all_read"),
    path("contacts/", contacts.ContactListView.as_view(), name="contacts"),
    path("payments/", payments.PaymentListView.as_view(), name="payments"),
    path("documents/", documents.DocumentListView.as_view(), name="documents"),
    path("team/journal/", JournalListView.as_view(), name="journal"),
    path("tariffs/", tariffs.TariffListView.as_view(), name="tariffs"),
    path("team/", team.TeamView.as_view(), name="team"),
    path("team/<int:pk>/", team.TeamMemberView.as_view(), name="team_member"),
    path("team/<int:pk>/block/", team.TeamMemberBlockView.as_view(), name="team_member_block"),
    path("team/<int:pk>/unblock/", team.TeamMemberUnblockView.as_view(), name="team_member_unblock"),
    path(
        "team/invitations/<int:pk>/revoke/",
        team.TeamInvitationRevokeView.as_view(),
        name="team_invitation_revoke",
    ),
    path("invite/<str:key>/", team.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("exports/", ExportJobListView.as_view(), name="export_jobs"),
    path("exports/<int:pk>/", ExportJobView.as_view(), name="export_job"),
    path("exports/<int:pk>/state/", ExportJobStateView.as_view(), name="export_job_state"),
    path("exports/<int:pk>/file/", ExportJobFileView.as_view(), name="export_job_file"),
    path("metering/", MeteringUnitListView.as_view(), name="metering"),
    path("metering/<int:pk>/", MeteringUnitDetailView.as_view(), name="metering_unit"),
    path("consumption/", ConsumptionView.as_view(), name="consumption"),
    path("metering/readings/", ReadingsView.as_view(), name="readings"),
    path("metering/readings/template.xlsx", ReadingsTemplateView.as_view(), name="readings_template"),
    path("metering/readings/upload/", ReadingsUploadView.as_view(), name="readings_upload"),
    path("metering/readings/preview/", ReadingsPreviewView.as_view(), name="readings_preview"),
    path("requests/", RequestListView.as_view(), name="requests"),
    path("requests/new/", RequestCreateView.as_view(), name="request_new"),
    path("requests/<int:pk>/", RequestDetailView.as_view(), name="request"),
    path("requests/<int:pk>/close/", RequestCloseView.as_view(), name="request_close"),
    path("requests/<int:pk>/reopen/", RequestReopenView.as_view(), name="request_reopen"),
    path("requests/files/<int:pk>/", RequestFileView.as_view(), name="request_file"),
]
