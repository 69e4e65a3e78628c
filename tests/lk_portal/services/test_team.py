import datetime
import re

import pytest
import time_machine

from lk_portal.domain.team import InvitationStatus, LastAdministrator, TeamError
from lk_portal.models import Invitation, OutgoingLetter, User
from lk_portal.services.team import (
    invitation_accept,
    invitation_check,
    invitation_create,
    invitation_revoke,
    member_block,
    member_unblock,
    member_update,
)
from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.django_db
SENT = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def admin():
    return UserFactory(abonent=ContractFactory().abonent)


def key_of(letter: OutgoingLetter) -> str:
    return re.search(r"/lk/invite/([^/\s]+)/", letter.body).group(1)


def invite(admin, email="Buh@Example.ru", role="accountant", contracts=()):
    invitation = invitation_create(
        abonent=admin.abonent, email=email, role=role, contract_ids=[c.pk for c in contracts], by=admin
    )
    letter = OutgoingLetter.objects.filter(kind="invitation").latest("pk")
    return invitation, key_of(letter)


def test_an_invitation_sends_a_confidential_letter_with_a_link_whose_key_is_not_stored(admin):
    contract = admin.abonent.contracts.get()
    with time_machine.travel(SENT, tick=False):
        invitation, key = invite(admin, contracts=[contract], role="accountant")
    letter = OutgoingLetter.objects.get(kind="invitation")
    assert (letter.recipient, letter.confidential, letter.abonent_id) == ("Buh@Example.ru", True, admin.abonent_id)
    assert "Ваша роль: Бухгалтер." in letter.body and f"Договоры: {contract.number}." in letter.body
    assert "Ссылка действует до 07.12.2026 13:00" in letter.body and "с логином buh@example.ru" in letter.body
    assert key not in invitation.key_hash and len(key) >= 40
    assert invitation.expires_at == SENT + datetime.timedelta(days=5)


def test_the_invited_person_becomes_a_member_with_the_role_and_scope_once(admin):
    contract = admin.abonent.contracts.get()
    invitation, key = invite(admin, contracts=[contract])
    status, found = invitation_check(key)
    assert (status, found) == (InvitationStatus.OPEN, invitation)
    member = invitation_accept(invitation=found, password="newpass2026")
    assert (member.username, member.email, member.role, member.state) == (
        "buh@example.ru",
        "Buh@Example.ru",
        "accountant",
        User.ACTIVE,
    )
    assert list(member.contracts.all()) == [contract] and member.check_password("newpass2026")
    assert invitation_check(key)[0] is InvitationStatus.ACCEPTED
    with pytest.raises(TeamError, match="уже принято"):
        invitation_accept(invitation=found, password="another2026")
    assert invitation_check("wrong-key") == (None, None)


def test_an_invitation_expires_after_five_days(admin):
    with time_machine.travel(SENT, tick=False):
        invitation, key = invite(admin)
    with time_machine.travel(SENT + datetime.timedelta(days=5, seconds=-1), tick=False):
        assert invitation_check(key)[0] is InvitationStatus.OPEN
    with time_machine.travel(SENT + datetime.timedelta(days=5), tick=False):
        assert invitation_check(key)[0] is InvitationStatus.EXPIRED
        with pytest.raises(TeamError, match="Срок действия приглашения истек"):
            invitation_accept(invitation=invitation, password="newpass2026")
    assert not User.objects.filter(username="buh@example.ru").exists()


def test_a_revoked_or_replaced_invitation_no_longer_works(admin):
    first, first_key = invite(admin)
    second, second_key = invite(admin, email="buh@example.ru", role="observer")  # the same address again
    assert invitation_check(first_key)[0] is InvitationStatus.REVOKED
    assert invitation_check(second_key)[0] is InvitationStatus.OPEN
    invitation_revoke(invitation=second)
    assert invitation_check(second_key)[0] is InvitationStatus.REVOKED
    with pytest.raises(TeamError, match="отозвано"):
        invitation_accept(invitation=second, password="newpass2026")


def test_an_address_in_use_and_a_foreign_contract_are_refused(admin):
    with pytest.raises(TeamError) as caught:
        invitation_create(abonent=admin.abonent, email=admin.email.upper(), role="observer")
    assert caught.value.field == "email" and "уже используется" in caught.value.message
    foreign = ContractFactory()
    with pytest.raises(TeamError) as caught:
        invitation_create(abonent=admin.abonent, email="x@example.ru", role="observer", contract_ids=[foreign.pk])
    assert caught.value.field == "contracts"
    with pytest.raises(TeamError):
        invitation_create(abonent=admin.abonent, email="x@example.ru", role="director")
    assert not Invitation.objects.exists()


def test_the_organisation_keeps_an_active_administrator(admin):
    member = UserFactory(abonent=admin.abonent, username="eng@example.ru", role="engineer")
    with pytest.raises(LastAdministrator):
        member_update(abonent=admin.abonent, member=admin, role="observer")
    with pytest.raises(TeamError, match="Свою учетную запись"):
        member_block(abonent=admin.abonent, member=admin, by=admin)
    with pytest.raises(LastAdministrator):
        member_block(abonent=admin.abonent, member=admin, by=member)
    member_update(abonent=admin.abonent, member=member, role="admin")
    member_update(abonent=admin.abonent, member=admin, role="observer")  # another administrator now
    admin.refresh_from_db()
    assert admin.role == "observer"


def test_an_administrator_sees_every_contract_others_their_scope(admin):
    contract = admin.abonent.contracts.get()
    member = UserFactory(abonent=admin.abonent, username="obs@example.ru", role="observer")
    member_update(abonent=admin.abonent, member=member, role="accountant", contract_ids=[contract.pk])
    assert (member.role, list(member.contracts.all())) == ("accountant", [contract])
    member_update(abonent=admin.abonent, member=member, role="admin", contract_ids=[contract.pk])
    assert list(member.contracts.all()) == []


def test_block_and_unblock(admin):
    member = UserFactory(abonent=admin.abonent, username="obs@example.ru", role="observer")
    member_block(abonent=admin.abonent, member=member, by=admin)
    member.refresh_from_db()
    assert member.state == User.BLOCKED and member.blocked_at is not None
    member_unblock(abonent=admin.abonent, member=member)
    member.refresh_from_db()
    assert member.state == User.ACTIVE and member.blocked_at is None
    never_activated = UserFactory(abonent=admin.abonent, username="p@example.ru", state=User.BLOCKED)
    never_activated.set_unusable_password()
    never_activated.save()
    with pytest.raises(TeamError, match="филиал"):
        member_unblock(abonent=admin.abonent, member=never_activated)
    other = UserFactory()
    with pytest.raises(TeamError):
        member_block(abonent=admin.abonent, member=other, by=admin)
