"""Register an abonent's account from the command line (operators), as staff do in the admin."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from lk_portal.account_forms import AbonentRegistrationForm
from lk_portal.domain.accounts import RegistrationError, activation_window
from lk_portal.models import Abonent, Branch
from lk_portal.services.accounts import abonent_register


class Command(BaseCommand):
    help = "Зарегистрировать абонента в личном кабинете и отправить письмо активации."

    def add_arguments(self, parser):
        parser.add_argument("--inn", required=True, help="ИНН (10 или 12 цифр)")
        parser.add_argument("--kpp", required=True, help="КПП (9 символов)")
        parser.add_argument("--email", required=True, help="Email для письма активации")
        parser.add_argument("--name", default="", help="Полное наименование (для абонента, которого нет в биллинге)")
        parser.add_argument("--branch", default="", help="Филиал: код (kazan, chelny, nizhnekamsk) или название")
        parser.add_argument("--contract", default="", help="Номер договора")
        parser.add_argument("--contact", default="", help="Контактное лицо")
        parser.add_argument("--phone", default="", help="Телефон контактного лица")

    def handle(self, *args, **options):
        existing = Abonent.objects.filter(inn=options["inn"].strip(), kpp=options["kpp"].strip().upper()).first()
        branch = self._branch(options["branch"], existing)
        form = AbonentRegistrationForm(
            data={
                "name": options["name"] or (existing.name if existing else ""),
                "inn": options["inn"],
                "kpp": options["kpp"],
                "email": options["email"],
                "contract_number": options["contract"],
                "contact_person": options["contact"],
                "phone": options["phone"],
                "branch": branch.pk if branch else "",
            }
        )
        if not form.is_valid():
            lines = [
                f"{form.fields[f].label if f in form.fields else f}: {' '.join(e)}" for f, e in form.errors.items()
            ]
            raise CommandError("\n".join(lines))
        data = form.cleaned_data
        try:
            user = abonent_register(
                inn=data["inn"],
                kpp=data["kpp"],
                email=data["email"],
                name=data["name"],
                branch=data["branch"],
                contract_number=data["contract_number"],
                contact_person=data["contact_person"],
                phone=data["phone"],
            )
        except RegistrationError as error:
            raise CommandError(error.message) from None
        window = activation_window(sent_on=user.activation_sent_on)
        self.stdout.write(f"Логин: {user.username}")
        self.stdout.write(f"Состояние: {user.get_state_display()}")
        self.stdout.write(f"Письмо активации поставлено в очередь на {user.email}; ссылка действует {window.span}.")

    def _branch(self, value: str, existing: Abonent | None) -> Branch | None:
        if value:
            branch = Branch.objects.filter(Q(code=value) | Q(name__iexact=value)).first()
            if branch is None:
                codes = ", ".join(Branch.objects.values_list("code", flat=True)) or "филиалов нет"
                raise CommandError(f"Филиал «{value}» не найден. Есть: {codes}.")
            return branch
        if existing:
            return existing.branch
        branches = list(Branch.objects.all()[:2])
        return branches[0] if len(branches) == 1 else None
