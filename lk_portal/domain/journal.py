"""A journal entry's details in words, for its «Подробности» column: «формат: xlsx; отбор: Поиск: «74»»."""

from lk_portal.domain.amount_words import plural_form

DETAIL_LABELS = {
    "format": "формат",
    "contract": "договор",
    "filter": "отбор",
    "period": "период",
    "count": "документов",
    "documents": "документы",
    "fields": "изменено",
    "email": "email",
    "role": "роль",
    "contracts": "договоры",
    "required": "обязателен",
    "path": "страница",
}
SUMMARY_MAX = 500


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def details_text(details: dict) -> str:
    """The details a person reads, in the labels' order; the file name and unknown keys are left out."""
    parts = [f"{label}: {_value_text(details[key])}" for key, label in DETAIL_LABELS.items() if key in details]
    text = "; ".join(parts)
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def keep_period_text(days: int) -> str:
    """LK_JOURNAL_KEEP_DAYS in words: 1096 → «3 года», 90 → «90 дней»."""
    years, rest = divmod(days, 365)
    if years and rest <= 1:
        return f"{years} {plural_form(years, ('год', 'года', 'лет'))}"
    return f"{days} {plural_form(days, ('день', 'дня', 'дней'))}"


# (marker in the User-Agent, name); the first that matches wins: Edge, Opera and Яндекс Браузер
# also say «Chrome», and Chrome also says «Safari».
_BROWSERS = (
    ("YaBrowser/", "Яндекс Браузер"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Version/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def browser_short(user_agent: str) -> str:
    """«Chrome 141, Windows» from a User-Agent header; the header's start when no known browser is named."""
    if not user_agent:
        return ""
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    for marker, name in _BROWSERS:
        at = user_agent.find(marker)
        if at >= 0:
            version = user_agent[at + len(marker) :].split(".")[0].split(" ")[0]
            browser = f"{name} {version}" if version.isdigit() else name
            return f"{browser}, {system}" if system else browser
    return user_agent[:60]
