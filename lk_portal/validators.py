import re

from django.core.exceptions import ValidationError


class LatinLettersAndDigitsValidator:
    """The guide's rule: a password combines Latin letters and digits."""

    def validate(self, password, user=None):
        if not re.search(r"[A-Za-z]", password or "") or not re.search(r"\d", password or ""):
            raise ValidationError(
                "Пароль должен содержать и латинские буквы, и цифры.", code="password_latin_and_digits"
            )

    def get_help_text(self):
        return "Пароль должен содержать и латинские буквы, и цифры."
