"""Django's Redis cache with one client object per connection pool, not one per call.

Django's RedisCacheClient builds a new `redis.Redis` for every cache operation (`get_client`), and
each builds its table of response callbacks — about half a millisecond of a cabinet page's CPU for
its two or three cache reads (issue 14, item 7). A `redis.Redis` is safe to share (its pool hands out
connections); this keeps one per pool, in this process, for the cache object's life.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
