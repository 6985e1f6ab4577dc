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

NO_AREA = ""
NATIONAL = "national"


def area_choices() -> list[tuple[str, str]]:
    from incubator.models import Region

    regions = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]).select_related(
        "parent"
    )
    provinces = sorted((r for r in regions if r.parent_id is None), key=lambda r: r.name)
    choices = [(NO_AREA, _("No area yet (sees nothing)")), (NATIONAL, _("National (the whole program)"))]
    for province in provinces:
        choices.append((str(province.pk), str(_("Province: %(name)s") % {"name": province.name})))
        for regency in sorted((r for r in regions if r.parent_id == province.pk), key=lambda r: r.name):
            choices.append((str(regency.pk), f"— {regency.name}"))
    return choices


class _TumbuhFieldsMixin(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from incubator.services.scopes import can_set_scopes

        if acting_user is not None and can_set_scopes(acting_user):
            self.fields["manager_area"] = forms.ChoiceField(
                label=_("Program manager's area"),
                choices=area_choices(),
                required=False,
                initial=self._current_area(),
                help_text=_(
                    "For program managers: the province or regency/city they see and act in. "
                    "A manager without an area sees nothing."
                ),
            )

    def _current_area(self) -> str:
        from incubator.models import ManagerScope

        record = ManagerScope.objects.filter(user_id=self.instance.pk).first() if self.instance.pk else None
        if record is None:
            return NO_AREA
        return str(record.region_id) if record.region_id else NATIONAL

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def save_area(self, user, *, by) -> None:
        """Apply a changed area through the incubator's service (which checks who acts)."""
        if "manager_area" not in self.fields or "manager_area" not in self.changed_data:
            return
        from incubator.models import Region
        from incubator.services.scopes import remove_manager_scope, set_manager_scope

        value = self.cleaned_data["manager_area"]
        if value == NO_AREA:
            remove_manager_scope(user, by=by)
        else:
            region = None if value == NATIONAL else Region.objects.get(pk=int(value))
            set_manager_scope(user, region, by=by)


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
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update: bool = False):
        return TumbuhUserEditForm if for_update else TumbuhUserCreationForm
