"""Wagtail's user admin with Tumbuh's fields (full name, phone) and a program manager's area.

Managers create mentors and other managers here; people never sign up into those roles. A
national program manager (or an administrator) also sets the area a manager works in; the
field is not shown to anyone else, and the service refuses them anyway.
"""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView as WagtailCreateView
from wagtail.users.views.users import EditView as WagtailEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.phone import normalize_phone


class _TumbuhFieldsMixin(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The program workspace owns managers' areas (field, choices, wording); shown to national
        # managers only, and the service checks again.
        from cms.workspace.forms import manager_area_field
        from incubator.services.scopes import can_set_scopes

        if acting_user is not None and can_set_scopes(acting_user):
            self.fields["manager_area"] = manager_area_field(self.instance)

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def save_area(self, user, *, by) -> None:
        """Apply a changed area through the incubator's service (which checks who acts)."""
        if "manager_area" in self.fields and "manager_area" in self.changed_data:
            from cms.workspace.forms import save_manager_area

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

        from cms.workspace.scoping import scoped_view_class, users_in

        if view_class is not self.add_view_class:
            view_class = scoped_view_class(view_class, index=issubclass(view_class, IndexView))
            kwargs.setdefault("scope_q", users_in)
        return super().construct_view(view_class, **kwargs)

    def get_form_class(self, for_update: bool = False):
        return TumbuhUserEditForm if for_update else TumbuhUserCreationForm
