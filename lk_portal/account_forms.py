"""Forms of the account area: staff registration, activation, recovery with captcha, profile, the team."""

import logging
from decimal import Decimal
from urllib.error import URLError

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django_recaptcha.fields import ReCaptchaField

from lk_portal.domain.roles import ROLE_CHOICES
from lk_portal.domain.two_factor import code_kind, code_normalise
from lk_portal.models import Branch, Contract
from lk_portal.selectors.accounts import abonent_registration_conflict
from lk_portal.validators import validate_inn, validate_kpp

logger = logging.getLogger(__name__)

CAPTCHA_LABEL = "Защитный код"
CAPTCHA_WRONG = "Неверный защитный код. Введите символы с новой картинки."
RECAPTCHA_WRONG = "Подтвердите, что вы не робот: отметьте флажок «Я не робот» и повторите отправку."
RECAPTCHA_UNREACHABLE = (
    "Не удалось проверить защитный код: сервис reCAPTCHA сейчас недоступен. "
    "Повторите попытку через несколько минут или обратитесь в свой филиал."
)


class AbonentRegistrationForm(forms.Form):
    """The application («Заявка на регистрацию») as staff type it in."""

    name = forms.CharField(label="Название (полное наименование)", max_length=255)
    inn = forms.CharField(label="ИНН", max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    kpp = forms.CharField(label="КПП", max_length=9)
    contract_number = forms.CharField(label="Номер договора", max_length=50, required=False)
    email = forms.EmailField(
        label="Email (для получения логина и ссылки на активацию ЛК)",
        error_messages={"invalid": "Введите правильный адрес электронной почты, например buh@example.ru."},
    )
    contact_person = forms.CharField(label="Контактное лицо организации", max_length=255, required=False)
    phone = forms.CharField(label="Телефон контактного лица", max_length=100, required=False)
    branch = forms.ModelChoiceField(
        label="Филиал",
        queryset=Branch.objects.all(),
        empty_label="— выберите филиал —",
        error_messages={"required": "Выберите филиал.", "invalid_choice": "Выберите филиал из списка."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Укажите полное наименование абонента."
        self.fields["inn"].error_messages["required"] = "Укажите ИНН."
        self.fields["kpp"].error_messages["required"] = "Укажите КПП."
        self.fields["email"].error_messages["required"] = "Укажите email для письма активации."

    def clean_inn(self):
        return validate_inn(self.cleaned_data["inn"])

    def clean_kpp(self):
        return validate_kpp(self.cleaned_data["kpp"].upper())

    def clean(self):
        data = super().clean()
        if data.get("inn") and data.get("kpp"):
            conflict = abonent_registration_conflict(
                inn=data["inn"], kpp=data["kpp"], contract_number=(data.get("contract_number") or "").strip()
            )
            if conflict:
                self.add_error(conflict.field, conflict.message)
        return data


class ActivationForm(SetPasswordForm):
    """Django's «Новый пароль» / «Подтверждение нового пароля» with the project's validators."""


class SafeReCaptchaField(ReCaptchaField):
    """django-recaptcha's field with Russian messages and no 500 when Google is unreachable."""

    default_error_messages = {
        "required": RECAPTCHA_WRONG,
        "captcha_invalid": RECAPTCHA_WRONG,
        "captcha_error": RECAPTCHA_UNREACHABLE,
    }

    def validate(self, value):
        try:
            super().validate(value)
        except (URLError, OSError) as exc:  # offline, DNS, timeout; upstream catches HTTPError only
            logger.warning("reCAPTCHA is unreachable: %s", exc)
            raise ValidationError(self.error_messages["captcha_error"], code="captcha_error") from None


def recaptcha_enabled() -> bool:
    return bool(settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY)


def captcha_field() -> forms.Field:
    """The self-hosted image captcha, or reCAPTCHA when the operator has set its keys."""
    if recaptcha_enabled():
        return SafeReCaptchaField(label=CAPTCHA_LABEL)
    return CaptchaField(
        label=CAPTCHA_LABEL,
        help_text="Введите символы, изображенные на картинке.",
        error_messages={
            "invalid": CAPTCHA_WRONG,
            "required": "Введите защитный код с картинки.",
            "incomplete": "Введите защитный код с картинки.",
        },
    )


class PasswordRecoveryForm(forms.Form):
    identifier = forms.CharField(
        label="E-mail или ИНН",
        max_length=254,
        help_text="Адрес электронной почты или ИНН, указанные при регистрации (или логин из регистрационной карты).",
        error_messages={"required": "Укажите e-mail или ИНН, использованные при регистрации."},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captcha"] = captcha_field()


class ProfileForm(forms.Form):
    contact_person = forms.CharField(label="Контактное лицо организации", max_length=255, required=False)
    phone = forms.CharField(label="Телефон контактного лица", max_length=100, required=False)
    email = forms.EmailField(
        label="Email",
        help_text="Новый адрес начнет действовать после перехода по ссылке из письма, отправленного на него.",
        error_messages={
            "required": "Укажите адрес электронной почты.",
            "invalid": "Введите правильный адрес электронной почты, например buh@example.ru.",
        },
    )
    payment_reminders = forms.BooleanField(label="Напоминать о сроках оплаты по email", required=False)


class ContractScopeField(forms.ModelMultipleChoiceField):
    """«Договоры»: the organisation's contracts to tick; none ticked = all of them."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Contract.objects.none())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Договоры")
        kwargs.setdefault(
            "help_text", "Если не отмечен ни один договор, пользователь видит все. Администратор видит все всегда."
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": "Выберите договоры вашей организации из списка.",
                "invalid_pk_value": "Выберите договоры вашей организации из списка.",
                "invalid_list": "Выберите договоры вашей организации из списка.",
            },
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.number} от {obj.start_date:%d.%m.%Y}"


class MemberForm(forms.Form):
    """A member's role and contract scope (the team page's «Изменить»)."""

    role = forms.ChoiceField(
        label="Роль",
        choices=ROLE_CHOICES,
        error_messages={"required": "Выберите роль.", "invalid_choice": "Выберите роль из списка."},
    )
    contracts = ContractScopeField()

    def __init__(self, *args, abonent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contracts"].queryset = Contract.objects.filter(abonent=abonent).order_by("start_date", "number")


class InvitationForm(MemberForm):
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="На этот адрес придет письмо со ссылкой; с ним же пользователь будет входить в кабинет.",
        error_messages={
            "required": "Укажите адрес электронной почты.",
            "invalid": "Введите правильный адрес электронной почты, например buh@example.ru.",
        },
    )
    full_name = forms.CharField(label="ФИО", max_length=255, required=False)
    field_order = ["email", "full_name", "role", "contracts"]


class NotificationSettingsForm(forms.Form):
    """«Профиль» → «Уведомления»: one switch per kind, how e-mail comes, the debt threshold."""

    email_mode = forms.ChoiceField(label="Письма на email", widget=forms.RadioSelect)
    debt_threshold = forms.DecimalField(
        label="Порог задолженности, руб",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text="Уведомить, когда текущая задолженность станет больше этой суммы. Пусто — не следить.",
        error_messages={
            "invalid": "Введите сумму числом, например 50000 или 50 000,00.",
            "min_value": "Порог не может быть отрицательным.",
            "max_digits": "Слишком большая сумма.",
            "max_decimal_places": "Не больше двух знаков после запятой (копейки).",
            "max_whole_digits": "Слишком большая сумма.",
        },
    )

    requests_of_others = forms.BooleanField(
        label="Ответы и статусы обращений, поданных другими пользователями организации",
        required=False,
        help_text="по обращениям о договорах, которые вы видите; о своих обращениях вы узнаете всегда",
    )

    def __init__(self, *args, kinds=(), email_modes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_fields = []
        for kind in kinds:
            name = f"kind_{kind.key}"
            self.fields[name] = forms.BooleanField(label=kind.title, required=False, help_text=kind.source)
            self.kind_fields.append(name)
        self.fields["email_mode"].choices = list(email_modes)
        self.fields["email_mode"].error_messages["invalid_choice"] = "Выберите, как присылать письма."
        self.fields["email_mode"].error_messages["required"] = "Выберите, как присылать письма."

    def clean_debt_threshold(self):
        value = self.cleaned_data.get("debt_threshold")
        return value.quantize(Decimal("0.01")) if value is not None else None

    def kind_bound_fields(self):
        return [self[name] for name in self.kind_fields]

    def kinds_on(self) -> list[str]:
        return [name.removeprefix("kind_") for name in self.kind_fields if self.cleaned_data.get(name)]


class TwoFactorCodeForm(forms.Form):
    """The second step's code: the app's six digits or (where `allow_recovery`) a recovery code."""

    code = forms.CharField(
        label="Код",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def __init__(self, *args, allow_recovery: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_recovery = allow_recovery
        self.fields["code"].error_messages["required"] = "Введите код."
        if allow_recovery:
            self.fields["code"].help_text = "6 цифр из приложения-аутентификатора или резервный код из 8 символов"
        else:
            self.fields["code"].help_text = "6 цифр, которые показывает приложение"
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = code_normalise(self.cleaned_data["code"])
        kind = code_kind(code)
        if kind == "totp" or (kind == "recovery" and self.allow_recovery):
            return code
        if self.allow_recovery:
            raise ValidationError("Введите 6 цифр из приложения-аутентификатора или резервный код из 8 символов.")
        raise ValidationError("Введите 6 цифр, которые показывает приложение-аутентификатор.")


class TwoFactorRequireForm(forms.Form):
    required = forms.BooleanField(
        label="Требовать двухфакторный вход от всех пользователей организации", required=False
    )
