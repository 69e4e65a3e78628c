"""Staff manage an organisation's team from an account's page in Wagtail admin (issue 15): the same
members, invitations, roles, scopes and rules as the cabinet's «Пользователи» (services/team.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import View

from lk_portal.account_forms import InvitationForm, MemberForm
from lk_portal.domain.team import TeamError
from lk_portal.models import Invitation, User
from lk_portal.selectors.team import team_invitation_list, team_member_list
from lk_portal.services.team import invitation_create, invitation_revoke, member_unblock, member_update

from .accounts import PermissionMixin, account_queryset


def team_context(account: User) -> dict:
    """What the account page shows of its organisation's team, and the forms to change it."""
    abonent = account.abonent
    return {
        "members": list(team_member_list(abonent=abonent)),
        "invitations": list(team_invitation_list(abonent=abonent)),
        "member_form": MemberForm(
            abonent=abonent, initial={"role": account.role, "contracts": list(account.contracts.all())}
        ),
        "invite_form": InvitationForm(abonent=abonent, auto_id="invite_%s"),
    }


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class _TeamAction(PermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        account = get_object_or_404(account_queryset(), pk=pk)
        try:
            text = self.act(account)
        except TeamError as error:
            messages.error(request, error.message)
        else:
            if text:
                messages.success(request, text)
        return redirect("lk_accounts:detail", pk=account.pk)


class MemberRoleView(_TeamAction):
    def act(self, account):
        form = MemberForm(self.request.POST, abonent=account.abonent)
        if not form.is_valid():
            raise TeamError(_form_errors(form))
        data = form.cleaned_data
        member_update(
            abonent=account.abonent, member=account, role=data["role"], contract_ids=[c.pk for c in data["contracts"]]
        )
        return "Роль и договоры пользователя сохранены."


class MemberUnblockView(_TeamAction):
    def act(self, account):
        member_unblock(abonent=account.abonent, member=account)
        return "Учетная запись разблокирована."


class InviteView(_TeamAction):
    def act(self, account):
        form = InvitationForm(self.request.POST, abonent=account.abonent)
        if not form.is_valid():
            raise TeamError(_form_errors(form))
        data = form.cleaned_data
        invitation = invitation_create(
            abonent=account.abonent,
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            contract_ids=[c.pk for c in data["contracts"]],
            by=self.request.user,
        )
        return f"Приглашение отправлено на адрес {invitation.email}."


class InvitationRevokeView(_TeamAction):
    def post(self, request, pk, invitation_id):
        self.invitation = get_object_or_404(Invitation, pk=invitation_id, abonent__members__pk=pk)
        return super().post(request, pk)

    def act(self, account):
        invitation_revoke(invitation=self.invitation)
        return f"Приглашение на адрес {self.invitation.email} отозвано."


urlpatterns = [
    path("<int:pk>/team/role/", MemberRoleView.as_view(), name="member_role"),
    path("<int:pk>/team/unblock/", MemberUnblockView.as_view(), name="member_unblock"),
    path("<int:pk>/team/invite/", InviteView.as_view(), name="invite"),
    path("<int:pk>/team/invitations/<int:invitation_id>/revoke/", InvitationRevokeView.as_view(), name="revoke"),
]
