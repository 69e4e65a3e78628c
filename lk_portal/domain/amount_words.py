"""A sum in roubles written out in Russian words, as printed on payment documents.

«Восемнадцать тысяч девятьсот два рубля 27 копеек»: roubles in words (num2words), kopecks in
figures, each with its plural form chosen by the Russian rule for the last two digits.
"""

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

KOPECK = Decimal("0.01")

RUBLE_FORMS = ("рубль", "рубля", "рублей")
KOPECK_FORMS = ("копейка", "копейки", "копеек")


def plural_form(number: int, forms: tuple[str, str, str]) -> str:
    """The Russian form for `number`: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    number = abs(number)
    if 11 <= number % 100 <= 14:
        return forms[2]
    last = number % 10
    if last == 1:
        return forms[0]
    if 2 <= last <= 4:
        return forms[1]
    return forms[2]


def amount_in_words(amount: Decimal) -> str:
    """Decimal('18902.27') → «Восемнадцать тысяч девятьсот два рубля 27 копеек»."""
    amount = Decimal(amount).quantize(KOPECK, rounding=ROUND_HALF_UP)
    sign = "минус " if amount < 0 else ""
    kopecks_total = int(abs(amount) * 100)
    rubles, kopecks = divmod(kopecks_total, 100)
    words = f"{sign}{num2words(rubles, lang='ru')} {plural_form(rubles, RUBLE_FORMS)} "
    words += f"{kopecks:02d} {plural_form(kopecks, KOPECK_FORMS)}"
    return words[0].upper() + words[1:]
