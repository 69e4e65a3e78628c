"""huey tasks (djhuey imports each app's `tasks`); one module per area, imported here."""

from . import (
    accounts,  # noqa: F401
    api,  # noqa: F401
    exports,  # noqa: F401
    imports,  # noqa: F401
    journal,  # noqa: F401
    metering,  # noqa: F401
    notifications,  # noqa: F401
    outbox,  # noqa: F401
    reminders,  # noqa: F401
)
