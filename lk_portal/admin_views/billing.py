"""Staff screens for the billing data: Wagtail ModelViewSets (list, search, filters, export).

Buttons and messages decline each model's name and periods read «2015,08» (admin_views/wording.py).
Search goes through the ORM (`icontains`), which folds Cyrillic on PostgreSQL and, through
lk_portal.db.sqlite_unicode, on SQLite too. The models the billing files fill edit every field
of the model and export the fields of their file's columns (exchange/kinds.py), so a new column
reaches them with no change here.
"""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lk_portal.admin_views.wording import (
    FEMININE,
    NEUTER,
    PLURAL,
    NamedIndexView,
    NamedModelViewSet,
    Noun,
    period_column,
)
from lk_portal.exchange.kinds import KINDS
from lk_portal.formatting import format_int
from lk_portal.models import (
    Abonent,
    BillingDocument,
    Branch,
    Consumption,
    Contract,
    Curator,
    DebtSnapshot,
    MeteringUnit,
    Payment,
    PaymentSummary,
    PaymentTerm,
    Reading,
    SupplierBankDetails,
    Tariff,
)
from lk_portal.selectors.staff_listings import (
    ESTIMATE_ABOVE,
    billing_search_branches,
    ranked_page_ids,
    row_estimate,
)


class EstimatedCountPaginator(WagtailPaginator):
    """Counts exactly up to ESTIMATE_ABOVE rows; beyond, PostgreSQL's estimate, shown as «≈ 7 200 000 оплаты»."""

    estimated = False
    search_branches: list = ()  # set by BigTableIndexView while searching: each thing the term names

    def page(self, number):
        """A searched page from each branch's own first rows (ranked_page_ids), not one sort of all."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = ranked_page_ids(self.object_list, list(self.search_branches), top=top) if self.search_branches else None
        if ids is None:
            return super().page(number)
        return self._get_page(self.object_list.filter(pk__in=ids)[bottom:top], number, self)

    @cached_property
    def count(self):
        estimate = row_estimate(self.object_list)
        if estimate is None or estimate <= ESTIMATE_ABOVE:
            return super().count
        self.estimated = True
        return estimate

    @cached_property
    def items_count_label(self):
        count = self.count
        name = self.verbose_name if count == 1 else self.verbose_name_plural
        return f"{'≈ ' if self.estimated else ''}{format_int(count)} {name}"


class BigTableIndexView(NamedIndexView):
    """A listing of a table of millions of rows: the estimated count; the search by indexed keys only.

    Filtered or searched, it keeps the model's order (newest first), which the (abonent | contract,
    date, id) indexes hold; unfiltered, it lists the rows last loaded first (by id, the primary
    key): no index on the date alone, which would tempt the planner to walk every row by date.
    """

    paginator_class = EstimatedCountPaginator

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        if self.is_explicitly_ordered or self.is_searching or self.is_filtering:
            return queryset
        return queryset.order_by("-pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        self.search_branches = billing_search_branches(self.search_query)
        return queryset.filter(reduce(or_, self.search_branches, Q()))

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.search_branches = getattr(self, "search_branches", [])
        return paginator


class BillingViewSet(NamedModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    list_per_page = 50
    list_select_related: tuple[str, ...] = ()  # the relations the listing's columns show

    def get_index_view_kwargs(self, **kwargs):
        if self.list_select_related:
            kwargs.setdefault("queryset", self.model._default_manager.select_related(*self.list_select_related))
        return super().get_index_view_kwargs(**kwargs)


def _payment_kinds():
    kinds = PaymentSummary.objects.order_by("kind").values_list("kind", flat=True).distinct()
    return [(kind, kind) for kind in kinds]


class _AbonentFilters(WagtailFilterSet):
    """By abonent (its id in a link from elsewhere, or its ИНН typed) and by date; no select of every abonent."""

    abonent = django_filters.ModelChoiceFilter(
        queryset=Abonent.objects.all(), widget=forms.HiddenInput, label="Абонент"
    )
    inn = django_filters.CharFilter(field_name="abonent__inn", label="ИНН абонента")
    date = django_filters.DateFromToRangeFilter(label="Дата", widget=DateRangePickerWidget)


class PaymentFilterSet(_AbonentFilters):
    kind = django_filters.ChoiceFilter(
        choices=_payment_kinds, label="Вид реализации", widget=forms.RadioSelect, empty_label="Все"
    )

    class Meta:
        model = Payment
        fields = ["kind", "date", "abonent", "inn"]


class BillingDocumentFilterSet(_AbonentFilters):
    doc_type = django_filters.ChoiceFilter(
        choices=BillingDocument.DOC_TYPES, label="Тип документа", widget=forms.RadioSelect, empty_label="Все"
    )

    class Meta:
        model = BillingDocument
        fields = ["doc_type", "date", "abonent", "inn"]


class BillingKindViewSet(BillingViewSet):
    """The model of a kind of billing file: its edit form holds every field of the model."""

    exclude_form_fields: list[str] = []


class BranchViewSet(BillingViewSet):
    model = Branch
    noun = Noun("филиал", "филиал", "филиалов")
    icon = "site"
    menu_label = "Филиалы"
    url_prefix = "branches"
    list_display = ["name", "code", "phone", "email"]
    search_fields = ["name", "addresses"]
    form_fields = ["code", "name", "addresses", "phone", "email", "staff", "sort_order"]


class SupplierBankDetailsViewSet(BillingViewSet):
    model = SupplierBankDetails
    noun = Noun("банковские реквизиты филиала", "банковские реквизиты филиала", "банковских реквизитов", PLURAL)
    icon = "form"
    menu_label = "Банковские реквизиты"
    url_prefix = "bank-details"
    list_display = ["payee_name", "branch", "inn", "kpp", "bank_name", "bic", "account"]
    search_fields = ["payee_name", "bank_name"]
    form_fields = [
        "branch",
        "payee_name",
        "inn",
        "kpp",
        "bank_name",
        "bic",
        "account",
        "corr_account",
        "address",
        "phone",
    ]


class AbonentViewSet(BillingKindViewSet):
    model = Abonent
    noun = Noun("абонент", "абонента", "абонентов")
    icon = "group"
    menu_label = "Абоненты"
    url_prefix = "abonents"
    list_display = ["name", "inn", "kpp", "branch", "email", "contact_person", "phone"]
    list_select_related = ("branch",)
    list_filter = ["branch"]
    list_export = ["name", *(field for field in KINDS["abonents"].model_fields() if field != "name")]
    search_fields = ["name", "inn", "kpp", "email", "contact_person"]


class ContractViewSet(BillingKindViewSet):
    model = Contract
    noun = Noun("договор", "договор", "договоров")
    icon = "doc-full"
    menu_label = "Договоры"
    url_prefix = "contracts"
    list_display = ["number", "abonent", "goods", "start_date", "end_date", "status"]
    list_select_related = ("abonent",)
    list_filter = ["status", "goods", "abonent__branch"]
    list_export = KINDS["contracts"].model_fields()
    search_fields = ["number", "abonent__name", "abonent__inn", "goods", "status"]


class CuratorViewSet(BillingKindViewSet):
    model = Curator
    noun = Noun("куратор договора", "куратора договора", "кураторов")
    icon = "user"
    menu_label = "Кураторы"
    url_prefix = "curators"
    list_display = ["full_name", "position", "phone", "contract"]
    list_select_related = ("contract",)
    search_fields = ["full_name", "position", "contract__number"]


class PaymentTermViewSet(BillingKindViewSet):
    model = PaymentTerm
    noun = Noun("условие оплаты", "условие оплаты", "условий оплаты", NEUTER)
    icon = "date"
    menu_label = "Условия оплаты"
    url_prefix = "payment-terms"
    list_display = ["contract", "day", "percent", "kind", "next_month"]
    list_select_related = ("contract",)
    search_fields = ["contract__number", "kind"]


class PaymentViewSet(BillingKindViewSet):
    model = Payment
    noun = Noun("оплата", "оплату", "оплат", FEMININE)
    icon = "tick"
    menu_label = "Оплаты"
    url_prefix = "payments"
    list_display = [
        "number",
        "date",
        period_column("period", "Отчетный период"),
        "amount",
        "kind",
        "contract",
        "abonent",
    ]
    list_select_related = ("contract", "abonent")
    filterset_class = PaymentFilterSet
    index_view_class = BigTableIndexView
    list_export = KINDS["payments"].model_fields()
    search_fields = ["number", "contract__number", "abonent__inn"]  # what BigTableIndexView searches


class BillingDocumentViewSet(BillingKindViewSet):
    model = BillingDocument
    noun = Noun("платежный документ", "платежный документ", "платежных документов")
    icon = "doc-full-inverse"
    menu_label = "Платежные документы"
    url_prefix = "billing-documents"
    list_display = [
        "number",
        "doc_type",
        "date",
        period_column("period", "Период начислений"),
        "accrued",
        "paid",
        "debt",
        "contract",
        "abonent",
    ]
    list_select_related = ("contract", "abonent")
    filterset_class = BillingDocumentFilterSet
    index_view_class = BigTableIndexView
    # The file's columns but three the staff export has never held.
    list_export = [f for f in KINDS["documents"].model_fields() if f not in ("kind", "vat_rate", "due_date")]
    search_fields = ["number", "contract__number", "abonent__inn"]  # what BigTableIndexView searches


class DebtSnapshotViewSet(BillingKindViewSet):
    model = DebtSnapshot
    noun = Noun("запись о задолженности", "запись о задолженности", "записей о задолженности", FEMININE)
    icon = "warning"
    menu_label = "Задолженность"
    url_prefix = "debts"
    list_display = ["contract", "abonent", "as_of", "debt", "penalties"]
    list_select_related = ("contract", "abonent")
    list_filter = ["as_of"]
    search_fields = ["contract__number", "abonent__name", "abonent__inn"]


class TariffViewSet(BillingKindViewSet):
    model = Tariff
    noun = Noun("тариф", "тариф", "тарифов")
    icon = "cogs"
    menu_label = "Тарифы"
    url_prefix = "tariffs"
    list_display = ["name", "branch", "tariff_group", "unit", "rate", "valid_from", "valid_to", "decree"]
    list_filter = ["branch", "valid_from"]
    search_fields = ["name", "decree", "tariff_group"]


class MeteringUnitViewSet(BillingKindViewSet):
    model = MeteringUnit
    noun = Noun("узел учета", "узел учета", "узлов учета")
    icon = "cog"
    menu_label = "Узлы учета"
    url_prefix = "metering-units"
    list_display = ["unit_id", "address", "calculator", "serial_no", "verification_due", "contract", "abonent"]
    list_filter = ["calculator", "verification_due"]
    list_export = KINDS["metering_units"].model_fields()
    search_fields = ["unit_id", "address", "object_name", "serial_no", "contract__number"]

    def get_queryset(self, request):
        return MeteringUnit.objects.select_related("contract", "abonent")


class ConsumptionViewSet(BillingKindViewSet):
    model = Consumption
    noun = Noun("потребление за месяц", "потребление за месяц", "записей о потреблении", NEUTER)
    icon = "table"
    menu_label = "Потребление"
    url_prefix = "consumption"
    list_display = ["unit", period_column("period", "Отчетный период"), "heat_gcal", "water", "hours", "method"]
    list_filter = ["method", "period"]
    list_export = KINDS["consumption"].model_fields()
    search_fields = ["unit__unit_id", "unit__address"]

    def get_queryset(self, request):
        return Consumption.objects.select_related("unit")


class ReadingFilterSet(WagtailFilterSet):
    """Readings by their way to billing and back, by unit (its code typed) and by the abonent's branch."""

    status = django_filters.ChoiceFilter(
        choices=Reading.STATUSES, label="Статус", widget=forms.RadioSelect, empty_label="Все"
    )
    unit = django_filters.CharFilter(field_name="unit__unit_id", label="Код узла учета")
    branch = django_filters.ModelChoiceFilter(
        field_name="unit__abonent__branch", queryset=Branch.objects.order_by("sort_order", "name"), label="Филиал"
    )
    period = django_filters.DateFromToRangeFilter(label="Отчетный период", widget=DateRangePickerWidget)

    class Meta:
        model = Reading
        fields = ["status", "unit", "branch", "period"]


class ReadingViewSet(BillingKindViewSet):
    """Readings members submitted (issue 17): staff see them and billing's answer (`reading_statuses`)."""

    model = Reading
    noun = Noun("показания", "показания", "показаний", PLURAL)
    icon = "doc-full"
    menu_label = "Показания"
    url_prefix = "readings"
    list_display = [
        Column("unit_code", label="Код узла учета", accessor="unit.unit_id", sort_key="unit__unit_id"),
        "unit",
        period_column("period", "Отчетный период"),
        "heat_gcal_total",
        "heat_gcal",
        "status",
        "reason",
        "submitted_at",
        "export_file",
    ]
    filterset_class = ReadingFilterSet
    list_export = [
        "id",
        "unit",
        "period",
        "taken_on",
        "heat_gcal_total",
        "water_total",
        "hours_total",
        "heat_gcal",
        "source",
        "submitted_at",
        "submitted_by",
        "late",
        "comment",
        "status",
        "reason",
        "billed_gcal",
        "exported_at",
        "export_file",
        "status_at",
    ]
    search_fields = ["unit__unit_id", "unit__address", "unit__contract__number", "export_file"]
    list_select_related = ("unit",)


class BillingViewSetGroup(ModelViewSetGroup):
    menu_label = "Биллинг"
    menu_icon = "table"
    menu_order = 200
    items = (
        AbonentViewSet,
        ContractViewSet,
        PaymentViewSet,
        BillingDocumentViewSet,
        DebtSnapshotViewSet,
        TariffViewSet,
        MeteringUnitViewSet,
        ConsumptionViewSet,
        ReadingViewSet,
        CuratorViewSet,
        PaymentTermViewSet,
        BranchViewSet,
        SupplierBankDetailsViewSet,
    )
