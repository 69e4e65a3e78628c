from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from lk_portal.domain.accounts import activation_window
from lk_portal.models import User


def branch_contact(abonent) -> str:
    """«филиал ОАО «Генерирующая компания» — …, телефон для справок: …» for the messages."""
    branch = getattr(abonent, "branch", None)
    if branch is None:
        return "филиал ОАО «Генерирующая компания», ответственный за Ваш договор"
    phone = f", телефон для справок: {branch.phone}" if branch.phone else ""
    return f"филиал ОАО «Генерирующая компания» — {branch.name}{phone}"


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Логин",
        max_length=150,
        help_text="ИНН организации, логин из регистрационной карты или email, на который пришло приглашение",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Пароль", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    remember_me = forms.BooleanField(label="Запомнить меня", required=False)

    error_messages = {
        "invalid_login": (
            "Неверный логин или пароль. Проверьте раскладку клавиатуры и регистр букв. "
            "Если Вы еще не задали пароль, перейдите по ссылке из письма активации."
        ),
        "inactive": "Учетная запись не активна.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Введите логин."
        self.fields["password"].error_messages["required"] = "Введите пароль."

    def clean_username(self):
        """An invited member's login is its e-mail, in any case of letters; the ИНН login stays as typed."""
        username = self.cleaned_data["username"].strip()
        return username.lower() if "@" in username else username

    def confirm_login_allowed(self, user):
        # Reached only with the right password, so these messages reveal nothing to a stranger.
        super().confirm_login_allowed(user)
        if user.state == User.PENDING:
            window = activation_window(sent_on=user.activation_sent_on) if user.activation_sent_on else None
            dates = f" (ссылка действует {window.span})" if window else ""
            raise ValidationError(
                f"Учетная запись ожидает активации. Перейдите по ссылке из письма активации{dates} и задайте пароль.",
                code="pending",
            )
        if user.state == User.BLOCKED:
            if user.has_usable_password():  # blocked after activation: by the organisation or staff
                raise ValidationError(
                    "Учетная запись заблокирована. Обратитесь к администратору вашей организации "
                    f"в личном кабинете или в {branch_contact(user.abonent)}.",
                    code="blocked",
                )
            raise ValidationError(
                f"Учетная запись заблокирована. Для повторной регистрации обратитесь в {branch_contact(user.abonent)}.",
                code="blocked",
            )
