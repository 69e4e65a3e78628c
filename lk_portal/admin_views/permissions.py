"""Permission policies shared by the staff screens."""

from wagtail.permission_policies import ModelPermissionPolicy


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows the portal writes itself: staff may look, never add, edit or delete through the viewset.

    Looking is allowed to whoever holds one of the model permissions named in `viewing`.
    """

    viewing: tuple[str, ...] = ("view",)

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return any(super(ViewOnlyPermissionPolicy, self).user_has_permission(user, a) for a in self.viewing)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)
