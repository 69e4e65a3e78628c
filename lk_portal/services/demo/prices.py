"""Prices of the demo's world by date: VAT, the regulated heat tariff of each branch, the key rate.

Tariffs change on the 1st of July each year (a year's decree sets both halves: January–June keeps
the rate of the previous July). The rate of January–June 2015 is the anchor; the yearly indexation
below is close to the real one of Tatarstan's heat tariffs. The contractual monthly amount of a
contract follows the tariff and the VAT, so a contract's amount of 2015 scales to any later month.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

D = Decimal
KOP = D("0.01")

# (from, rate %): 18 % to 2018, 20 % from 2019, 22 % from 2026.
VAT_STEPS = ((datetime.date(2019, 1, 1), D("20")), (datetime.date(2026, 1, 1), D("22")))
VAT_BEFORE = D("18")

# The rate without VAT of January–June 2015, руб./Гкал, per branch.
TARIFF_2015 = {"kazan": D("1180.40"), "chelny": D("1215.40"), "nizhnekamsk": D("1250.40")}
ANCHOR_YEAR = 2015
# The indexation of each 1st of July, %; later years repeat the last.
JULY_INDEXATION = {
    2010: D("9.0"),
    2011: D("8.0"),
    2012: D("6.0"),
    2013: D("9.5"),
    2014: D("4.2"),
    2015: D("7.5"),
    2016: D("4.0"),
    2017: D("4.1"),
    2018: D("3.5"),
    2019: D("4.3"),
    2020: D("3.4"),
    2021: D("3.4"),
    2022: D("3.9"),
    2023: D("9.0"),
    2024: D("9.8"),
    2025: D("11.9"),
    2026: D("9.9"),
}

# The Bank of Russia key rate, % (from the date on); пени are counted from the rate of the day.
KEY_RATE = (
    (datetime.date(2015, 8, 3), D("11.00")),
    (datetime.date(2016, 6, 14), D("10.50")),
    (datetime.date(2016, 9, 19), D("10.00")),
    (datetime.date(2017, 3, 27), D("9.75")),
    (datetime.date(2017, 5, 2), D("9.25")),
    (datetime.date(2017, 6, 19), D("9.00")),
    (datetime.date(2017, 9, 18), D("8.50")),
    (datetime.date(2017, 10, 30), D("8.25")),
    (datetime.date(2017, 12, 18), D("7.75")),
    (datetime.date(2018, 2, 12), D("7.50")),
    (datetime.date(2018, 3, 26), D("7.25")),
    (datetime.date(2018, 9, 17), D("7.50")),
    (datetime.date(2018, 12, 17), D("7.75")),
    (datetime.date(2019, 6, 17), D("7.50")),
    (datetime.date(2019, 7, 29), D("7.25")),
    (datetime.date(2019, 9, 9), D("7.00")),
    (datetime.date(2019, 10, 28), D("6.50")),
    (datetime.date(2019, 12, 16), D("6.25")),
    (datetime.date(2020, 2, 10), D("6.00")),
    (datetime.date(2020, 4, 27), D("5.50")),
    (datetime.date(2020, 6, 22), D("4.50")),
    (datetime.date(2020, 7, 27), D("4.25")),
    (datetime.date(2021, 3, 22), D("4.50")),
    (datetime.date(2021, 4, 26), D("5.00")),
    (datetime.date(2021, 6, 15), D("5.50")),
    (datetime.date(2021, 7, 26), D("6.50")),
    (datetime.date(2021, 9, 13), D("6.75")),
    (datetime.date(2021, 10, 25), D("7.50")),
    (datetime.date(2021, 12, 20), D("8.50")),
    (datetime.date(2022, 2, 14), D("9.50")),
    (datetime.date(2022, 2, 28), D("20.00")),
    (datetime.date(2022, 4, 11), D("17.00")),
    (datetime.date(2022, 5, 4), D("14.00")),
    (datetime.date(2022, 5, 27), D("11.00")),
    (datetime.date(2022, 6, 14), D("9.50")),
    (datetime.date(2022, 7, 25), D("8.00")),
    (datetime.date(2022, 9, 19), D("7.50")),
    (datetime.date(2023, 7, 24), D("8.50")),
    (datetime.date(2023, 8, 15), D("12.00")),
    (datetime.date(2023, 9, 18), D("13.00")),
    (datetime.date(2023, 10, 30), D("15.00")),
    (datetime.date(2023, 12, 18), D("16.00")),
    (datetime.date(2024, 7, 29), D("18.00")),
    (datetime.date(2024, 9, 16), D("19.00")),
    (datetime.date(2024, 10, 28), D("21.00")),
    (datetime.date(2025, 6, 9), D("20.00")),
    (datetime.date(2025, 7, 28), D("18.00")),
    (datetime.date(2025, 9, 15), D("17.00")),
    (datetime.date(2025, 10, 27), D("16.50")),
    (datetime.date(2025, 12, 22), D("16.00")),
)


def vat_rate_on(day: datetime.date) -> Decimal:
    rate = VAT_BEFORE
    for start, value in VAT_STEPS:
        if day >= start:
            rate = value
    return rate


def key_rate_on(day: datetime.date) -> Decimal:
    rate = KEY_RATE[0][1]
    for start, value in KEY_RATE:
        if day < start:
            break
        rate = value
    return rate


def _indexation(year: int) -> Decimal:
    if year in JULY_INDEXATION:
        return JULY_INDEXATION[year]
    return (
        JULY_INDEXATION[min(JULY_INDEXATION)] if year < min(JULY_INDEXATION) else JULY_INDEXATION[max(JULY_INDEXATION)]
    )


@lru_cache(maxsize=4096)
def tariff_rate(branch_code: str, year: int, half: int) -> Decimal:
    """The rate without VAT of `half` (1: January–June, 2: July–December) of `year`, руб./Гкал."""
    if (year, half) == (ANCHOR_YEAR, 1):
        return TARIFF_2015[branch_code]
    if year > ANCHOR_YEAR or (year == ANCHOR_YEAR and half == 2):
        if half == 1:
            return tariff_rate(branch_code, year - 1, 2)
        return (tariff_rate(branch_code, year, 1) * (1 + _indexation(year) / 100)).quantize(KOP, ROUND_HALF_UP)
    # Before the anchor: undo the indexation.
    if half == 2:
        return tariff_rate(branch_code, year + 1, 1)
    return (tariff_rate(branch_code, year, 2) / (1 + _indexation(year) / 100)).quantize(KOP, ROUND_HALF_UP)


def tariff_rate_on(branch_code: str, day: datetime.date) -> Decimal:
    return tariff_rate(branch_code, day.year, 1 if day.month < 7 else 2)


@lru_cache(maxsize=65536)
def price_index(branch_code: str, month: datetime.date) -> Decimal:
    """The gross price of heat in `month` against January–June 2015 (tariff × (1 + VAT))."""
    rate = tariff_rate_on(branch_code, month) * (100 + vat_rate_on(month))
    return rate / (TARIFF_2015[branch_code] * (100 + VAT_BEFORE))


def contract_amount_in(amount_2015: Decimal, *, branch_code: str, month: datetime.date) -> Decimal:
    """The contractual monthly amount (with VAT) in `month` of a contract worth `amount_2015` in 2015."""
    return (amount_2015 * price_index(branch_code, month)).quantize(KOP, ROUND_HALF_UP)


@lru_cache(maxsize=65536)
def month_prices(branch_code: str, month: datetime.date) -> tuple[Decimal, Decimal, Decimal]:
    """(VAT %, the tariff with VAT, руб./Гкал, `price_index`) of a month: the generator's one look-up."""
    vat = vat_rate_on(month)
    return vat, tariff_rate_on(branch_code, month) * (100 + vat) / 100, price_index(branch_code, month)
