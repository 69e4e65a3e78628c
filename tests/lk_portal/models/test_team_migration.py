"""Migration 0009: the accounts from before the team issue become their organisations' administrators."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("lk_portal", "0008_listing_indexes")]
AFTER = [("lk_portal", "0009_team_members")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the pages and topics come back
def test_existing_accounts_become_administrators_and_staff_stay_as_they_were():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    branch = old.get_model("lk_portal", "Branch").objects.create(code="kazan", name="Казань")
    abonent = old.get_model("lk_portal", "Abonent").objects.create(
        inn="7707083893", kpp="773601001", name="ПАО «Старый»", branch=branch
    )
    User = old.get_model("lk_portal", "User")
    User.objects.create(username="7707083893", abonent=abonent)
    User.objects.create(username="operator", is_staff=True)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("lk_portal", "User")
        assert dict(new.objects.values_list("username", "role")) == {"7707083893": "admin", "operator": "observer"}
        assert new.objects.get(username="7707083893").contracts.count() == 0  # no scope: every contract
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_going_back_refuses_while_an_organisation_has_several_members_and_keeps_the_team_tables():
    from django.db.migrations.exceptions import IrreversibleError

    from tests.factories import UserFactory

    admin = UserFactory()
    UserFactory(abonent=admin.abonent, username="buh@example.ru", email="buh@example.ru", role="accountant")
    executor = MigrationExecutor(connection)
    try:
        with pytest.raises(IrreversibleError, match=f"abonents with ids \\[{admin.abonent_id}\\] have several members"):
            executor.migrate(BEFORE)
        with connection.cursor() as cursor:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, "lk_portal_user")]
        assert "role" in columns  # 0009 itself was not undone (later migrations are, and come back by migrate)
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
