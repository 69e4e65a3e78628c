"""What every cabinet view shares: login required, and the abonent taken from the login."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404


class CabinetMixin(LoginRequiredMixin):
    """Cabinet views start from `self.abonent`, the logged-in account's abonent, and nothing else."""

    tab: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.abonent_id:
            raise Http404("Учетная запись не связана с абонентом.")
        self.abonent = request.user.abonent
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["abonent"] = self.abonent
        context["tab"] = self.tab
        return context
