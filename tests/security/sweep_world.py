"""The data and the people of the /cms/ route sweep (``test_cms_route_sweep.py``), built once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import Group
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow
from wagtail_factories import DocumentFactory, ImageFactory

from accounts import roles
from accounts.models import User
from complaints import services as complaint_services
from complaints.models import Category, Complaint
from complaints.permissions import SAFEGUARDING
from incubator.models import IntakeAspect, IntakeAssessment, ManagerScope, MentorProfile, Milestone
from tests.factories import UserFactory
from tests.factories.workspace import AreaData, Areas, build_areas
from tests.incubator.factories import SocialCompanionProfileFactory
from workspace.permissions import CONTENT_EDITOR

ROLES = (
    "regency",
    "province",
    "national",
    "none",
    "editor",
    "safeguarding",
    "mentor",
    "social",
    "entrepreneur",
    "anonymous",
)
MANAGERS = ("regency", "province", "national", "none")


@dataclass
class Side:
    """The objects of one regency, by the kind a route parameter names."""

    area: AreaData
    complaint: Complaint
    placement: int = 0  # an intake assessment waiting for confirmation

    def get(self, kind: str) -> int:
        if kind == "deletion":  # made when a route asks for one (privacy.DeletionRequest)
            from privacy.models import DeletionRequest

            return DeletionRequest.objects.get_or_create(user=self.area.profile.user)[0].pk
        if kind == "job":  # an import job started in this regency (workspace.BackgroundJob)
            from workspace.models import BackgroundJob

            return BackgroundJob.objects.get_or_create(area=self.area.regency, filename="registry.csv")[0].pk
        return self.ids[kind]

    @cached_property
    def ids(self) -> dict[str, int]:
        """Looked up once: every route of every role fills its ids from here."""
        a = self.area
        return {
            "profile": a.profile.pk,
            "user": a.profile.user.pk,
            "assignment": a.assignment.pk,
            "assistance": a.assistance.pk,
            "promotion": a.promotion.pk,
            "threshold": a.threshold.pk,
            "cohort": a.cohort.pk,
            "region": a.regency.pk,
            "companion": MentorProfile.objects.get(user=a.companion).pk,
            "milestone": Milestone.objects.filter(profile=a.profile).first().pk,
            "conversation": a.conversation.pk,
            "complaint": self.complaint.pk,
            "placement": self.placement,
        }

    @property
    def names(self) -> list[str]:
        """What must never show outside the area: the person, the business, the companion."""
        return [self.area.profile.user.full_name, self.area.business, self.area.companion.full_name]


@dataclass
class World:
    areas: Areas
    people: dict[str, User | None]
    inside: Side  # Alfa, Kota Bandung: inside every regional manager's area
    outside: Side  # Gamma, Kabupaten Klaten: outside all but the national one
    shared: dict[str, int]  # program-wide and content objects (pages, images, groups, ...)


def build_world() -> World:
    areas = build_areas()
    editor = UserFactory(full_name="Editor Konten")
    roles.add_role(editor, CONTENT_EDITOR)
    officer = UserFactory(full_name="Petugas Perlindungan")
    officer.groups.add(Group.objects.get(name=SAFEGUARDING))
    ManagerScope.objects.create(user=officer, region=areas.alfa.province)
    social = SocialCompanionProfileFactory(user__full_name="Pendamping Sosial Alfa")
    social.regions.set([areas.alfa.regency])
    complaints = {
        key: complaint_services.raise_complaint(
            by=area.profile.user, category=Category.HARASSMENT, description=f"Rahasia {key}"
        )
        for key, area in (("alfa", areas.alfa), ("gamma", areas.gamma))
    }
    root = Page.get_first_root_node()
    page = root.get_children().first() or root
    workflow = Workflow.objects.first()
    shared = {
        "page": page.pk,
        "revision": page.specific.save_revision().pk,
        "image": ImageFactory(title="Foto Materi").pk,
        "document": DocumentFactory(title="Lembar Materi").pk,
        "collection": Collection.get_first_root_node().pk,
        "group": Group.objects.get(name=SAFEGUARDING).pk,
        "site": Site.objects.first().pk,
        "locale": Locale.objects.first().pk,
        "redirect": Redirect.objects.create(old_path="/lama", redirect_link="/baru").pk,
        "workflow": workflow.pk if workflow else 1,
        "task": Task.objects.first().pk if Task.objects.exists() else 1,
        "template": areas.alfa.profile.milestones.first().template_id,
        "aspect": IntakeAspect.objects.create(
            code="usaha-berjalan",
            order=1,
            title="Usaha berjalan",
            level_0="a",
            level_1="b",
            level_2="c",
            level_3="d",
        ).pk,
    }
    people = {
        "regency": areas.regency_manager,
        "province": areas.province_manager,
        "national": areas.national,
        "none": areas.no_area,
        "editor": editor,
        "safeguarding": officer,
        "mentor": areas.alfa.companion,
        "social": social.user,
        "entrepreneur": areas.alfa.profile.user,
        "anonymous": None,
    }
    return World(
        areas=areas,
        people=people,
        inside=Side(areas.alfa, complaints["alfa"], _placement(areas.alfa.profile)),
        outside=Side(areas.gamma, complaints["gamma"], _placement(areas.gamma.profile)),
        shared=shared,
    )


def _placement(profile) -> int:
    return IntakeAssessment.objects.create(
        profile=profile,
        assessed_on=profile.enrolled_on,
        scores={"usaha-berjalan": 2},
        total=2,
        max_total=3,
        suggested_tier="developing",
        baseline_revenue=1_000_000,
        baseline_costs=500_000,
    ).pk
