import datetime

import pytest

from lk_portal.domain.team import (
    InvitationStatus,
    LastAdministrator,
    MemberState,
    administrator_remains,
    administrators_after,
    invitation_expires_at,
    invitation_status,
)

TEAM = [MemberState(1, "admin", True), MemberState(2, "accountant", True), MemberState(3, "admin", False)]


def test_the_last_active_administrator_cannot_be_demoted_or_blocked():
    with pytest.raises(LastAdministrator) as caught:
        administrator_remains(TEAM, change=MemberState(1, "observer", True))
    assert caught.value.message.startswith("В организации должен остаться хотя бы один действующий администратор.")
    with pytest.raises(LastAdministrator):
        administrator_remains(TEAM, change=MemberState(1, "admin", False))


def test_a_blocked_administrator_does_not_count_but_a_second_active_one_does():
    assert administrators_after(TEAM, change=MemberState(2, "accountant", True)) == 1
    assert administrators_after(TEAM, change=MemberState(3, "admin", True)) == 2
    administrator_remains(TEAM, change=MemberState(2, "admin", True))  # a second administrator first …
    two = [MemberState(1, "admin", True), MemberState(2, "admin", True)]
    administrator_remains(two, change=MemberState(1, "engineer", True))  # … then the first may step down


def test_an_invitation_lives_five_days_and_once():
    sent = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
    expires = invitation_expires_at(sent)
    assert expires == datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)
    just_before = expires - datetime.timedelta(seconds=1)
    assert invitation_status(expires_at=expires, accepted_at=None, revoked_at=None, now=just_before) is (
        InvitationStatus.OPEN
    )
    assert invitation_status(expires_at=expires, accepted_at=None, revoked_at=None, now=expires) is (
        InvitationStatus.EXPIRED
    )
    assert invitation_status(expires_at=expires, accepted_at=sent, revoked_at=None, now=sent) is (
        InvitationStatus.ACCEPTED
    )
    assert invitation_status(expires_at=expires, accepted_at=None, revoked_at=sent, now=sent) is (
        InvitationStatus.REVOKED
    )
    assert InvitationStatus.EXPIRED.label == "срок истек"
