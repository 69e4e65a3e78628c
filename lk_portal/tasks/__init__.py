"""huey tasks (djhuey imports each app's `tasks`); one module per area, imported here."""

from . import imports  # noqa: F401
