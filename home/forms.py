"""The public application form («Заявка на регистрацию»)."""

import re

from captcha.fields import CaptchaField
from django import forms

from lk_portal.models import Branch, RegistrationApplication

PHONE_RE = re.compile(r"^[\d\s()+\-–,.;доб]+$")


class RegistrationApplicationForm(forms.ModelForm):
    captcha = CaptchaField(
        label="Защитный код",
        help_text="Введите символы с картинки.",
        error_messages={"invalid": "Неверный защитный код. Введите символы с новой картинки."},
    )

    class Meta:
        model = RegistrationApplication
        fields = ["name", "inn", "kpp", "contract_number", "email", "contact_person", "phone", "branch"]
        help_texts = {
            "name": "Как в учредительных документах, например: Открытое акционерное общество «Теплопотребитель».",
            "inn": "10 цифр для организации, 12 — для индивидуального предпринимателя.",
            "kpp": "9 символов, например 165501001.",
            "contract_number": "Номер договора теплоснабжения, например 05 Т.",
            "email": "На этот адрес придут логин и ссылка для активации личного кабинета.",
            "branch": "Филиал, с которым заключен договор теплоснабжения; в него нужно принести подписанную заявку.",
        }
        error_messages = {
            "email": {"invalid": "Введите правильный адрес электронной почты, например buh@example.ru."},
            "branch": {"required": "Выберите филиал, в который передадите заявку."},
        }
        widgets = {
            "inn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12}),
            "kpp": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 9}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "organization", "size": 60}),
            "contact_person": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.all()
        self.fields["branch"].empty_label = "— выберите филиал —"

    def clean_inn(self):
        return (self.cleaned_data.get("inn") or "").strip()

    def clean_kpp(self):
        return (self.cleaned_data.get("kpp") or "").strip().upper()

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        digits = re.sub(r"\D", "", phone)
        if not PHONE_RE.match(phone) or not 5 <= len(digits) <= 20:
            raise forms.ValidationError("Укажите телефон цифрами, например (843) 567-77-93.")
        return phone
