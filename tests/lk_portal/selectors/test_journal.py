import pytest

from lk_portal.selectors.journal import journal_queryset
from lk_portal.services.journal import journal_record
from tests.factories import ContractFactory, UserFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


def test_the_viewer_sees_only_its_abonents_entries_with_russian_action_names():
    member = UserFactory(abonent=ContractFactory().abonent)
    other = UserFactory(abonent=ContractFactory().abonent)
    mine = journal_record("export", user=member)
    journal_record("export", user=other)
    rows = list(journal_queryset(viewer=viewer_of(member)).values_list("pk", "action_title"))
    assert rows == [(mine.pk, "выгрузка")]
