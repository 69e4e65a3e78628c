"""/api/v1/ (issue 19): JSON for the abonent's accounting system, on django-ninja (docs/api.md, docs/decisions.md)."""
