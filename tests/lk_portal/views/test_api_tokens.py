import pytest

from lk_portal.models import ApiToken, JournalEntry
from lk_portal.services.api_tokens import api_token_create, token_hash
from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(abonent=ContractFactory().abonent, role="admin")


def test_created_token_is_shown_once_and_works(client, admin):
    client.force_login(admin)
    answer = client.post("/lk/profile/tokens/", {"name": "1С", "access": "read", "days": "90"}, follow=True)
    assert answer.redirect_chain == [("/lk/profile/tokens/", 302)]  # a reload creates no second token
    assert answer.status_code == 200
    secret = answer.context["new_secret"]
    assert "no-store" in answer["Cache-Control"]  # the secret is in no cache
    assert secret in answer.content.decode()
    token = ApiToken.objects.get()
    assert token.secret_hash == token_hash(secret) and token.member == admin
    assert JournalEntry.objects.filter(action="api_token_create").count() == 1
    assert secret not in client.get("/lk/profile/tokens/").content.decode()  # never again
    assert client.get("/api/v1/contracts", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_wrong_input_is_a_russian_message(client, admin):
    client.force_login(admin)
    answer = client.post("/lk/profile/tokens/", {"name": "", "access": "root", "days": "7"})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Укажите название ключа." in body and "Выберите доступ." in body and "Выберите срок действия." in body
    assert not ApiToken.objects.exists()


def test_administrator_sees_and_revokes_the_organisations_tokens(client, admin):
    accountant = UserFactory(abonent=admin.abonent, role="accountant", username="acc@example.ru")
    new = api_token_create(member=accountant, name="ERP", access="read", days=30)
    client.force_login(admin)
    assert "ERP" in client.get("/lk/profile/tokens/").content.decode()
    assert client.post(f"/lk/profile/tokens/{new.token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    answer = client.get("/api/v1/contracts", HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"


def test_a_member_sees_only_its_own_and_cannot_revoke_others(client, admin):
    mine_owner = UserFactory(abonent=admin.abonent, role="engineer", username="eng@example.ru")
    theirs = api_token_create(member=admin, name="Чужой", access="read", days=30)
    client.force_login(mine_owner)
    assert "Чужой" not in client.get("/lk/profile/tokens/").content.decode()
    assert client.post(f"/lk/profile/tokens/{theirs.token.pk}/revoke/").status_code == 404
    foreign = api_token_create(
        member=UserFactory(abonent=ContractFactory().abonent, username="x@example.ru"), name="X", access="read", days=30
    )
    client.force_login(admin)
    assert client.post(f"/lk/profile/tokens/{foreign.token.pk}/revoke/").status_code == 404
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()
