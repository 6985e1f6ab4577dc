"""Wagtail's user admin with Tumbuh's fields (full name, phone) and a program manager's area.

Managers create mentors and other managers here; people never sign up into those roles. A
national program manager (or an administrator) also sets the area a manager works in; the
field is not shown to anyone else, and the service refuses them anyway.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import DeleteView as WagtailDeleteView
from wagtail.users.views.users import EditView as WagtailEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts import roles
from accounts.phone import normalize_phone

# The only roles a manager (national or regional) may give: never manager, safeguarding, content
# or Wagtail's own Moderators/Editors rights. Only an administrator (superuser) gives those.
REGIONAL_GRANTABLE_GROUPS = roles.REGIONAL_GRANTABLE_GROUPS
GRANTABLE_BY_MANAGERS = REGIONAL_GRANTABLE_GROUPS
# Groups whose rights a program manager also holds: a national manager may open these accounts
# (``workspace.scoping.users_reachable_by``). Content editors' rights are a subset of managers'.
PEER_GROUPS = (roles.ENTREPRENEUR, roles.MENTOR, roles.MANAGER, "Content editor")


def grantable_groups(actor, target=None):
    """The groups ``actor`` may tick for ``target`` (a user being edited, or None).

    An administrator: every group. Anyone else: the entrepreneur and companion roles, plus the
    groups ``target`` already holds (they may be kept or removed, never newly given).
    """
    if actor is not None and actor.is_superuser:
        return Group.objects.all()
    q = Q(name__in=GRANTABLE_BY_MANAGERS)
    if target is not None and target.pk is not None:
        q |= Q(pk__in=target.groups.values("pk"))
    return Group.objects.filter(q)


class _TumbuhFieldsMixin(forms.ModelForm):
    """Tumbuh's fields, and who may grant what.

    Only an administrator (superuser) may make an administrator or give a role beyond the
    entrepreneur and companion roles (program manager, safeguarding officer, content editor,
    Wagtail's Moderators and Editors); a manager keeps or removes the roles a person already
    holds but gives no other. Only national managers (and administrators) set passwords and
    areas; a regional manager sets no password (people sign in by code or reset their own), so no
    one can raise their own rights or take over another's account.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def __init__(self, *args, acting_user=None, **kwargs):
        from incubator.services.scopes import can_set_scopes

        self.full_rights = acting_user is not None and can_set_scopes(acting_user)
        super().__init__(*args, **kwargs)
        if not (acting_user is not None and acting_user.is_superuser):
            self.fields.pop("is_superuser", None)
        if "groups" in self.fields:
            self.fields["groups"].queryset = grantable_groups(acting_user, self.instance)
        # The program workspace owns managers' areas (field, choices, wording); shown to national
        # managers only, and the service checks again.
        from workspace.forms import manager_area_field

        if self.full_rights:
            self.fields["manager_area"] = manager_area_field(self.instance)

    @property
    def password_enabled(self) -> bool:
        return self.full_rights and super().password_enabled

    @property
    def password_required(self) -> bool:
        return self.full_rights and super().password_required

    def save(self, commit=True):
        user = super().save(commit=False)
        if not self.password_enabled and user.pk is None:
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def save_area(self, user, *, by) -> None:
        """Apply a changed area through the incubator's service (which checks who acts)."""
        if "manager_area" in self.fields and "manager_area" in self.changed_data:
            from workspace.forms import save_manager_area

            save_manager_area(user, self.cleaned_data["manager_area"], by=by)


class TumbuhUserCreationForm(_TumbuhFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"full_name", "phone"}


class TumbuhUserEditForm(_TumbuhFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"full_name", "phone"}


class _AreaViewMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}

    def save_instance(self):
        from incubator.errors import IncubatorError

        user = super().save_instance()
        try:
            self.form.save_area(user, by=self.request.user)
        except IncubatorError as exc:
            messages.error(self.request, str(exc))
        return user


class CreateView(_AreaViewMixin, WagtailCreateView):
    pass


# What ``str(user)`` shows (``User.__str__``): the name on the dashboards of the families they accompany.
DISPLAYED_FIELDS = {"full_name", "email", "username"}


class EditView(_AreaViewMixin, WagtailEditView):
    def save_instance(self):
        user = super().save_instance()
        if DISPLAYED_FIELDS & set(self.form.changed_data):
            # In the view's transaction: the families who see this person see the new name at once.
            # An explicit call rather than a signal from accounts: only this screen renames people.
            from incubator.services import refresh_dashboards_showing

            refresh_dashboards_showing(user)
        return user


class DeleteView(WagtailDeleteView):
    def delete_action(self):
        from incubator.services import refresh_dashboards_showing

        with transaction.atomic():
            # Their entries for families stay, without their name (the actor is set to NULL).
            refresh_dashboards_showing(self.object)
            super().delete_action()


class _ReachableUsersMixin:
    """The people the signed-in user may reach (``users_reachable_by``), instead of the bare area."""

    def area_q(self):
        from workspace.scoping import users_reachable_by

        return users_reachable_by(self.request.user)


class UserViewSet(WagtailUserViewSet):
    """A manager lists, edits and deletes only the people they may reach (404 otherwise): a regional
    manager the families and companions of the area, a national manager no administrator or
    safeguarding officer (``workspace.scoping.users_reachable_by``)."""

    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def construct_view(self, view_class, **kwargs):
        from wagtail.admin.views.generic import IndexView

        from workspace.scoping import scoped_view_class, users_in

        if view_class is not self.add_view_class:
            scoped = scoped_view_class(view_class, index=issubclass(view_class, IndexView))
            view_class = type(
                f"Reachable{view_class.__name__}", (_ReachableUsersMixin, scoped), {"__module__": __name__}
            )
            kwargs.setdefault("scope_q", users_in)
        return super().construct_view(view_class, **kwargs)

    def get_form_class(self, for_update: bool = False):
        return TumbuhUserEditForm if for_update else TumbuhUserCreationForm
