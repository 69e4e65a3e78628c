"""One server-side data grid for every long list: columns, URL state, database queries.

A page declares a `GridDefinition` (its columns), passes a queryset already scoped to the
viewer and the request's query string; `grid_page` returns what the template shows and
`grid_export` the rows every export renderer takes. The pager and the query-string state
serve the plain lists too (lk_portal.views.kit).
"""

from lk_portal.formatting import DATE, DATETIME, MONEY, PERIOD, TEXT

from .columns import Column, GridDefinition
from .engine import GridPage, grid_export, grid_page
from .state import GridState, grid_state_parse

__all__ = [
    "DATE",
    "DATETIME",
    "MONEY",
    "PERIOD",
    "TEXT",
    "Column",
    "GridDefinition",
    "GridPage",
    "GridState",
    "grid_export",
    "grid_page",
    "grid_state_parse",
]
