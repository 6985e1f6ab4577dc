from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import entrepreneur_required, mentor_required


@entrepreneur_required
def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "incubator/portal_home.html")


@mentor_required
def mentor_home(request: HttpRequest) -> HttpResponse:
    return render(request, "incubator/mentor_home.html")


profile = milestones = milestone_detail = reports = portal_home
mentee_detail = review_milestone = private_file = mentor_home
