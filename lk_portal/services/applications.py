"""The application for registration: store it, render it (blank or filled) as a PDF."""

from lk_portal.exports.html_pdf import render_pdf
from lk_portal.models import Branch, RegistrationApplication

APPLICATION_FIELDS = [
    ("name", "Название (полное наименование)"),
    ("inn", "ИНН"),
    ("kpp", "КПП"),
    ("contract_number", "Номер договора"),
    ("email", "Email (для получения логина и ссылки на активацию ЛК) *"),
    ("contact_person", "Контактное лицо организации"),
    ("phone", "Телефон контактного лица"),
]


def registration_application_create(*, data: dict, ip_address: str | None = None) -> RegistrationApplication:
    fields = {name: data[name] for name, _ in APPLICATION_FIELDS}
    return RegistrationApplication.objects.create(**fields, branch=data["branch"], ip_address=ip_address)


def registration_application_pdf(*, application: RegistrationApplication | None = None) -> bytes:
    """The guide's application form; blank when `application` is None (then every branch is listed)."""
    rows = [(label, getattr(application, name) if application else "") for name, label in APPLICATION_FIELDS]
    branch = application.branch if application else None
    context = {
        "application": application,
        "rows": rows,
        "branch": branch,
        "branches": [branch] if branch else list(Branch.objects.all()),
    }
    return render_pdf("documents/registration_application.html", context)
