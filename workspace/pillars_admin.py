"""The pillar program in the managers' Wagtail admin: organisations, bimtek events (invitations,
attendance, completion), community sessions (verification), targets against actuals (CSV/XLSX)
and the cascade report. Every view checks a permission and the manager's area; writes go through
``pillars.services``."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import User
from cms.models import Audience, CoursePage
from core.admin import PermissionMenuItem, PermissionRequiredMixin
from core.csvsafe import SafeWriter, csv_response
from core.files import serve_private_file
from incubator.models import Region
from incubator.scope import Scope, scope_for
from pillars import selectors, services
from pillars.errors import PillarError
from pillars.models import BimtekEvent, Indicator, PillarOrganisation
from workspace.scoping import narrow_choices
from workspace.viewsets import WorkspaceModelViewSet


class PillarOrganisationViewSet(WorkspaceModelViewSet):
    model = PillarOrganisation
    name = "pillar_organisations"
    icon = "group"
    menu_label = _("Pillar organisations")
    add_to_admin_menu = False
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name", "kind", "region", "members", "is_active"]
    list_export = ["name", "kind", "region", "is_active"]

    def scope_q(self, scope: Scope) -> Q:
        return scope.region_q("region__")


organisation_viewset = PillarOrganisationViewSet()


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2020 <= year <= 2100 else timezone.localdate().year


class PillarView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    @property
    def scope(self) -> Scope:
        return scope_for(self.request.user)

    def refuse(self, exc: PillarError):
        messages.error(self.request, str(exc))


# -- bimtek ---------------------------------------------------------------------------------------


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    region = forms.ModelChoiceField(label=_("Area"), queryset=Region.objects.order_by("name"))
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=PillarOrganisation.objects.filter(is_active=True), required=False
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses covered"),
        queryset=CoursePage.objects.live().exclude(audience=Audience.ENTREPRENEURS).order_by("title"),
        required=False,
        help_text=_("Courses for social pillars (bimtek), from the learning pages."),
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self, scope)
        self.fields["organiser"].queryset = self.fields["organiser"].queryset.filter(
            scope.region_q("region__")
        )


class BimtekIndexView(PillarView):
    permission = "pillars.view_bimtekevent"
    template_name = "workspace/pillars/bimtek_index.html"
    page_title = _("Bimtek events")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = selectors.events_in_scope(self.scope)[:200]
        context["form"] = kwargs.get("form") or EventForm(scope=self.scope)
        context["may_plan"] = self.request.user.has_perm("pillars.add_bimtekevent")
        return context

    def post(self, request):
        if not request.user.has_perm("pillars.add_bimtekevent"):
            raise Http404
        form = EventForm(request.POST, scope=self.scope)
        if form.is_valid():
            try:
                event = services.plan_bimtek(by=request.user, data=services.EventInput(**form.cleaned_data))
            except PillarError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Bimtek planned."))
                return redirect("pillars_admin:bimtek_detail", pk=event.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PhoneForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Mobile number"), max_length=20)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=PillarOrganisation.objects.none(), required=False
    )


class BimtekDetailView(PillarView):
    permission = "pillars.view_bimtekevent"
    template_name = "workspace/pillars/bimtek_detail.html"

    def get_page_title(self):
        return str(self.event)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return super().dispatch(request, *args, **kwargs)
        self.event = selectors.get_event_for_manager(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def phone_form(self, data=None) -> PhoneForm:
        form = PhoneForm(data)
        form.fields["organisation"].queryset = PillarOrganisation.objects.filter(
            area_scope_q(self.event.region), is_active=True
        )
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participants = list(selectors.participants_of(self.event))
        invited = {row.user_id for row in participants}
        context.update(
            event=self.event,
            participants=participants,
            candidates=[
                user for user in selectors.pillar_users_in(self.event.region) if user.pk not in invited
            ],
            phone_form=kwargs.get("phone_form") or self.phone_form(),
            courses=self.event.courses.all(),
        )
        return context

    def post(self, request, pk: int):
        if not request.user.has_perm("pillars.change_bimtekevent"):
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "invite":
                ids = [int(pk) for pk in request.POST.getlist("user") if pk.isdigit()]
                users = list(User.objects.filter(pk__in=ids))
                services.invite_pillars(self.event, by=request.user, users=users)
                messages.success(request, _("Invitations recorded."))
            elif action == "phone":
                form = self.phone_form(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(phone_form=form), status=400)
                services.add_participant_by_phone(self.event, by=request.user, **form.cleaned_data)
                messages.success(
                    request, _("Participant added: they sign in with a code sent to their phone.")
                )
            elif action == "attendance":
                ids = [int(pk) for pk in request.POST.getlist("present") if pk.isdigit()]
                count = services.record_attendance(self.event, by=request.user, present=ids)
                messages.success(request, _("%(count)d people marked present.") % {"count": count})
            elif action == "photo":
                photo = request.FILES.get("photo")
                if photo is None:
                    raise PillarError(_("Choose the photo of the signed attendance list."))
                services.attach_attendance_list(self.event, by=request.user, photo=photo)
                messages.success(request, _("Attendance list kept."))
            elif action == "complete":
                count = services.issue_completion(self.event, by=request.user)
                messages.success(request, _("Completion issued to %(count)d people.") % {"count": count})
            else:
                raise PillarError(_("Unknown action."))
        except PillarError as exc:
            self.refuse(exc)
        return redirect("pillars_admin:bimtek_detail", pk=self.event.pk)


def area_scope_q(region: Region) -> Q:
    return selectors.area_scope(region).region_q("region__")


class AttendancePhotoView(PillarView):
    permission = "pillars.view_bimtekevent"

    def get(self, request, pk: int):
        event = selectors.get_event_for_manager(user=request.user, pk=pk)
        return serve_private_file(BimtekEvent.objects.get(pk=event.pk).attendance_photo)


# -- community sessions -----------------------------------------------------------------------------


class SessionIndexView(PillarView):
    permission = "pillars.view_communitysession"
    template_name = "workspace/pillars/sessions.html"
    page_title = _("Community sessions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = selectors.sessions_in_scope(self.scope)[:200]
        return context


class SessionVerifyView(PillarView):
    permission = "pillars.change_communitysession"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        session = selectors.get_session_for_manager(user=request.user, pk=pk)
        try:
            services.verify_session(session, by=request.user)
            messages.success(request, _("Session verified."))
        except PillarError as exc:
            self.refuse(exc)
        return redirect("pillars_admin:sessions")


class SessionPhotoView(PillarView):
    permission = "pillars.view_communitysession"

    def get(self, request, pk: int, photo_id: int):
        session = selectors.get_session_for_manager(user=request.user, pk=pk)
        photo = session.photos.filter(pk=photo_id).first()
        if photo is None:
            raise Http404
        return serve_private_file(photo.thumbnail if request.GET.get("thumb") else photo.image)


# -- targets against actuals ------------------------------------------------------------------------


class BoardView(PillarView):
    permission = "pillars.view_areatarget"
    template_name = "workspace/pillars/board.html"
    page_title = _("Targets and actuals")

    def region(self) -> Region | None:
        """The area asked for (``?region=``), which must lie in the manager's; default: their own."""
        raw = self.request.GET.get("region") or self.request.POST.get("region") or ""
        if not raw:
            if self.scope.national:
                return None
            return self.scope.region
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        region = Region.objects.filter(pk=int(raw)).select_related("parent").first()
        if region is None or not self.scope.contains_region(region):
            raise Http404
        return region

    def get(self, request, *args, **kwargs):
        if self.scope.empty:
            raise Http404
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(export, year=_year(request), region=self.region())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, region = _year(self.request), self.region()
        context.update(
            year=year,
            region=region,
            rows=selectors.board(year=year, region=region),
            regions=Region.objects.filter(
                self.scope.region_q(), level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]
            ).order_by("name")[:500],
            national=self.scope.national,
            may_set=self.request.user.has_perm("pillars.add_areatarget"),
            indicators=Indicator.choices,
        )
        return context

    def post(self, request):
        if self.scope.empty:
            raise Http404
        region = self.region()
        try:
            value = int(request.POST.get("value", ""))
        except ValueError:
            value = None
        try:
            if value is None:
                raise PillarError(_("Enter the target as a whole number."))
            services.set_target(
                by=request.user,
                year=_year(request),
                region=region,
                indicator=request.POST.get("indicator", ""),
                value=value,
            )
            messages.success(request, _("Target saved."))
        except PillarError as exc:
            self.refuse(exc)
        query = f"?year={_year(request)}" + (f"&region={region.pk}" if region else "")
        return redirect(reverse("pillars_admin:board") + query)

    def export(self, fmt: str, *, year: int, region: Region | None) -> HttpResponse:
        rows = selectors.board(year=year, region=region)
        area = str(region) if region else str(_("National"))
        heading = [
            str(_("Indicator")),
            str(_("Area")),
            str(_("Year")),
            str(_("Target")),
            str(_("Actual")),
            "%",
        ]
        unavailable = str(_("no graduation in this period"))
        data = [
            [
                row.label,
                area,
                year,
                row.target if row.target is not None else "",
                row.actual if row.actual is not None else unavailable,
                row.percent if row.percent is not None else "",
            ]
            for row in rows
        ]
        filename = f"targets-{year}"
        if fmt == "csv":
            response = csv_response(f"{filename}.csv")
            writer = SafeWriter(response)
            writer.writerow(heading)
            writer.writerows(data)
            return response
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = str(year)
        sheet.append(heading)
        for line in data:
            sheet.append([str(value) if isinstance(value, str) else value for value in line])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response


class CascadeView(PillarView):
    permission = "pillars.view_communitysession"
    template_name = "workspace/pillars/cascade.html"
    page_title = _("The cascade: from bimtek to families")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update(
            year=year,
            rows=selectors.cascade(scope=self.scope, year=year),
            courses=selectors.pillar_course_completion(self.scope),
        )
        return context


urlpatterns = [
    path("bimtek/", BimtekIndexView.as_view(), name="bimtek"),
    path("bimtek/<id:pk>/", BimtekDetailView.as_view(), name="bimtek_detail"),
    path("bimtek/<id:pk>/attendance-list/", AttendancePhotoView.as_view(), name="bimtek_photo"),
    path("sessions/", SessionIndexView.as_view(), name="sessions"),
    path("sessions/<id:pk>/verify/", SessionVerifyView.as_view(), name="session_verify"),
    path("sessions/<id:pk>/photos/<id:photo_id>/", SessionPhotoView.as_view(), name="session_photo"),
    path("targets/", BoardView.as_view(), name="board"),
    path("cascade/", CascadeView.as_view(), name="cascade"),
]


@hooks.register("register_admin_urls")
def register_pillars_admin_urls():
    return [path("pillars/", include((urlpatterns, "pillars_admin"), namespace="pillars_admin"))]


@hooks.register("register_admin_viewset")
def register_organisations():
    return organisation_viewset


@hooks.register("register_admin_menu_item")
def register_pillars_menu():
    items = [
        PermissionMenuItem(
            _("Organisations"),
            reverse("workspace_pillar_organisations:index"),
            icon_name="group",
            order=100,
            permission="pillars.view_pillarorganisation",
        ),
        PermissionMenuItem(
            _("Bimtek events"),
            reverse("pillars_admin:bimtek"),
            icon_name="date",
            order=200,
            permission="pillars.view_bimtekevent",
        ),
        PermissionMenuItem(
            _("Community sessions"),
            reverse("pillars_admin:sessions"),
            icon_name="group",
            order=300,
            permission="pillars.view_communitysession",
        ),
        PermissionMenuItem(
            _("Targets and actuals"),
            reverse("pillars_admin:board"),
            icon_name="doc-full",
            order=400,
            permission="pillars.view_areatarget",
        ),
        PermissionMenuItem(
            _("The cascade"),
            reverse("pillars_admin:cascade"),
            icon_name="doc-full",
            order=500,
            permission="pillars.view_communitysession",
        ),
    ]
    return SubmenuMenuItem(_("Social pillars"), Menu(items=items), icon_name="group", order=260)
