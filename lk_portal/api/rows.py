"""A row of each collection as the API writes it: money to the kopeck as a string, periods `YYYY-MM`."""

from __future__ import annotations

from decimal import Decimal

from wagtail.rich_text import expand_db_html

from lk_portal.models import Reading


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def gcal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.3f}"


def number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def month(value) -> str:
    return f"{value:%Y-%m}"


def contract_row(c) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "goods": c.goods,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "status": c.status,
        "tariff_group": c.tariff_group,
        "contract_amount": money(c.contract_amount),
        "updated_at": c.updated_at,
    }


def curator_row(c) -> dict:
    fields = ("contract_id", "position", "full_name", "phone", "sort_order", "updated_at")
    return {"id": c.pk, **{f: getattr(c, f) for f in fields}}


def term_row(t) -> dict:
    return {
        "id": t.pk,
        "contract_id": t.contract_id,
        "day": t.day,
        "percent": number(t.percent),
        "kind": t.kind,
        "next_month": t.next_month,
        "updated_at": t.updated_at,
    }


def payment_row(p) -> dict:
    return {
        "id": p.pk,
        "external_id": p.external_id,
        "contract_id": p.contract_id,
        "number": p.number,
        "date": p.date,
        "period": month(p.period),
        "amount": money(p.amount),
        "kind": p.kind,
        "purpose": p.purpose,
        "updated_at": p.updated_at,
    }


def document_row(d) -> dict:
    plain = ("external_id", "contract_id", "doc_type", "name", "number", "date", "kind", "due_date", "updated_at")
    row = {"id": d.pk, **{f: getattr(d, f) for f in plain}, "period": month(d.period)}
    row.update({f: money(getattr(d, f)) for f in ("accrued", "paid", "debt", "penalties")})
    row["vat_rate"] = number(d.vat_rate)
    return row


def debt_row(s) -> dict:
    return {
        "id": s.pk,
        "contract_id": s.contract_id,
        "as_of": s.as_of,
        "debt": money(s.debt),
        "penalties": money(s.penalties),
        "updated_at": s.updated_at,
    }


def tariff_row(t) -> dict:
    plain = ("external_id", "tariff_group", "name", "unit", "valid_from", "valid_to", "decree", "updated_at")
    return {"id": t.pk, **{f: getattr(t, f) for f in plain}, "rate": money(t.rate), "vat_rate": number(t.vat_rate)}


def unit_row(u) -> dict:
    plain = ("unit_id", "contract_id", "address", "object_name", "calculator", "serial_no", "verification_due")
    return {
        "id": u.pk,
        **{f: getattr(u, f) for f in plain},
        "resources": [code for code in u.resources.split(",") if code],
        "window_from": u.window_from,
        "window_to": u.window_to,
        "updated_at": u.updated_at,
    }


def consumption_row(c) -> dict:
    return {
        "id": c.pk,
        "unit": c.unit_id,
        "period": month(c.period),
        "heat_gcal": gcal(c.heat_gcal),
        "water": gcal(c.water),
        "hours": number(c.hours),
        "method": c.method,
        "outdoor_temp": number(c.outdoor_temp),
        "updated_at": c.updated_at,
    }


READING_STATUS = dict(Reading.STATUSES)


def reading_row(r) -> dict:
    return {
        "id": r.pk,
        "unit": r.unit_id,
        "period": month(r.period),
        "taken_on": r.taken_on,
        "heat_gcal_total": gcal(r.heat_gcal_total),
        "water_total": gcal(r.water_total),
        "hours_total": number(r.hours_total),
        "source": r.source,
        "status": r.status,
        "status_title": READING_STATUS.get(r.status, r.status),
        "reason": r.reason,
        "submitted_at": r.submitted_at,
        "updated_at": r.updated_at,
    }


def news_row(n) -> dict:
    return {
        "id": n.pk,
        "title": n.title,
        "date": n.date,
        "topic": n.topic.name if n.topic_id else None,
        "summary": n.summary,
        "body_html": expand_db_html(n.body),
        "url": f"/lk/news/{n.pk}/",
        "is_unread": n.is_unread,
        "updated_at": n.last_published_at,
    }


def tombstone_row(t) -> dict:
    return {
        "id": t.object_id,
        "table": t.table,
        "key": t.key,
        "contract_id": t.contract_id,
        "deleted": True,
        "deleted_at": t.deleted_at,
    }
