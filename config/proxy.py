"""The client's address behind nginx (BEHIND_PROXY), for django-axes's lockout (AXES_CLIENT_IP_CALLABLE).

Behind nginx every request comes from 127.0.0.1: without the real address the lock of "five wrong
passwords from one address" would be a lock of the login for everyone. deploy/nginx/lk.conf replaces
X-Forwarded-For with the address it saw; the last entry is taken, the one the nearest proxy wrote, so
an address a client put in the header itself never counts.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote
