"""The API's errors: JSON `{"code": …, "message": …}` with a Russian message and a machine-readable code."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra or {}  # more fields of the answer, e.g. a refusal's `problems`


def unauthorized(message: str, code: str = "unauthorized") -> ApiError:
    return ApiError(401, code, message, headers={"WWW-Authenticate": 'Bearer realm="api"'})


def bad_request(message: str, code: str = "invalid") -> ApiError:
    return ApiError(400, code, message)
