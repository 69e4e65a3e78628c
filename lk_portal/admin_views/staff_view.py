"""«Открыть кабинет абонента»: a staff member starts looking at an abonent's cabinet (read-only)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from lk_portal.models import User
from lk_portal.views.staff_view import VIEW_PERMISSION, staff_view_start


class StaffViewStartView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        account = get_object_or_404(User.objects.exclude(abonent=None), pk=pk)
        staff_view_start(request, account=account)
        return redirect("lk:index")
