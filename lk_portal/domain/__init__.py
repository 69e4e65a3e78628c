"""Pure rules of the domain: no queries, no HTTP, no templates — plain functions over values.

Selectors, services, exports and views may all use them; they import nothing of the cabinet
but `lk_portal.formatting` (how a value is written for a Russian reader).
"""
