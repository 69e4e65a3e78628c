"""«Пользователи» (/lk/team/, administrators): members, invitations, roles and scopes; the invitation link."""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from lk_portal.account_forms import InvitationForm, MemberForm
from lk_portal.domain.roles import Capability, Role
from lk_portal.domain.team import InvitationStatus, TeamError
from lk_portal.models import User
from lk_portal.selectors.team import team_invitation_get, team_invitation_list, team_member_get, team_member_list
from lk_portal.services.journal import journal_record
from lk_portal.services.team import (
    INVITATION_REFUSED,
    invitation_accept,
    invitation_check,
    invitation_create,
    invitation_revoke,
    member_block,
    member_unblock,
    member_update,
)

from .base import CabinetMixin
from .kit import ListPageView


def _role_details(role: str, contracts) -> dict:
    """The journal's «роль: Бухгалтер; договоры: 05 Т» (no contracts chosen = all of them)."""
    return {"role": Role(role).label, "contracts": [c.number for c in contracts] or "все"}


def _form_error(form, error: TeamError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class TeamView(ListPageView):
    """The members with role, scope, state and last login; the open invitations; «Пригласить пользователя»."""

    capability = Capability.MANAGE_TEAM
    template_name = "lk_portal/team.html"
    tab = "team"
    contract_param = None

    def post(self, request, *args, **kwargs):
        self.setup_contract()
        form = InvitationForm(request.POST, abonent=self.abonent)
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = invitation_create(
                    abonent=self.abonent,
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    contract_ids=[c.pk for c in data["contracts"]],
                    by=request.user,
                )
            except TeamError as error:
                _form_error(form, error)
            else:
                journal_record(
                    "invitation_sent",
                    request=request,
                    object=invitation.email,
                    details=_role_details(invitation.role, data["contracts"]),
                )
                messages.success(
                    request,
                    f"Приглашение отправлено на адрес {invitation.email}. "
                    f"Ссылка действует до {invitation.expires_at:%d.%m.%Y %H:%M} (МСК).",
                )
                return redirect("lk:team")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members, pager = self.paginate(team_member_list(abonent=self.abonent))
        context.update(
            members=members,
            pager=pager,
            invitations=list(team_invitation_list(abonent=self.abonent)),
            form=kwargs.get("form") or InvitationForm(abonent=self.abonent, initial={"role": Role.ACCOUNTANT}),
        )
        return context


class TeamMemberView(CabinetMixin, View):
    """/lk/team/<id>/: a member's role and contract scope."""

    capability = Capability.MANAGE_TEAM
    tab = "team"

    def get(self, request, pk):
        member = team_member_get(abonent=self.abonent, pk=pk)
        initial = {"role": member.role, "contracts": list(member.contracts.all())}
        return self.show(member, MemberForm(abonent=self.abonent, initial=initial))

    def post(self, request, pk):
        member = team_member_get(abonent=self.abonent, pk=pk)
        form = MemberForm(request.POST, abonent=self.abonent)
        if form.is_valid():
            data = form.cleaned_data
            try:
                member_update(
                    abonent=self.abonent,
                    member=member,
                    role=data["role"],
                    contract_ids=[c.pk for c in data["contracts"]],
                )
            except TeamError as error:
                _form_error(form, error)
            else:
                journal_record(
                    "member_changed",
                    request=request,
                    object=member.username,
                    details=_role_details(data["role"], data["contracts"]),
                )
                messages.success(request, f"Роль и договоры пользователя {member.username} сохранены.")
                return redirect("lk:team")
        return self.show(member, form)

    def show(self, member: User, form):
        context = {"abonent": self.abonent, "tab": self.tab, "member": member, "form": form}
        return render(self.request, "lk_portal/team_member.html", context)


class _TeamActionView(CabinetMixin, View):
    """A button of the list (POST); the answer is the list with a message."""

    capability = Capability.MANAGE_TEAM
    tab = "team"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            text = self.act(pk)
        except TeamError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, text)
        return redirect("lk:team")

    def act(self, pk) -> str:
        raise NotImplementedError


class TeamMemberBlockView(_TeamActionView):
    def act(self, pk) -> str:
        member = member_block(
            abonent=self.abonent, member=team_member_get(abonent=self.abonent, pk=pk), by=self.request.user
        )
        journal_record("member_blocked", request=self.request, object=member.username)
        return f"Пользователь {member.username} заблокирован."


class TeamMemberUnblockView(_TeamActionView):
    def act(self, pk) -> str:
        member = member_unblock(abonent=self.abonent, member=team_member_get(abonent=self.abonent, pk=pk))
        journal_record("member_unblocked", request=self.request, object=member.username)
        return f"Пользователь {member.username} разблокирован."


class TeamInvitationRevokeView(_TeamActionView):
    def act(self, pk) -> str:
        invitation = invitation_revoke(invitation=team_invitation_get(abonent=self.abonent, pk=pk))
        journal_record("invitation_revoked", request=self.request, object=invitation.email)
        return f"Приглашение на адрес {invitation.email} отозвано."


class InvitationPasswordForm(SetPasswordForm):
    """«Новый пароль» / «Подтверждение» by the portal's rules (AUTH_PASSWORD_VALIDATORS)."""


class InvitationAcceptView(View):
    """/lk/invite/<key>/: the invited person sets a password, then logs in with the e-mail."""

    def dispatch(self, request, key, *args, **kwargs):
        self.status, self.invitation = invitation_check(key)
        if self.invitation is None:
            return self.refused("Ссылка приглашения недействительна. Проверьте, что она скопирована целиком.", 404)
        if self.status is not InvitationStatus.OPEN:
            return self.refused(INVITATION_REFUSED[self.status], 410)
        # The future account, unsaved: the password must not resemble its e-mail or name.
        self.future = User(
            username=self.invitation.email.lower(), email=self.invitation.email, last_name=self.invitation.full_name
        )
        return super().dispatch(request, *args, **kwargs)

    def refused(self, message: str, status: int):
        return render(self.request, "registration/invitation_refused.html", {"message": message}, status=status)

    def get(self, request, *args, **kwargs):
        return self.show(InvitationPasswordForm(self.future))

    def post(self, request, *args, **kwargs):
        form = InvitationPasswordForm(self.future, request.POST)
        if not form.is_valid():
            return self.show(form)
        try:
            user = invitation_accept(invitation=self.invitation, password=form.cleaned_data["new_password1"])
        except TeamError as error:
            return self.refused(error.message, 410)
        journal_record("invitation_accepted", user=user, abonent=user.abonent, object=user.username, request=request)
        messages.success(
            request, f"Пароль задан. Войдите в личный кабинет: логин — {user.username}, пароль — только что заданный."
        )
        return redirect(f"{reverse('lk:login')}?login={user.username}")

    def show(self, form):
        context = {"form": form, "invitation": self.invitation, "role": Role(self.invitation.role).label}
        return render(self.request, "registration/invitation_accept.html", context)
