"""Staff screens in Russian grammar, and periods written as the cabinet writes them.

Wagtail builds its buttons and messages from a model's `verbose_name` in the nominative case:
«Добавить оплата», «Вы уверены, что хотите удалить оплата?», «Договор '05 Т' создана».
A viewset that names its noun (`noun = Noun("оплата", "оплату", "оплат", FEMININE)`) gets views
that decline it: «Добавить оплату», «Новая оплата», «Оплата «86» создана», «Нет оплат для отображения».

A reporting period (a DateField on the 1st of a month named `period`) is «2015,08» in the list,
on the inspect screen, in the staff export and in the edit form, as in the cabinet and the billing files.
"""

from dataclasses import dataclass

from django import forms
from django.utils.text import capfirst
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lk_portal.formatting import format_period
from lk_portal.grid.filters import parse_period

MASCULINE, FEMININE, NEUTER, PLURAL = "m", "f", "n", "p"

# The ending of a past participle and the forms of «новый», «этот» by gender.
_PARTICIPLE = {MASCULINE: "", FEMININE: "а", NEUTER: "о", PLURAL: "ы"}
_NEW = {MASCULINE: "Новый", FEMININE: "Новая", NEUTER: "Новое", PLURAL: "Новые"}
_THIS = {MASCULINE: "этот", FEMININE: "эту", NEUTER: "это", PLURAL: "эти"}

PERIOD_FIELDS = ("period",)
PERIOD_HINT = "Введите период как в кабинете: год и месяц через запятую, например 2015,08."


@dataclass(frozen=True)
class Noun:
    """A model's name in the cases staff screens need."""

    nominative: str  # «оплата»
    accusative: str  # «оплату»: добавить, создать, удалить …
    genitive_plural: str  # «оплат»: нет …
    gender: str = MASCULINE

    def done(self, verb: str) -> str:
        """«создан» + the gender's ending: «создана», «созданы»."""
        return verb + _PARTICIPLE[self.gender]

    @property
    def add(self) -> str:
        return f"Добавить {self.accusative}"

    @property
    def new(self) -> str:
        return f"{_NEW[self.gender]} {self.nominative}"

    @property
    def this(self) -> str:
        return f"{_THIS[self.gender]} {self.accusative}"


def _about(noun: Noun, instance, verb: str) -> str:
    return f"{capfirst(noun.nominative)} «{instance}» {noun.done(verb)}."


class NamedIndexView(generic.IndexView):
    noun: Noun | None = None
    results_template_name = "lk_portal/admin/named_index_results.html"
    custom_field_preprocess = {
        name: {"csv": format_period, "xlsx": format_period} for name in PERIOD_FIELDS
    }  # the staff export: «2015,08»

    @property
    def add_item_label(self):
        return self.noun.add if self.noun else super().add_item_label

    @property
    def no_results_message(self):
        if not self.noun:
            return super().no_results_message
        if self.is_searching or self.is_filtering:
            return f"Нет {self.noun.genitive_plural}, отвечающих условиям поиска."
        return f"Нет {self.noun.genitive_plural} для отображения."


class _CreateWording:
    noun: Noun | None = None

    def get_page_title(self):
        return capfirst(self.noun.new) if self.noun else super().get_page_title()

    def get_page_subtitle(self):
        return "" if self.noun else super().get_page_subtitle()

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.noun and items:
            items[-1] = {**items[-1], "label": self.noun.new}
        return items

    def get_success_message(self, instance):
        return _about(self.noun, instance, "создан") if self.noun else super().get_success_message(instance)

    def get_error_message(self):
        if self.noun and not self.expects_json_response:
            return f"Не удалось создать {self.noun.accusative} из-за ошибок."
        return super().get_error_message()


class NamedCreateView(_CreateWording, generic.CreateView):
    pass


class NamedCopyView(_CreateWording, generic.CopyView):
    pass


class NamedEditView(generic.EditView):
    noun: Noun | None = None

    def get_success_message(self):
        return _about(self.noun, self.object, "сохранен") if self.noun else super().get_success_message()

    def get_error_message(self):
        if self.noun and not self.expects_json_response:
            return f"Не удалось сохранить {self.noun.accusative} из-за ошибок."
        return super().get_error_message()


class NamedDeleteView(generic.DeleteView):
    noun: Noun | None = None
    template_name = "lk_portal/admin/named_confirm_delete.html"

    @property
    def usage_message(self) -> str:
        return f"Ссылок на {self.noun.this}: {self.usage.count()}."

    @property
    def protected_message(self) -> str:
        return f"Удалить нельзя: на {self.noun.this} ссылаются другие записи."

    @property
    def confirmation_message(self):
        if not self.noun:
            return super().confirmation_message
        return f"Вы уверены, что хотите удалить {self.noun.this}?"

    def get_success_message(self):
        return _about(self.noun, self.object, "удален") if self.noun else super().get_success_message()


class NamedInspectView(generic.InspectView):
    def get_field_display_value(self, field_name, field):
        if field_name in PERIOD_FIELDS:
            return format_period(getattr(self.object, field_name)) or "-"
        return super().get_field_display_value(field_name, field)


class PeriodFormField(forms.DateField):
    """A reporting period typed as «2015,08» (also «2015-08», «08.2015»), stored as the month's 1st."""

    widget = forms.TextInput(attrs={"placeholder": "2015,08", "size": 8})
    default_error_messages = {"invalid": PERIOD_HINT}

    def prepare_value(self, value):
        return format_period(value) if hasattr(value, "month") else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "month"):
            return value.replace(day=1)
        parsed = parse_period(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def period_column(name: str, label: str) -> Column:
    """A list column of a period: «2015,08», sortable by the date."""
    return Column(name, label=label, accessor=lambda obj: format_period(getattr(obj, name)), sort_key=name)


class NamedModelViewSet(ModelViewSet):
    """A ModelViewSet whose screens decline `noun` and write periods as «2015,08»."""

    noun: Noun | None = None
    index_view_class = NamedIndexView
    add_view_class = NamedCreateView
    copy_view_class = NamedCopyView
    edit_view_class = NamedEditView
    delete_view_class = NamedDeleteView
    inspect_view_class = NamedInspectView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(noun=self.noun, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(noun=self.noun, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(noun=self.noun, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(noun=self.noun, **kwargs)

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name in PERIOD_FIELDS:
            return PeriodFormField(
                label=capfirst(db_field.verbose_name), required=not db_field.blank, help_text=PERIOD_HINT
            )
        return super().formfield_for_dbfield(db_field, **kwargs)
