"""How an attached document is described next to its link: «PDF, 245 КБ»."""


def file_size_ru(size: int) -> str:
    """Bytes in Russian units: 512 Б, 245 КБ, 1,4 МБ, 1,02 ГБ."""
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} КБ"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} МБ".replace(".", ",")
    return f"{size / 1024**3:.2f} ГБ".replace(".", ",")


def document_label(document) -> str:
    """Format and size of a Wagtail document; the size is cached on the document by Wagtail."""
    kind = (document.file_extension or "").upper() or "Файл"
    try:
        size = document.get_file_size()
    except OSError:
        size = None
    return f"{kind}, {file_size_ru(size)}" if size is not None else kind
