"""The demo organisation's team (issue 15): besides its administrator (the ИНН login), an accountant
limited to the guide's contract and an observer, each logging in with its e-mail."""

import datetime

from lk_portal.domain.roles import Role
from lk_portal.models import User

from .context import DemoContext
from .guide import DEMO_PASSWORD

# (login = e-mail, last name, first name, role, limited to the guide's contract)
DEMO_MEMBERS = (
    ("buhgalter@example.ru", "Петрова", "Анна", Role.ACCOUNTANT, True),
    ("nablyudatel@example.ru", "Смирнов", "Олег", Role.OBSERVER, False),
)
JOINED = datetime.datetime(2015, 2, 2, 9, 0, tzinfo=datetime.UTC)


def members_ensure(ctx: DemoContext) -> None:
    contract = ctx.contract
    for login, last_name, first_name, role, scoped in DEMO_MEMBERS:
        user, _ = User.objects.get_or_create(username=login, defaults={"abonent": contract.abonent})
        user.abonent = contract.abonent
        user.email, user.last_name, user.first_name, user.role = login, last_name, first_name, role
        user.state, user.is_active = User.ACTIVE, True
        user.activated_at = user.activated_at or JOINED
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.contracts.set([contract] if scoped else [])
