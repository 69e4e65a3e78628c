"""«Сравнить с нашим актом»: the abonent's act read and kept, compared with ours, its differences sent as a request.

`act_comparison_create` reads the upload (lk_portal.exchange.act_1c) and stores what it read;
`act_comparison_build` compares it with our act of the same period and contract, read anew each time;
`discrepancies_send` files a request of the type «акт сверки» with the comparison as XLSX — through the
requests service (issue 18, `lk_portal.services.requests.request_create`) once it is there.
"""

from __future__ import annotations

import datetime
import importlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lk_portal.domain.act_compare import (
    MAX_DAYS,
    Comparison,
    TheirAct,
    act_compare,
    their_act_from_json,
    their_act_to_json,
)
from lk_portal.domain.reconciliation import ReconciliationAct
from lk_portal.domain.roles import Capability
from lk_portal.exchange.act_1c import ACT_LIMITS, Party, act_1c_read
from lk_portal.exchange.limits import megabytes
from lk_portal.exchange.problems import FileRefused
from lk_portal.exports.act_compare import render_comparison_xlsx
from lk_portal.models import ActComparison, Contract
from lk_portal.presentation.act_compare import ComparisonText, comparison_text, discrepancies_letter
from lk_portal.presentation.reconciliation import SUPPLIER, reconciliation_act_text
from lk_portal.selectors.reconciliation import reconciliation_act
from lk_portal.selectors.viewer import Viewer

from .journal import journal_record

REQUEST_KIND = "act"  # «акт сверки» among the requests' types
REQUESTS_SERVICE = "lk_portal.services.requests"


class RequestsUnavailable(RuntimeError):
    """The requests service (issue 18, items 1–4) is not installed in this build."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "LK_ACT_COMPARE_MAX_BYTES", ACT_LIMITS.file_bytes))


def _contract_of_header(theirs: TheirAct, contracts: list[Contract]) -> Contract | None:
    """The viewer's contract whose number their header names («по договору 05 Т от …»)."""
    text = " ".join(theirs.contract_text.casefold().split())
    for contract in contracts:
        number = re.escape(" ".join(contract.number.casefold().split()))
        if number and re.search(rf"(?<![\w/-]){number}(?![\w/-])", text):
            return contract
    return None


def _period(theirs: TheirAct, date_from, date_to) -> tuple[datetime.date, datetime.date]:
    start, end = theirs.date_from or date_from, theirs.date_to or date_to
    if start is None or end is None:
        raise FileRefused("в акте не найден период («за период: 01.01.2015 - 30.06.2015»); укажите его на странице")
    if (end - start).days > MAX_DAYS:
        raise FileRefused("акт сверки сравнивается за период не длиннее трех лет")
    return start, end


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes
    contract: Contract | None  # chosen on the page; None: the one their header names, else all
    contracts: list[Contract]  # the viewer's
    date_from: datetime.date | None = None  # the page's, for a file without a period
    date_to: datetime.date | None = None


def act_comparison_create(*, viewer: Viewer, upload: Upload) -> ActComparison:
    """Their act read and stored; FileRefused (its message in Russian) for a file that is not one."""
    limit = max_upload_bytes()
    if len(upload.content) > limit:
        raise FileRefused(f"файл больше {megabytes(limit)}; акт сверки из 1С занимает гораздо меньше")
    abonent = viewer.abonent
    theirs = act_1c_read(upload.content, Party(abonent.name, abonent.inn, SUPPLIER))
    contract = upload.contract or _contract_of_header(theirs, upload.contracts)
    if contract is None and viewer.scoped:
        raise FileRefused("в акте не назван ваш договор: выберите договор на странице")
    start, end = _period(theirs, upload.date_from, upload.date_to)
    return ActComparison.objects.create(
        abonent=abonent,
        user=viewer.user,
        contract=contract,
        date_from=start,
        date_to=end,
        file_name=upload.name[:255],
        their_act=their_act_to_json(theirs),
    )


@dataclass(frozen=True)
class Compared:
    stored: ActComparison
    ours: ReconciliationAct
    theirs: TheirAct
    comparison: Comparison
    text: ComparisonText


def act_comparison_build(*, viewer: Viewer, stored: ActComparison) -> Compared:
    """Our act of the stored period and contract (read now) against theirs."""
    ours = reconciliation_act(
        viewer=viewer, contract=stored.contract, date_from=stored.date_from, date_to=stored.date_to
    )
    theirs = their_act_from_json(stored.their_act)
    comparison = act_compare(ours, theirs)
    text = comparison_text(reconciliation_act_text(ours), theirs, comparison)
    return Compared(stored, ours, theirs, comparison, text)


def comparison_file_name(stored: ActComparison) -> str:
    return f"sravnenie-akta-sverki-{stored.date_from:%Y%m%d}-{stored.date_to:%Y%m%d}.xlsx"


def comparison_xlsx(compared: Compared) -> bytes:
    return render_comparison_xlsx(compared.text)


def _request_create():
    """The requests service's `request_create`, or RequestsUnavailable while it is not in this build."""
    try:
        module = importlib.import_module(REQUESTS_SERVICE)
    except ImportError:
        raise RequestsUnavailable(REQUESTS_SERVICE) from None
    create = getattr(module, "request_create", None)
    if create is None:
        raise RequestsUnavailable(REQUESTS_SERVICE)
    return create


def discrepancies_send(*, viewer: Viewer, compared: Compared, request=None):
    """A request «акт сверки» with the comparison attached as XLSX; the stored comparison remembers it."""
    viewer.require(Capability.FILE_REQUESTS)
    create = _request_create()
    stored, text = compared.stored, compared.text
    subject, body = discrepancies_letter(text)
    attachment = ContentFile(comparison_xlsx(compared), name=comparison_file_name(stored))
    with transaction.atomic():
        filed = create(
            viewer=viewer,
            kind_code=REQUEST_KIND,
            contract=stored.contract,
            subject=subject,
            text=body,
            attachments=[attachment],
        )
        stored.sent_at = timezone.now()
        stored.request_number = str(getattr(filed, "number", "") or getattr(filed, "pk", ""))[:40]
        stored.save(update_fields=["sent_at", "request_number"])
        journal_record(
            "act_compare_send",
            request=request,
            user=viewer.user if request is None else None,
            abonent=viewer.abonent,
            object=subject,
            details={"request": stored.request_number, "discrepancies": str(compared.comparison.discrepancies)},
        )
    return filed
