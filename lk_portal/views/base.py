"""What every cabinet view shares: login required, the viewer taken from the login, NotFound → 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from lk_portal.domain.errors import NotFound
from lk_portal.selectors.viewer import viewer_for


class CabinetMixin(LoginRequiredMixin):
    """Cabinet views start from `self.viewer` (and its `self.abonent`), the logged-in account's, and nothing else."""

    tab: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.viewer = viewer_for(request.user)
        if self.viewer is None:
            raise Http404("Учетная запись не связана с абонентом.")
        self.abonent = self.viewer.abonent
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(str(error)) from error

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["abonent"] = self.abonent
        context["tab"] = self.tab
        return context
