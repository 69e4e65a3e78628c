"""The kit every cabinet list page is built from: the contract selector, the pager, the export bar.

    ListPageView   a list with «Договор:» above it and the pager below (`self.paginate(queryset)`)
    GridPageView   the same on the data grid (sort, search, filters, groups) with the five exports

A page sets `template_name`, `tab`, the `capability` its role must have, and returns its rows from a
selector that takes `self.viewer` (which limits them to the member's contracts); exports need EXPORT;
docs/architecture.md has the recipe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import TemplateView

from lk_portal.domain.errors import NotFound
from lk_portal.domain.roles import Capability, NotAllowed
from lk_portal.exports.formats import EXPORT_FORMATS, ExportFormat
from lk_portal.exports.table import ExportTooLarge
from lk_portal.grid import GridDefinition, grid_page, grid_state_parse
from lk_portal.grid.export import export_filename, grid_export_table, grid_state_describe
from lk_portal.grid.pager import Pager, paginate
from lk_portal.grid.presentation import grid_context
from lk_portal.grid.state import page_state_parse
from lk_portal.models import Contract, ExportJob, User
from lk_portal.selectors.contracts import contract_choices, contract_find
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.export_jobs import counted, export_job_create, sync_limit
from lk_portal.services.journal import journal_record

from .base import CabinetMixin
from .staff_view import EXPORT_PERMISSION, staff_view_refused


def export_response(
    export_format: ExportFormat,
    content: bytes | Iterable[bytes],
    *,
    filename: str,
    inline: bool = False,
    request=None,
    what: str = "",
    details: dict | None = None,
    action: str = "export",
) -> HttpResponse:
    """The one way a file leaves the cabinet: the format's content type, a download (or a tab for `inline`).

    Bytes are sent as they are; chunks of bytes (a renderer that streams) are streamed. With `request`
    the file is journaled (`action` «export» or «print», `what` and `details`: the filter, the document).
    """
    staff = getattr(request, "lk_staff", None)
    if staff is not None and not staff.has_perm(EXPORT_PERMISSION):
        return staff_view_refused(request)
    if request is not None:
        journal_record(
            action,
            request=request,
            object=what or filename,
            details={"format": export_format.extension, "file": filename, **(details or {})},
        )
    if isinstance(content, bytes | bytearray):
        response = HttpResponse(content, content_type=export_format.content_type)
    else:
        response = StreamingHttpResponse(content, content_type=export_format.content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def export_in_background(view, export_format: ExportFormat, *, title: str, rows: int) -> HttpResponse:
    """Hand the page's export to the worker and show its progress page; the query string defines the rows."""
    request = view.request
    staff = getattr(request, "lk_staff", None)
    if staff is not None and not staff.has_perm(EXPORT_PERMISSION):
        return staff_view_refused(request)
    query = request.GET.copy()
    query.pop("export", None)
    job = export_job_create(
        user=view.viewer.user,
        abonent=view.abonent,
        title=title,
        path=request.path,
        query=query.urlencode(),
        fmt=export_format.code,
        filename=view.export_filename(export_format),
        rows_total=rows,
    )
    return redirect(reverse("lk:export_job", args=[job.pk]))


def view_for_job(view_class, job: ExportJob):
    """A cabinet view set up as its page was for the job's owner: same path, same query string, same checks."""
    owner = job.owner
    if owner.state != User.ACTIVE or not owner.is_active:
        raise NotAllowed("Учетная запись заблокирована.")
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.GET = QueryDict(job.query)
    request.user = owner
    view = view_class()
    view.setup(request)
    view.viewer = viewer_for(owner)
    if view.viewer is None or view.viewer.abonent.pk != job.abonent_id:
        raise NotFound("Учетная запись не связана с абонентом выгрузки.")
    view.abonent = view.viewer.abonent
    if view_class.capability is not None:
        view.viewer.require(view_class.capability)
    view.viewer.require(Capability.EXPORT)
    return view


@dataclass(frozen=True)
class ContractChoice:
    """What templates/components/contract_selector.html shows: «Выберите: Договор: [… ▾] Показать»."""

    contracts: list[Contract]
    selected: Contract | None
    allow_all: bool = True  # the «все договоры» option
    hidden: list[tuple[str, str]] = field(default_factory=list)  # the page's other parameters, carried along
    extra_template: str = ""  # more inputs of the same form (the documents page's «показать список»)


class ContractChoiceMixin:
    """`?contract=<id>` among the viewer's contracts; another's or a malformed id is a 404 (ContractNotFound)."""

    contract_param: str | None = "contract"  # None: the page is not about one contract (no selector, no check)
    contract_selector = True  # False: the page lists contracts itself and shows no selector
    contract_allow_all = True  # False: no «все договоры»; without ?contract= the first contract is chosen
    selector_params: tuple[str, ...] = ()  # parameters the selector's extra template sets itself
    selector_template = ""

    def setup_contract(self) -> None:
        self.contracts, self.contract = [], None
        if self.contract_param is None:
            return
        self.contracts = contract_choices(viewer=self.viewer)
        self.contract = contract_find(contracts=self.contracts, raw_id=self.request.GET.get(self.contract_param))
        if self.contract is None and not self.contract_allow_all and self.contracts:
            self.contract = self.contracts[0]

    def contract_choice(self) -> ContractChoice | None:
        if not self.contract_selector or self.contract_param is None:
            return None
        skip = {self.contract_param, "page", "export", *self.selector_params}
        get = self.request.GET
        return ContractChoice(
            contracts=self.contracts,
            selected=self.contract,
            allow_all=self.contract_allow_all,
            hidden=[(k, v) for k in get for v in get.getlist(k) if k not in skip],
            extra_template=self.selector_template,
        )


class ListPageView(ContractChoiceMixin, CabinetMixin, TemplateView):
    """A cabinet list: the contract selector above it; `paginate` gives a page of rows and the pager."""

    page_size = 50

    def get(self, request, *args, **kwargs):
        self.setup_contract()
        return self.respond() or super().get(request, *args, **kwargs)

    def respond(self) -> HttpResponse | None:
        """An answer other than the page itself (a redirect, a file), or None."""
        return None

    def paginate(self, queryset, *, total: int | None = None) -> tuple[list, Pager]:
        """The current page's rows (sliced in the database) and the pager for templates/components/pager.html;
        `total`: the rows' count when the page has it already (no COUNT query)."""
        state = page_state_parse(self.request.GET, page_sizes=(self.page_size,), default_page_size=self.page_size)
        return paginate(queryset, state=state, total=total)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contract_choice"] = self.contract_choice()
        return context


class GridPageView(ListPageView):
    """A list on the data grid: subclasses set `grid` and return the viewer's rows in `get_grid_queryset()`."""

    grid: GridDefinition
    # The choice columns' values kept in the member's cache (services/header_cache.ScopeFigures): only for
    # rows that change by the billing import or one by one with signals (payments, documents).
    grid_choices_cached = False

    def get_grid_queryset(self):
        raise NotImplementedError

    def grid_choices_key(self) -> str | None:
        """What the grid's choice values depend on beyond the member's scope: the page, the contract and
        the selector's own parameters; None: not kept."""
        if not self.grid_choices_cached or getattr(self, "member_figures", None) is None:
            return None
        extra = [self.request.GET.getlist(name) for name in self.selector_params]
        return f"{type(self).__name__}:{self.contract.pk if self.contract else ''}:{extra}"

    def grid_choices_cache(self):
        key = self.grid_choices_key()
        return None if key is None else partial(self.member_figures.grid_choices, key)

    def get_grid_summary_queryset(self):
        """The grid's summary rows for the same viewer and contract (`GridDefinition.summary_keys`), or None."""
        return None

    def grid_search_lookups(self) -> dict:
        """The contract column searched among the viewer's contracts (already read for the selector):
        their ids, so the rows are not joined with every contract to read a number."""
        if self.grid.column("contract") is None or self.contract_param is None:
            return {}
        contracts = self.contracts

        def contract_q(word: str) -> Q:
            folded = word.casefold()
            return Q(contract_id__in=[c.pk for c in contracts if folded in c.number.casefold()])

        return {"contract": contract_q}

    def respond(self) -> HttpResponse | None:
        self.grid_state = grid_state_parse(self.request.GET, definition=self.grid)
        if self.grid_state.redirect_query is not None:
            return redirect(self.request.path + self.grid_state.redirect_query)
        fmt = self.request.GET.get("export")
        return self.export(fmt) if fmt else None

    def export_heading(self) -> list[str]:
        """The lines above the exported table: who, and which contract."""
        lines = [f"Абонент: {self.abonent.name}", f"ИНН: {self.abonent.inn}"]
        if self.contract_selector:
            contract = f"{self.contract.number} от {self.contract.start_date:%d.%m.%Y}" if self.contract else None
            lines.append(f"Договор: {contract or 'все договоры'}")
        return lines

    def export_table(self):
        """Every row of the grid's current view (the query string's filter, search, sort, groups)."""
        return grid_export_table(
            self.get_grid_queryset(),
            definition=self.grid,
            state=self.grid_state,
            heading=self.export_heading(),
            lookups=self.grid_search_lookups(),
        )

    def export_filename(self, export_format: ExportFormat) -> str:
        contract_number = self.contract.number if self.contract else None
        return export_filename(slug=self.grid.slug, contract_number=contract_number, fmt=export_format.extension)

    def export(self, fmt: str) -> HttpResponse:
        self.viewer.require(Capability.EXPORT)
        export_format = EXPORT_FORMATS.get(fmt)
        if export_format is None:
            raise Http404("Неизвестный формат выгрузки.")
        table = self.export_table()
        try:
            export_format.check(table)
            if table.size > sync_limit(fmt):
                return export_in_background(self, export_format, title=self.grid.title, rows=table.size)
            content = export_format.stream(table)
        except ExportTooLarge as error:
            return self.export_refused(error)
        contract_number = self.contract.number if self.contract else None
        filter_words = grid_state_describe(definition=self.grid, state=self.grid_state)
        return export_response(
            export_format,
            content,
            filename=self.export_filename(export_format),
            request=self.request,
            what=self.grid.title,
            details={"contract": contract_number or "все договоры", "filter": filter_words},
        )

    @classmethod
    def export_job_chunks(cls, job: ExportJob, progress) -> Iterable[bytes]:
        """The worker's side of a background export: the page's rows for the job's owner and query string."""
        view = view_for_job(cls, job)
        view.setup_contract()
        view.grid_state = grid_state_parse(view.request.GET, definition=view.grid)
        table = view.export_table()
        table.items = counted(table.items, progress)
        return EXPORT_FORMATS[job.format].stream(table)

    def export_refused(self, error: ExportTooLarge) -> HttpResponse:
        context = {
            **self.get_context_data(error=str(error)),
            "xlsx_url": self.request.path + self.grid_state.export_query("xlsx"),
            "back_url": self.request.path + self.grid_state.query(drop=("export",)),
        }
        return render(self.request, "lk_portal/export_refused.html", context, status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "error" not in kwargs:
            page = grid_page(
                self.get_grid_queryset(),
                definition=self.grid,
                state=self.grid_state,
                summary=self.get_grid_summary_queryset(),
                lookups=self.grid_search_lookups(),
                choices_cache=self.grid_choices_cache(),
            )
            context.update(grid_context(page))
            if not self.viewer.can(Capability.EXPORT):
                context["export_bar"] = None
        return context
