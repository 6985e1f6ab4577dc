"""Answers for the offline outbox (``static/js/outbox.js``): accepted, or refused with a message.

A form page answers people with HTML (a redirect when saved, the form with its errors when not).
The outbox replays a queued submission later, with the header ``X-Tumbuh-Outbox: 1``, and needs
to tell the two apart to keep a refused item with the server's reason. ``outbox_answers`` turns the
view's own answer into JSON for those replays only, so each view keeps one code path:

- a redirect without an error message → ``200 {"ok": true, "url": <where the page went>}``;
- a redirect with an error message (``messages.error``) → ``409 {"ok": false, "message": ...}``;
- a page with form errors (the view returns a ``TemplateResponse``) → ``400``, or ``409`` when only
  the rule's own message (a non-field error) refused it;
- a page that is no longer open to the person (404/403, e.g. the assignment ended) → that status.

Error messages are consumed (the outbox shows them); other messages stay for the next page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

HEADER = "X-Tumbuh-Outbox"


class FormKeyField(forms.UUIDField):
    """The hidden per-render key of a form page (the form sets a fresh ``uuid4`` as its initial).

    The same page sent twice — a double tap, a retry, the outbox's replay — carries the same key,
    and the service records one thing. ``data-form-key`` lets the outbox give a page opened from
    the offline cache a fresh key of its own.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput(attrs={"data-form-key": ""}))
        super().__init__(**kwargs)


def is_outbox_replay(request: HttpRequest) -> bool:
    return request.method == "POST" and request.headers.get(HEADER) == "1"


def _refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _form_errors(form: BaseForm) -> tuple[list[str], list[str]]:
    """(non-field errors, "label: error" for each field error)."""
    general = [str(error) for error in form.non_field_errors()]
    fields = []
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else name
        fields.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return general, fields


def _errors_in(context: dict) -> tuple[list[str], list[str]]:
    general: list[str] = []
    fields: list[str] = []
    for value in context.values():
        forms = (
            value.forms if isinstance(value, BaseFormSet) else [value] if isinstance(value, BaseForm) else []
        )
        if isinstance(value, BaseFormSet):
            general.extend(str(error) for error in value.non_form_errors())
        for form in forms:
            if form.is_bound and form.errors:
                g, f = _form_errors(form)
                general.extend(g)
                fields.extend(f)
    return general, fields


def outbox_answers(view: Callable) -> Callable:
    """Answer outbox replays of this form view in JSON (see the module's docstring).

    Put it below the sign-in decorators: a replay whose session ended gets the sign-in redirect,
    which the outbox keeps as "not sent yet", never as accepted.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_outbox_replay(request):
            return view(request, *args, **kwargs)
        no_longer = _("This form is no longer open to you, so it was not sent.")
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _refused(no_longer, 404)
        except PermissionDenied:
            return _refused(no_longer, 403)
        # A refusal's message goes to the outbox (and the form), not to the next page; the news of
        # a success stays for the page the person opens next ("Visit saved.").
        said = list(messages.get_messages(request))
        errors = [str(m) for m in said if m.level >= messages.ERROR]
        for kept in (m for m in said if m.level < messages.ERROR):
            messages.add_message(request, kept.level, kept.message, extra_tags=kept.extra_tags)
        if 300 <= response.status_code < 400:
            if errors:
                return _refused(" ".join(errors), 409)
            return JsonResponse({"ok": True, "url": response["Location"]})
        if response.status_code in (403, 404):
            return _refused(no_longer, response.status_code)
        general, fields = (
            _errors_in(response.context_data or {}) if isinstance(response, TemplateResponse) else ([], [])
        )
        if response.status_code < 400 and not (general or fields or errors):
            # A page shown instead of a redirect: nothing says it was refused, nor that it was saved.
            return _refused(_("The server did not confirm this item. Open the form to check it."), 409)
        message = " ".join(errors + general + fields) or _("The server refused this item.")
        return _refused(message, 400 if fields else 409)

    return wrapped
