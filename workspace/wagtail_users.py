"""Wagtail's user admin with Tumbuh's fields (full name, phone) and a program manager's area.

Managers create mentors and other managers here; people never sign up into those roles. A
national program manager (or an administrator) also sets the area a manager works in; the
field is not shown to anyone else, and the service refuses them anyway.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import EditView as WagtailEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts import roles
from accounts.phone import normalize_phone

REGIONAL_GRANTABLE_GROUPS = roles.REGIONAL_GRANTABLE_GROUPS


class _TumbuhFieldsMixin(forms.ModelForm):
    """Tumbuh's fields, and who may grant what.

    Only an administrator (superuser) may make an administrator. Only national managers (and
    administrators) may give any role, set passwords and set areas; a regional manager may give
    only the entrepreneur and companion roles and sets no password (people sign in by code or
    reset their own), so no one can raise their own rights or take over another's account.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def __init__(self, *args, acting_user=None, **kwargs):
        from incubator.services.scopes import can_set_scopes

        self.full_rights = acting_user is not None and can_set_scopes(acting_user)
        super().__init__(*args, **kwargs)
        if not (acting_user is not None and acting_user.is_superuser):
            self.fields.pop("is_superuser", None)
        if not self.full_rights and "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.filter(name__in=REGIONAL_GRANTABLE_GROUPS)
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


class EditView(_AreaViewMixin, WagtailEditView):
    pass


class UserViewSet(WagtailUserViewSet):
    """A regional manager lists, edits and deletes only the people of their area (404 otherwise)."""

    add_view_class = CreateView
    edit_view_class = EditView

    def construct_view(self, view_class, **kwargs):
        from wagtail.admin.views.generic import IndexView

        from workspace.scoping import scoped_view_class, users_in

        if view_class is not self.add_view_class:
            view_class = scoped_view_class(view_class, index=issubclass(view_class, IndexView))
            kwargs.setdefault("scope_q", users_in)
        return super().construct_view(view_class, **kwargs)

    def get_form_class(self, for_update: bool = False):
        return TumbuhUserEditForm if for_update else TumbuhUserCreationForm
