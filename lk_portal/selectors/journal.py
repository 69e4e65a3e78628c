"""The journal of an abonent, for its administrators' grid (/lk/team/journal/)."""

from django.db.models import Case, CharField, F, QuerySet, Value, When

from lk_portal.models import JOURNAL_ACTIONS, JournalEntry

from .viewer import Viewer, owned


def journal_queryset(*, viewer: Viewer) -> QuerySet[JournalEntry]:
    """The viewer's abonent's entries, with the action's Russian name as `action_title` (filtered and sorted in SQL)."""
    title = Case(
        *(When(action=code, then=Value(name)) for code, name in JOURNAL_ACTIONS.items()),
        default=F("action"),
        output_field=CharField(),
    )
    return owned(JournalEntry.objects, viewer=viewer).annotate(action_title=title)
