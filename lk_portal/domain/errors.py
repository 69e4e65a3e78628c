"""Exceptions the layers below the views raise; the views map them to HTTP answers."""


class NotFound(LookupError):
    """What was asked for is not the viewer's, or does not exist: the cabinet answers 404, never 403 or data."""
