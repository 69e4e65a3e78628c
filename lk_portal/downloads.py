"""A private file as the answer to a request that passed its checks (the cabinet's and the admin's views)."""

from django.http import FileResponse, Http404

from lk_portal.services.request_files import file_path


def attachment_response(attachment) -> FileResponse:
    """The file as a download under its original name (RFC 5987 `filename*` for Cyrillic), never shown inline:
    the browser may not guess another type (nosniff) and the file runs nothing (a sandbox CSP)."""
    try:
        handle = file_path(attachment.path).open("rb")
    except OSError:
        raise Http404("Файл не найден.") from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
