"""What every cabinet page reads about its member — the header's debt line and unread news count, and
the member's contract scope with its contracts — kept in the cache.

Every cabinet page shows both figures and starts from the scope, and each costs a query (the news
count's also a few milliseconds of building it; the scope two: its ids and the contracts' rows for
the selector). Kept per member in the shared cache (Redis in production), they cost one cache read
per page while nothing they depend on changed (issue 14, item 7):

- a *generation* per source — "debt" (debt snapshots, contracts, any billing import), "news"
  (any page saved, published, unpublished, moved or deleted, a view restriction or a news topic changed) and
  "scope" (contracts, any billing import, a member's contracts set) and "billing" (payments and
  documents saved or deleted one by one, any billing import) — is a random token that
  `header_changed` replaces whenever that source changes;
- a member has two entries, the header's (`HeaderFigures`, read when the page is rendered) and the
  scope's (`ScopeFigures`, read when the view starts); each holds its figures with the generations
  they were computed under and what they were computed for (the member's abonent, the moment its
  news count from, its role); a figure whose generation or key differs is computed again. A member
  opening news drops its header entry (`header_news_read`);
- what every member sees alike of a source — the cabinet's news list, its count and pages — is kept
  once for all under that source's generation (`shared_read`, `shared_store`);
- both entries come in one cache round trip: the scope's read, when the view starts, fetches the
  header's too and keeps it for the render, unless this process changed a generation or dropped an
  entry in between (opening news does), when the render reads the header's entry again.

The generations are read *before* the figures are computed, so a change during the computing
leaves an entry that is stale at once. `LK_HEADER_CACHE_SECONDS` bounds an entry's life whatever
happened (a change made around the application, by SQL); 0 turns the cache off.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

__all__ = [
    "BILLING",
    "DEBT",
    "NEWS",
    "SCOPE",
    "HeaderFigures",
    "ScopeFigures",
    "header_changed",
    "header_news_read",
    "shared_read",
    "shared_store",
]

DEBT = "debt"
NEWS = "news"
SCOPE = "scope"
BILLING = "billing"
_GENERATION = "lk:hdr:gen:{}"
_ENTRY = "lk:hdr:member:{}"
_SCOPE_ENTRY = "lk:scope:member:{}"
_SHARED = "lk:shared:{}"
logger = logging.getLogger(__name__)


def _seconds() -> int:
    return settings.LK_HEADER_CACHE_SECONDS


def _now_and_on_commit(write, *args) -> None:
    """Now, and again once the transaction commits: a page computed in between saw the old rows."""
    if _seconds() <= 0:
        return
    _guarded(write, *args)
    transaction.on_commit(partial(_guarded, write, *args))


def _guarded(write, *args) -> None:
    try:
        write(*args)
    except Exception:  # the cache unreachable: entries live on for at most LK_HEADER_CACHE_SECONDS
        logger.warning("header cache: %s failed", write.__name__, exc_info=True)


def _new_generations(sources: tuple[str, ...]) -> None:
    _changed_here()
    cache.set_many({_GENERATION.format(source): secrets.token_hex(8) for source in sources}, None)


def _drop_entry(user_id: int) -> None:
    _changed_here()
    cache.delete(_ENTRY.format(user_id))  # the header's entry only: reading news changes no scope


# A read made early in a request for an entry used later (the header's, read with the scope's when the
# view starts), kept on the request's member with this process's count of changes at that moment: a
# change this process makes meanwhile (the news page marking news read) makes the page read again.
_changes = [0]
_PREFETCH = "_lk_member_cache_prefetch"


def _changed_here() -> None:
    _changes[0] += 1


def _prefetch(user, entry_name: str, found: dict) -> None:
    kept = getattr(user, _PREFETCH, None)
    if kept is None:
        kept = {}
        setattr(user, _PREFETCH, kept)
    kept[entry_name] = (_changes[0], found)


def _prefetched(user, entry_name: str) -> dict | None:
    """What an earlier read of this request fetched for the entry, unless this process changed anything
    since; used once."""
    changes, found = getattr(user, _PREFETCH, {}).pop(entry_name, (None, None))
    return found if changes == _changes[0] else None


def header_changed(*sources: str) -> None:
    """What the header shows from these sources changed: every member's entry for them is stale."""
    _now_and_on_commit(_new_generations, sources)


def header_news_read(*, user_id: int) -> None:
    """The member read news: its own unread count is computed again."""
    _now_and_on_commit(_drop_entry, user_id)


def _generation(found: dict, source: str) -> str:
    """The source's generation from a cache read's `found`; one is set if it has none."""
    name = _GENERATION.format(source)
    if name not in found:  # never set, or evicted: a new generation, which no entry holds
        cache.add(name, secrets.token_hex(8), None)  # unless another process just added one
        found[name] = cache.get(name)
    return found[name]


def shared_read(source: str, names: list[str]) -> tuple[str | None, dict]:
    """What every member sees alike of one source (the cabinet's news list): the source's generation and
    those of the entries `names` stored under it, in one cache read. (None, {}) with the cache off or
    unreachable: the caller computes everything and stores nothing."""
    if _seconds() <= 0:
        return None, {}
    generation_key = _GENERATION.format(source)
    try:
        found = cache.get_many([generation_key, *(_SHARED.format(name) for name in names)])
        generation = _generation(found, source)
    except Exception:
        logger.warning("shared cache: read failed", exc_info=True)
        return None, {}
    kept = {}
    for name in names:
        entry = found.get(_SHARED.format(name))
        if entry is not None and entry[0] == generation:
            kept[name] = entry[1]
    return generation, kept


def shared_store(generation: str | None, name: str, value) -> None:
    """Keep `value`, computed under `generation` (read by shared_read before computing), for every member."""
    if generation is not None:
        _guarded(cache.set, _SHARED.format(name), (generation, value), _seconds())


@dataclass
class _MemberEntry:
    """One member's cached figures of some sources for one request: one cache read, each computed if stale."""

    sources = ()
    entry_name = ""
    read_along = ()  # other entries' kinds read in the same round trip, for later in this request

    user: object
    _entry: dict | None = field(default=None, init=False)
    _generations: dict = field(default_factory=dict, init=False)

    def _figure(self, source: str, compute, *, key):
        entry = self._cached_entry()
        if entry is None:
            return compute()
        kept = entry.get(source)
        generation = self._generations[source]
        if kept is not None and kept[0] == generation and kept[1] == key:
            return kept[2]
        value = compute()
        entry[source] = (generation, key, value)
        self._store(entry)
        return value

    def _cached_entry(self) -> dict | None:
        """The member's entry (empty if it has none yet); None with the cache off or unreachable: the page
        then computes everything, as without a cache."""
        if _seconds() <= 0 or not self.user.pk:
            return None
        try:
            return self._read()
        except Exception:
            logger.warning("member cache: read failed", exc_info=True)
            return None

    def _store(self, entry: dict) -> None:
        _guarded(cache.set, self.entry_name.format(self.user.pk), entry, _seconds())

    def _keys(self) -> list[str]:
        return [self.entry_name.format(self.user.pk), *(_GENERATION.format(source) for source in self.sources)]

    def _read(self) -> dict:
        if self._entry is None:
            found = _prefetched(self.user, self.entry_name)
            if found is None:
                along = [kind(self.user) for kind in self.read_along]
                found = cache.get_many(self._keys() + [key for other in along for key in other._keys()])
                for other in along:
                    _prefetch(self.user, other.entry_name, {key: found[key] for key in other._keys() if key in found})
            self._take(found)
        return self._entry

    def _take(self, found: dict) -> None:
        self._generations = {source: _generation(found, source) for source in self.sources}
        self._entry = found.get(self.entry_name.format(self.user.pk)) or {}


@dataclass
class ScopeFigures(_MemberEntry):
    """The member's contract scope and its contracts, read when the view starts (selectors/viewer.viewer_for).

    An entry of its own, not the header's: the header's figures are computed when the page is rendered,
    after the view did what it does (opening news marks it read). Its read fetches the header's entry
    along (`read_along`)."""

    sources = (SCOPE, BILLING)
    entry_name = _SCOPE_ENTRY

    def scope(self, compute):
        """What `compute()` gives (the scope's ids and its contracts), kept for the member's abonent and role:
        a member moved or given another role computes it again."""
        return self._figure(SCOPE, compute, key=(self.user.abonent_id, self.user.role))

    def grid_choices(self, name: str, compute):
        """A billing grid's choice values (views/kit.GridPageView.grid_choices_key names them), as `compute()`
        gives them; all of them kept under the billing data's generation and the member's scope."""
        entry = self._cached_entry()
        if entry is None:
            return compute()
        generation, key = self._generations[BILLING], (self.user.abonent_id, self._generations[SCOPE])
        kept = entry.get(BILLING)
        table = kept[2] if kept is not None and kept[0] == generation and kept[1] == key else {}
        if name not in table:
            table = {**table, name: compute()}
            entry[BILLING] = (generation, key, table)
            self._store(entry)
        return table[name]


@dataclass
class HeaderFigures(_MemberEntry):
    """The header's debt line and unread news count: one cache read for both, each computed if stale."""

    sources = (DEBT, NEWS)
    entry_name = _ENTRY

    def debt_summary(self):
        return self._figure(DEBT, self._compute_debt, key=self.user.abonent_id)

    def unread_news_count(self) -> int:
        from news.selectors import news_counted_since

        return self._figure(NEWS, self._compute_news, key=news_counted_since(user=self.user))

    def _compute_debt(self):
        from lk_portal.selectors.debt import debt_summary
        from lk_portal.selectors.viewer import Viewer

        return debt_summary(viewer=Viewer(abonent=self.user.abonent, user=self.user))  # no scope: the whole abonent

    def _compute_news(self) -> int:
        from news.selectors import news_counted_since, news_unread_count

        return news_unread_count(user=self.user, since=news_counted_since(user=self.user))


ScopeFigures.read_along = (HeaderFigures,)  # the header is rendered after the view: its entry read with the scope's
