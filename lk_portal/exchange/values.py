"""Pure parsers for the values of billing-exchange.md: amounts, dates, periods, flags.

Each parser takes the raw cell (text from CSV, or the typed value openpyxl gives for an
XLSX cell) and returns the Python value, or raises ValueError with the reason in Russian.
A parser accepts only what it can read exactly: "7 220,275" is refused rather than rounded.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

__all__ = [
    "cell_text",
    "normalize_title",
    "parse_amount",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_day",
    "parse_email",
    "parse_inn",
    "parse_kpp",
    "parse_percent",
    "parse_period",
    "parse_text",
    "parse_url",
    "text_of",
]

# Spaces the billing system (and Excel) put between groups of thousands.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_DROP_GROUP_SPACES = str.maketrans("", "", _GROUP_SPACES)
_AMOUNT_RE = re.compile(r"(-?)(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,](\d{1,2}))?")
_DATE_DMY_RE = re.compile(r"(\d{2})\.(\d{2})\.(\d{2}|\d{4})")
_DATE_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PERIOD_RES = (
    (re.compile(r"(\d{4}),(\d{2})"), 1, 2),
    (re.compile(r"(\d{4})-(\d{2})"), 1, 2),
    (re.compile(r"(\d{2})\.(\d{4})"), 2, 1),
)
MAX_AMOUNT = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)

AMOUNT_HINT = "ожидается сумма вида 7 220,27, 7220.27 или -17,51 (не больше двух знаков после запятой)"
DATE_HINT = "ожидается дата вида 17.04.15, 17.04.2015 или 2015-04-17"
PERIOD_HINT = "ожидается период вида 2015,04, 2015-04 или 04.2015"


def normalize_title(title: str) -> str:
    """A name as matched: case, surrounding and repeated spaces and «ё»/«е» do not matter."""
    text = str(title).replace("\ufeff", "").replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е")
    return " ".join(text.split()).casefold()


def cell_text(value) -> str:
    """A cell as written, for messages: dates as 17.04.2015, None as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    return str(value)


def text_of(value) -> str:
    """The text of a cell: str stripped; XLSX numbers without a spurious '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y") if value.time() == datetime.time(0) else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _float_to_decimal(value: float, places: int) -> Decimal:
    """A number cell → Decimal, only if the float is the nearest double to a value with `places` decimals."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("не число")
    if abs(value) > 1e13:
        raise ValueError("слишком большое число")
    rounded = round(value, places)
    if abs(rounded - value) > 1e-9 * max(1.0, abs(value)):
        raise ValueError(f"больше {places} знаков после запятой")
    return Decimal(repr(rounded)).quantize(Decimal(1).scaleb(-places))


def _amount_of_number(value: int | float | Decimal) -> Decimal:
    """An XLSX number cell (int, float) or a Decimal → the amount, exactly, or ValueError."""
    if isinstance(value, int):
        if abs(value) > MAX_AMOUNT:
            raise ValueError("сумма слишком велика")
        return Decimal(value)
    if isinstance(value, float):
        try:
            return _float_to_decimal(value, 2)
        except ValueError:
            raise ValueError(AMOUNT_HINT) from None
    if not value.is_finite() or abs(value) > MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        raise ValueError(AMOUNT_HINT)
    return value


def _amount_of_text(text: str) -> Decimal:
    match = _AMOUNT_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(AMOUNT_HINT)
    sign, whole, frac = match.groups()
    if len(whole) > 3:
        whole = whole.translate(_DROP_GROUP_SPACES)
        if len(whole.lstrip("0")) > 12:
            raise ValueError("сумма слишком велика")
    return Decimal(f"{sign}{whole}.{frac or '0'}")


def parse_amount(value) -> Decimal:
    """'7 220,27' / '7220,27' / '7220.27' / '7 220,27' (no-break space) / '-17,51' → Decimal('7220.27')."""
    if isinstance(value, bool):
        raise ValueError(AMOUNT_HINT)
    if isinstance(value, int | float | Decimal):
        amount = _amount_of_number(value)
    else:
        amount = _amount_of_text(str(value))
    amount = amount.quantize(Decimal("0.01"))
    if abs(amount) > MAX_AMOUNT:
        raise ValueError("сумма слишком велика")
    if amount == 0:
        amount = Decimal("0.00")  # no '-0.00'
    return amount


def parse_percent(value) -> Decimal:
    """A rate or share in per cent, 0–100, up to two decimals; '35', '35,5', '18%' are accepted."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    try:
        number = parse_amount(value)
    except ValueError:
        raise ValueError("ожидается число от 0 до 100, например 35 или 18,5") from None
    if not Decimal(0) <= number <= Decimal(100):
        raise ValueError("ожидается число от 0 до 100")
    return number


_DATE_CACHE: dict[str, datetime.date] = {}


def _date_from_text(text: str) -> datetime.date:
    match = _DATE_DMY_RE.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 69 else 1900  # the POSIX pivot, as strptime's %y
    else:
        match = _DATE_ISO_RE.fullmatch(text)
        if match is None:
            raise ValueError(DATE_HINT)
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError("такой даты нет в календаре") from None


def parse_date(value) -> datetime.date:
    """'17.04.15' / '17.04.2015' / '2015-04-17' / an XLSX date cell → datetime.date."""
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise ValueError("ожидается дата без времени")
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(DATE_HINT)
    text = value.strip()
    cached = _DATE_CACHE.get(text)
    if cached is not None:
        return cached
    parsed = _date_from_text(text)
    if len(_DATE_CACHE) < 100_000:
        _DATE_CACHE[text] = parsed
    return parsed


_PERIOD_CACHE: dict[str, datetime.date] = {}


def parse_period(value) -> datetime.date:
    """'2015,04' / '2015-04' / '04.2015' → the first day of the month.

    An XLSX cell may hold the period as a date on the 1st, or as the number 2015.04 that Excel
    in a Russian locale makes of '2015,04' (2015.1 is October: months always have two digits).
    """
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise ValueError(PERIOD_HINT)
        value = value.date()
    if isinstance(value, datetime.date):
        if value.day != 1:
            raise ValueError(PERIOD_HINT)
        return value
    if isinstance(value, float) and not isinstance(value, bool):
        value = f"{value:.2f}".replace(".", ",")
    if not isinstance(value, str):
        raise ValueError(PERIOD_HINT)
    text = value.strip()
    cached = _PERIOD_CACHE.get(text)
    if cached is not None:
        return cached
    for regex, year_group, month_group in _PERIOD_RES:
        match = regex.fullmatch(text)
        if match:
            year, month = int(match.group(year_group)), int(match.group(month_group))
            if not 1 <= month <= 12 or year < 1:
                raise ValueError("месяц должен быть от 01 до 12")
            parsed = datetime.date(year, month, 1)
            if len(_PERIOD_CACHE) < 100_000:
                _PERIOD_CACHE[text] = parsed
            return parsed
    raise ValueError(PERIOD_HINT)


def parse_bool(value) -> bool:
    """The flags `deleted` and `next_month`: 1 or 0 (empty is 0)."""
    text = text_of(value)
    if text in ("", "0"):
        return False
    if text == "1":
        return True
    raise ValueError("ожидается 1 или 0")


def parse_day(value) -> int:
    """A day of the month, 1–31."""
    text = text_of(value)
    if not text.isdigit() or not 1 <= int(text) <= 31:
        raise ValueError("ожидается число месяца от 1 до 31")
    return int(text)


def parse_record_id(value) -> int:
    """The portal's own id of a record it sent (`reading_id` of the `readings` file): a whole number from 1."""
    text = text_of(value).translate(_DROP_GROUP_SPACES)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or not 1 <= int(text) <= 9_223_372_036_854_775_807:
        raise ValueError("ожидается код показаний из файла readings: целое число от 1, например 1024")
    return int(text)


def parse_choice(value, *, choices: dict[str, str], hint: str) -> str:
    """One of `choices` (normalized name → stored value), named in any case and spacing."""
    key = normalize_title(text_of(value))
    if key not in choices:
        raise ValueError(hint)
    return choices[key]


def parse_text(value, *, max_length: int) -> str:
    text = text_of(value)
    if len(text) > max_length:
        raise ValueError(f"слишком длинное значение: {len(text)} символов, допустимо не больше {max_length}")
    return text


_INN_RE = re.compile(r"\d{10}|\d{12}")
_KPP_RE = re.compile(r"\d{4}[0-9A-Z]{2}\d{3}")


def parse_inn(value) -> str:
    text = text_of(value)
    if not _INN_RE.fullmatch(text):
        raise ValueError("ИНН должен состоять из 10 или 12 цифр")
    return text


def parse_kpp(value) -> str:
    text = text_of(value)
    if len(text) == 8 and text.isdigit():
        text = "0" + text  # an XLSX number cell loses the leading zero
    if not _KPP_RE.fullmatch(text):
        raise ValueError("КПП должен состоять из 9 символов (цифры, 5–6-й могут быть латинскими буквами)")
    return text


def parse_email(value) -> str:
    text = text_of(value)
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError("неверный адрес электронной почты") from None
    if len(text) > 254:
        raise ValueError("слишком длинный адрес электронной почты")
    return text


_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


def parse_url(value) -> str:
    text = text_of(value)
    try:
        _URL_VALIDATOR(text)
    except ValidationError:
        raise ValueError("неверная ссылка: ожидается адрес, начинающийся с http:// или https://") from None
    if len(text) > 500:
        raise ValueError("слишком длинная ссылка")
    return text


_NUMBER_RE = re.compile(r"(-?)(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,](\d+))?")


def parse_number(value, *, places: int, low: Decimal, high: Decimal, hint: str) -> Decimal:
    """A measured quantity with at most `places` decimals within [low, high]: '1 234,567', '-7,5', a number cell."""
    if isinstance(value, bool):
        raise ValueError(hint)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        try:
            number = _float_to_decimal(value, places)
        except ValueError:
            raise ValueError(hint) from None
    elif isinstance(value, Decimal):
        number = value
    else:
        match = _NUMBER_RE.fullmatch(str(value).strip())
        if match is None:
            raise ValueError(hint)
        sign, whole, frac = match.groups()
        number = Decimal(f"{sign}{whole.translate(_DROP_GROUP_SPACES)}.{frac or '0'}")
    quantum = Decimal(1).scaleb(-places)
    if not number.is_finite() or number != number.quantize(quantum) or not low <= number <= high:
        raise ValueError(hint)
    number = number.quantize(quantum)
    return abs(number) if number == 0 else number  # no '-0.0'


_RESOURCES = {
    "heat": "heat",
    "тепловая энергия": "heat",
    "теплоэнергия": "heat",
    "тепло": "heat",
    "water": "water",
    "теплоноситель": "water",
}
RESOURCES_HINT = "ожидается heat или heat,water (тепловая энергия, теплоноситель)"


def parse_resources(value) -> str:
    """'heat', 'heat,water', 'тепловая энергия; теплоноситель' → 'heat' / 'heat,water' (in that order)."""
    names = [normalize_title(part) for part in re.split(r"[,;]", text_of(value))]
    if not names or any(name not in _RESOURCES for name in names):
        raise ValueError(RESOURCES_HINT)
    codes = {_RESOURCES[name] for name in names}
    return ",".join(code for code in ("heat", "water") if code in codes)
