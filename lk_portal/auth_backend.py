"""The portal's login backend: Django's ModelBackend, with the member's abonent read with the member.

Every cabinet page reads the logged-in account and then its abonent; read together they are one
query, not two (issue 14, item 7). Sessions made before this backend name Django's ModelBackend,
which stays listed after it (settings.AUTHENTICATION_BACKENDS) only to read those: a login with a
wrong password stops here, so the password is never checked twice. The read's SQL is compiled once
per process (lk_portal/member_query.py).
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError

from lk_portal.member_query import member_with_abonent

BACKEND = "lk_portal.auth_backend.MemberBackend"


class MemberBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username is not None and password is not None:
            raise PermissionDenied  # Django then reports the failure once and tries no other backend
        return user

    def get_user(self, user_id):
        try:
            user = member_with_abonent(self._user_model(), user_id)
        except ValidationError:  # not an id at all (a session written by hand)
            return None
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
