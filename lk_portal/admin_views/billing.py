"""Staff screens for the billing data: Wagtail ModelViewSets (list, search, filters, export).

Buttons and messages decline each model's name and periods read «2015,08» (admin_views/wording.py).
Search goes through the ORM (`icontains`), which folds Cyrillic on PostgreSQL and, through
lk_portal.db.sqlite_unicode, on SQLite too. The models the billing files fill edit every field
of the model and export the fields of their file's columns (exchange/kinds.py), so a new column
reaches them with no change here.
"""

from wagtail.admin.viewsets.model import ModelViewSetGroup

from lk_portal.admin_views.wording import FEMININE, NEUTER, PLURAL, NamedModelViewSet, Noun, period_column
from lk_portal.exchange.kinds import KINDS
from lk_portal.models import (
    Abonent,
    BillingDocument,
    Branch,
    Contract,
    Curator,
    DebtSnapshot,
    Payment,
    PaymentTerm,
    SupplierBankDetails,
    Tariff,
)


class BillingViewSet(NamedModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    list_per_page = 50


class BillingKindViewSet(BillingViewSet):
    """The model of a kind of billing file: its edit form holds every field of the model."""

    exclude_form_fields: list[str] = []


class BranchViewSet(BillingViewSet):
    model = Branch
    noun = Noun("филиал", "филиал", "филиалов")
    icon = "site"
    menu_label = "Филиалы"
    url_prefix = "branches"
    list_display = ["name", "code", "phone"]
    search_fields = ["name", "addresses"]
    form_fields = ["code", "name", "addresses", "phone", "sort_order"]


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
    list_filter = ["branch"]
    list_export = ["name", *(field for field in KINDS["abonents"].model_fields() if field != "name")]
    search_fields = ["name", "inn", "kpp", "email", "contact_person"]

    def get_queryset(self, request):
        return Abonent.objects.select_related("branch")


class ContractViewSet(BillingKindViewSet):
    model = Contract
    noun = Noun("договор", "договор", "договоров")
    icon = "doc-full"
    menu_label = "Договоры"
    url_prefix = "contracts"
    list_display = ["number", "abonent", "goods", "start_date", "end_date", "status"]
    list_filter = ["status", "goods", "abonent__branch"]
    list_export = KINDS["contracts"].model_fields()
    search_fields = ["number", "abonent__name", "abonent__inn", "goods", "status"]

    def get_queryset(self, request):
        return Contract.objects.select_related("abonent")


class CuratorViewSet(BillingKindViewSet):
    model = Curator
    noun = Noun("куратор договора", "куратора договора", "кураторов")
    icon = "user"
    menu_label = "Кураторы"
    url_prefix = "curators"
    list_display = ["full_name", "position", "phone", "contract"]
    search_fields = ["full_name", "position", "contract__number"]

    def get_queryset(self, request):
        return Curator.objects.select_related("contract")


class PaymentTermViewSet(BillingKindViewSet):
    model = PaymentTerm
    noun = Noun("условие оплаты", "условие оплаты", "условий оплаты", NEUTER)
    icon = "date"
    menu_label = "Условия оплаты"
    url_prefix = "payment-terms"
    list_display = ["contract", "day", "percent", "kind", "next_month"]
    search_fields = ["contract__number", "kind"]

    def get_queryset(self, request):
        return PaymentTerm.objects.select_related("contract")


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
    list_filter = ["kind", "date", "abonent"]
    list_export = KINDS["payments"].model_fields()
    search_fields = ["number", "purpose", "kind", "contract__number"]

    def get_queryset(self, request):
        return Payment.objects.select_related("contract", "abonent")


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
    list_filter = ["doc_type", "kind", "date"]
    # The file's columns but three the staff export has never held.
    list_export = [f for f in KINDS["documents"].model_fields() if f not in ("kind", "vat_rate", "due_date")]
    search_fields = ["number", "name", "kind", "contract__number"]

    def get_queryset(self, request):
        return BillingDocument.objects.select_related("contract", "abonent")


class DebtSnapshotViewSet(BillingKindViewSet):
    model = DebtSnapshot
    noun = Noun("запись о задолженности", "запись о задолженности", "записей о задолженности", FEMININE)
    icon = "warning"
    menu_label = "Задолженность"
    url_prefix = "debts"
    list_display = ["contract", "abonent", "as_of", "debt", "penalties"]
    list_filter = ["as_of"]
    search_fields = ["contract__number", "abonent__name", "abonent__inn"]

    def get_queryset(self, request):
        return DebtSnapshot.objects.select_related("contract", "abonent")


class TariffViewSet(BillingKindViewSet):
    model = Tariff
    noun = Noun("тариф", "тариф", "тарифов")
    icon = "cogs"
    menu_label = "Тарифы"
    url_prefix = "tariffs"
    list_display = ["name", "branch", "tariff_group", "unit", "rate", "valid_from", "valid_to", "decree"]
    list_filter = ["branch", "valid_from"]
    search_fields = ["name", "decree", "tariff_group"]


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
        CuratorViewSet,
        PaymentTermViewSet,
        BranchViewSet,
        SupplierBankDetailsViewSet,
    )
