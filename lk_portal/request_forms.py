"""The forms of «Обращения» (issue 18): a new request, a reply. They check what a form can; the files'
content and every rule are checked by lk_portal.services.requests, whose RequestError lands on the field
it is about (`error_field`)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from lk_portal.domain.request_files import limits_text

# RequestError.code → the form field its message belongs to
ERROR_FIELDS = {
    "kind_unknown": "kind",
    "contract_required": "contract",
    "contract_not_found": "contract",
    "subject_empty": "subject",
    "text_empty": "text",
    "too_many_files": "files",
    "file_empty": "files",
    "file_too_large": "files",
    "file_type": "files",
}
FILES_AGAIN = "Файлы не сохранены: выберите их еще раз."


def _files_help() -> str:
    return f"Можно приложить {limits_text(settings.LK_REQUEST_MAX_FILES, settings.LK_REQUEST_MAX_FILE_BYTES)}."


def error_field(code: str, form: forms.Form) -> str | None:
    field = ERROR_FIELDS.get(code)
    return field if field in form.fields else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the list goes to the service as it is."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="Тип обращения", error_messages={"required": "Выберите тип обращения."})
    contract = forms.ChoiceField(label="Договор", required=False)
    subject = forms.CharField(
        label="Тема",
        max_length=255,
        error_messages={"required": "Укажите тему обращения.", "max_length": "Тема — не больше 255 символов."},
    )
    text = forms.CharField(
        label="Текст обращения",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Напишите текст обращения."},
    )
    files = MultipleFileField(label="Файлы")

    def __init__(self, *args, kinds, contracts, allow_none: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "— выберите —"), *((k.code, k.name) for k in kinds)]
        choices = [(str(c.pk), f"{c.number} от {c.start_date:%d.%m.%Y}") for c in contracts]
        if allow_none:
            choices = [("", "организация в целом (все договоры)"), *choices]
        else:
            self.fields["contract"].required = True
            self.fields["contract"].error_messages["required"] = "Выберите договор."
        self.fields["contract"].choices = choices
        self.fields["files"].help_text = _files_help()
        self.fields["files"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"


class ReplyForm(forms.Form):
    text = forms.CharField(label="Сообщение", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    files = MultipleFileField(label="Файлы")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _files_help()
        self.fields["files"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"


class StaffReplyForm(ReplyForm):
    """Staff's answer (or internal note) in Wagtail admin, with the status to move the request to."""

    internal = forms.BooleanField(
        label="Внутренняя заметка (абонент ее не увидит)", required=False, help_text="Ни письма, ни уведомления."
    )
    status = forms.ChoiceField(label="Статус после ответа", required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "не менять"), *((s.value, s.label) for s in statuses)]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Новый статус", error_messages={"required": "Выберите статус."})

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Исполнитель", queryset=None, required=False, empty_label="не назначен")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username
