"""One server-side data grid for every long list: columns, URL state, database queries.

A page declares a `GridDefinition` (its columns), passes a queryset already scoped to the
abonent and the request's query string; `grid_page` returns what the template shows and
`grid_export` the rows every export renderer takes.
"""

from .columns import DATE, MONEY, PERIOD, TEXT, Column, GridDefinition
from .engine import GridPage, grid_export, grid_page
from .state import GridState, grid_state_parse

__all__ = [
    "DATE",
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
