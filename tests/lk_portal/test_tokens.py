import datetime

import pytest

from lk_portal.models import User
from lk_portal.tokens import activation_key_make, activation_key_split, activation_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_key_round_trip_and_timeout_of_at_least_7_days(time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
    user = UserFactory(state=User.PENDING, activation_sent_on=datetime.date(2025, 3, 10))
    key = activation_key_make(user)
    user_id, token = activation_key_split(key)
    assert user_id == user.pk and activation_token.check_token(user, token)

    time_machine.move_to(datetime.datetime(2025, 3, 17, 12, tzinfo=datetime.UTC), tick=False)
    assert activation_token.check_token(user, token)
    time_machine.move_to(datetime.datetime(2025, 3, 19, 12, tzinfo=datetime.UTC), tick=False)
    assert not activation_token.check_token(user, token)


def test_token_depends_on_the_activation_state():
    user = UserFactory(state=User.PENDING, activation_sent_on=datetime.date(2025, 3, 10))
    token = activation_token.make_token(user)
    user.activation_sent_on = datetime.date(2025, 3, 11)
    assert not activation_token.check_token(user, token)


def test_activation_token_is_not_a_password_reset_token():
    from django.contrib.auth.tokens import default_token_generator

    user = UserFactory()
    assert not default_token_generator.check_token(user, activation_token.make_token(user))
