"""The branches' heat tariffs from the first year of the history to the current one (prices.py)."""

import datetime

from lk_portal.models import Tariff

from .context import DemoContext
from .prices import tariff_rate, vat_rate_on

TARIFF_NAME = "Тепловая энергия (отопление, горячее водоснабжение)"


def tariff_rows(*, first_year: int, last_year: int, branch_codes: list[str]) -> list[dict]:
    """Two periods a year per branch: January–June (the previous July's rate) and July–December."""
    rows = []
    for order, code in enumerate(branch_codes):
        for year in range(first_year, last_year + 1):
            for half, start, end in (
                (1, datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
                (2, datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
            ):
                decree_date = datetime.date(year - 1, 12, 19) if half == 1 else datetime.date(year, 6, 20)
                rows.append(
                    {
                        "external_id": f"T-{code}-{year}-{half}",
                        "branch_code": code,
                        "name": TARIFF_NAME,
                        "unit": "руб./Гкал",
                        "rate": tariff_rate(code, year, half),
                        "vat_rate": vat_rate_on(start),
                        "valid_from": start,
                        "valid_to": end,
                        "decree": "Постановление Государственного комитета Республики Татарстан по тарифам "
                        f"от {decree_date:%d.%m.%Y} № {(year * 37 + half * 11) % 600 + 100}-{order + 30}/тэ",
                        "decree_url": f"https://tarif.tatarstan.ru/rus/documents/{year}/{half}/{code}.htm",
                    }
                )
    return rows


def tariffs_ensure(ctx: DemoContext) -> None:
    """Upsert by code; a tariff already as generated is not written again."""
    first_year = 2015 - max(ctx.years, 1) + 1  # the guide's abonent's history starts the earliest
    rows = tariff_rows(first_year=first_year, last_year=ctx.today.year, branch_codes=list(ctx.branches))
    stored = {t.external_id: t for t in Tariff.objects.filter(external_id__in=[r["external_id"] for r in rows])}
    for row in rows:
        values = {k: v for k, v in row.items() if k not in ("external_id", "branch_code")}
        values.update(branch_id=ctx.branches[row["branch_code"]].id, tariff_group="")
        tariff = stored.get(row["external_id"])
        if tariff is None:
            Tariff.objects.create(external_id=row["external_id"], **values)
            ctx.report.add("тарифов", 1)
        elif any(getattr(tariff, field) != value for field, value in values.items()):
            Tariff.objects.filter(pk=tariff.pk).update(**values)
            ctx.report.add("тарифов", 1, updated=True)
