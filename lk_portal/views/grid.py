"""A cabinet page built on the data grid: contract selector, grid state, page and five exports.

Subclasses set `grid` and `template_name` and return the abonent-scoped queryset from a
selector in `get_grid_queryset()`; everything else — the query string, `?export=…`, the
404 for a foreign contract — is here, so issue 7's lists can reuse it as is.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.generic import TemplateView

from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.exports.table import ExportTooLarge
from lk_portal.grid import GridDefinition, grid_page, grid_state_parse
from lk_portal.grid.export import export_filename, grid_export_table
from lk_portal.grid.presentation import grid_context
from lk_portal.selectors.contracts import contract_choose, contract_list

from .base import CabinetMixin


class ContractSelectorMixin:
    """«Договор: 05 Т от 01.10.2004» with «все договоры»; `?contract=<id>` checked against the abonent."""

    contract_selector = True
    selector_params: tuple[str, ...] = ()  # other parameters the selector form itself sets

    def setup_contract(self, request) -> None:
        self.contracts = list(contract_list(abonent=self.abonent))
        self.contract = contract_choose(
            abonent=self.abonent, contracts=self.contracts, raw_id=request.GET.get("contract")
        )

    def contract_context(self) -> dict:
        skip = {"contract", "page", "export", *self.selector_params}
        return {
            "contract_selector": self.contract_selector,
            "contracts": self.contracts,
            "contract": self.contract,
            "selector_hidden": [(k, v) for k in self.request.GET for v in self.request.GET.getlist(k) if k not in skip],
        }


class GridPageView(ContractSelectorMixin, CabinetMixin, TemplateView):
    grid: GridDefinition

    def get_grid_queryset(self):
        raise NotImplementedError

    def export_heading(self) -> list[str]:
        contract = f"{self.contract.number} от {self.contract.start_date:%d.%m.%Y}" if self.contract else "все договоры"
        lines = [f"Абонент: {self.abonent.name}", f"ИНН: {self.abonent.inn}"]
        if self.contract_selector:
            lines.append(f"Договор: {contract}")
        return lines

    def get(self, request, *args, **kwargs):
        self.setup_contract(request)
        self.grid_state = grid_state_parse(request.GET, definition=self.grid)
        if self.grid_state.redirect_query is not None:
            return redirect(request.path + self.grid_state.redirect_query)
        fmt = request.GET.get("export")
        if fmt:
            return self.export_response(fmt)
        return super().get(request, *args, **kwargs)

    def export_response(self, fmt: str) -> HttpResponse:
        export_format = EXPORT_FORMATS.get(fmt)
        if export_format is None:
            raise Http404("Неизвестный формат выгрузки.")
        table = grid_export_table(
            self.get_grid_queryset(), definition=self.grid, state=self.grid_state, heading=self.export_heading()
        )
        try:
            content = export_format.render(table)
        except ExportTooLarge as error:
            context = {
                **self.get_context_data(error=str(error)),
                "xlsx_url": self.request.path + self.grid_state.export_query("xlsx"),
                "back_url": self.request.path + self.grid_state.query(drop=("export",)),
            }
            return render(self.request, "lk_portal/export_refused.html", context, status=400)
        response = HttpResponse(content, content_type=export_format.content_type)
        name = export_filename(
            slug=self.grid.slug, contract_number=self.contract.number if self.contract else None, fmt=fmt
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.contract_context())
        if "error" not in kwargs:
            page = grid_page(self.get_grid_queryset(), definition=self.grid, state=self.grid_state)
            context.update(grid_context(page))
        return context
