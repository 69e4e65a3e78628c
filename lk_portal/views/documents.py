from lk_portal.domain.roles import Capability
from lk_portal.grids import DOCUMENTS_GRID
from lk_portal.selectors.documents import DOCUMENT_LISTS, document_queryset

from .kit import GridPageView

LIST_NAMES = {"invoice": "счета-фактуры", "payment": "оплаты"}


class DocumentListView(GridPageView):
    """«Выставленные платежные документы», with «показать список: счетов-фактур / оплат»."""

    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/documents.html"
    tab = "documents"
    grid = DOCUMENTS_GRID
    grid_choices_cached = True
    selector_params = ("list",)
    selector_template = "lk_portal/_document_lists.html"

    def document_lists(self) -> list[str]:
        chosen = [name for name in self.request.GET.getlist("list") if name in DOCUMENT_LISTS]
        return chosen or list(DOCUMENT_LISTS)  # nothing ticked = both lists

    def get_grid_queryset(self):
        return document_queryset(viewer=self.viewer, contract=self.contract, lists=self.document_lists())

    def export_heading(self) -> list[str]:
        return [*super().export_heading(), "Список: " + ", ".join(LIST_NAMES[n] for n in self.document_lists())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["document_lists"] = self.document_lists()
        return context
