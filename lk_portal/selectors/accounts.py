"""Reads about accounts that the registration form and the registration service share."""

from lk_portal.domain.accounts import AlreadyRegistered, ContractOfAnother, RegistrationError
from lk_portal.domain.roles import Role
from lk_portal.models import Abonent, Contract, User


def abonent_registration_conflict(*, inn: str, kpp: str, contract_number: str = "") -> RegistrationError | None:
    """What forbids registering this ИНН+КПП (registered once per abonent, later members are invited; a contract of someone else)."""
    abonent = Abonent.objects.filter(inn=inn, kpp=kpp).first()
    account = abonent.members.order_by("pk").first() if abonent else None  # its first account: registered
    if account is not None:
        return AlreadyRegistered(inn=inn, kpp=kpp, username=account.username, state=account.get_state_display())
    if contract_number:
        contract = Contract.objects.filter(number=contract_number).select_related("abonent").first()
        if contract and (contract.abonent.inn, contract.abonent.kpp) != (inn, kpp):
            return ContractOfAnother(
                contract_number=contract_number, inn=contract.abonent.inn, kpp=contract.abonent.kpp
            )
    return None


def abonent_account_for_staff(*, abonent_id: int):
    """The member whose cabinet staff look at: the organisation's first administrator (who sees everything),
    with the abonent; None if it has none."""
    members = User.objects.filter(abonent_id=abonent_id, role=Role.ADMIN.value).select_related("abonent")
    return members.order_by("pk").first()
