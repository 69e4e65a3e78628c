"""What every cabinet view shares: login required, the member taken from the login, its role checked.

A view names the capability it needs (`capability`, lk_portal.domain.roles); a member whose role lacks
it gets the 403 page with a Russian explanation, and so does code below that raises NotAllowed
(`self.viewer.require(…)`, e.g. an export). NotFound raised anywhere below becomes a 404.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from lk_portal.domain.errors import NotFound
from lk_portal.domain.roles import Capability, NotAllowed
from lk_portal.models import User
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.header_cache import ScopeFigures
from lk_portal.services.two_factor import cabinet_requires_two_factor, two_factor_enabled


def forbidden_response(request, error: NotAllowed, *, abonent=None, tab: str = ""):
    """The cabinet's 403: what the role does not allow, and whom to ask."""
    context = {"error": error.message, "abonent": abonent, "tab": tab}
    return render(request, "lk_portal/forbidden.html", context, status=403)


class CabinetMixin(LoginRequiredMixin):
    """Cabinet views start from `self.viewer` (and its `self.abonent`), the logged-in member's, and nothing else."""

    tab: str = ""
    capability: Capability | None = None  # what the page needs; None: every member (news, profile)
    # The one page a member whose organisation requires 2FA may open before setting it up.
    two_factor_exempt: bool = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.abonent_id and request.user.state != User.ACTIVE:
            # Blocked (by the organisation's administrator or staff) while logged in: the session ends now.
            logout(request)
            messages.error(request, "Учетная запись заблокирована. Обратитесь к администратору вашей организации.")
            return redirect_to_login(request.get_full_path())
        self.member_figures = ScopeFigures(request.user)  # the scope, and a billing grid's choices
        self.viewer = viewer_for(request.user, figures=self.member_figures)
        if self.viewer is None:
            raise Http404("Учетная запись не связана с абонентом.")
        self.abonent = self.viewer.abonent
        if self.two_factor_missing_here(request):
            return self.two_factor_missing(request)
        try:
            if self.capability is not None:
                self.viewer.require(self.capability)
            return super().dispatch(request, *args, **kwargs)
        except NotAllowed as error:
            return forbidden_response(request, error, abonent=self.abonent, tab=self.tab)
        except NotFound as error:
            raise Http404(str(error)) from error

    def two_factor_missing_here(self, request) -> bool:
        if self.two_factor_exempt or getattr(request, "lk_staff", None) is not None:
            return False  # staff looking as the abonent passed the admin's own check
        return cabinet_requires_two_factor(request.user) and not request.user.is_verified()

    def two_factor_missing(self, request):
        """The organisation requires the second step and this session has not passed it: set it up or enter a code."""
        target = "lk:login_code" if two_factor_enabled(request.user) else "lk:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["abonent"] = self.abonent
        context["tab"] = self.tab
        context["viewer"] = self.viewer
        context["can"] = {capability.value: self.viewer.can(capability) for capability in Capability}
        return context
