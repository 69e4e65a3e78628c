"""whitenoise's compressed manifest storage with each file's URL remembered by the process.

The manifest (staticfiles.json) does not change while a process runs — `collectstatic` runs before a
restart — and `url()` looked each name up and joined its URL anew: 60 µs of a cabinet page's CPU for
each of its six `{% static %}` tags (issue 14, item 7). A name the manifest lacks still raises, and is
not remembered.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
