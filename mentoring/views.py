"""Chat and mentoring-session pages. Thin: selectors read, services decide."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import serve_private_file
from core.outbox import outbox_answers
from incubator.models import EntrepreneurProfile
from mentoring import selectors, services
from mentoring.forms import ActionItemFormSet, SendForm, SessionForm
from mentoring.models import Message
from mentoring.services import ActionItemInput, MentoringError

PAGE = 50
ERROR_STATUS = {"forbidden": 403, "rate_limited": 429}


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _client_strings() -> dict[str, str]:
    """The chat client's words, in the page's language (it never builds HTML from them)."""
    return {
        "pending": _("Sending…"),
        "sent": _("Sent"),
        "read": _("Read"),
        "failed": _("Not sent. Tap to try again."),
        "online": _("Connected"),
        "offline": _("Offline. Messages will be sent when you are back online."),
        "closed": _("This conversation is closed."),
        "signedOut": _("You were signed out. Reload the page to sign in again."),
        "photo": _("Photo"),
        "older": _("Show older messages"),
        "photoFailed": _("The photo could not be sent."),
    }


@login_required
@require_GET
def chat_list(request: HttpRequest) -> HttpResponse:
    conversations = list(selectors.conversations_for(user=request.user))
    return render(request, "mentoring/chat_list.html", {"conversations": conversations})


@login_required
@require_GET
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest 50 messages (or the 50 before ``?before=<id>``), rendered on the server."""
    chat = selectors.get_conversation_for(user=request.user, pk=pk)
    before = request.GET.get("before")
    try:
        rows, has_older = services.messages_before(chat, user=request.user, before=before, limit=PAGE)
    except MentoringError as exc:
        raise Http404 from exc
    if before is None and rows:
        services.mark_read(chat, user=request.user, up_to=rows[-1].pk)
    other = chat.companion if request.user.pk == chat.profile.user_id else chat.profile.user
    context = {
        "chat": chat,
        "other": other,
        "rows": rows,
        "has_older": has_older,
        "older_url": f"{request.path}?before={rows[0].pk}" if has_older and rows else None,
        "is_history_page": before is not None,
        "can_write": selectors.can_write(chat, user=request.user),
        "other_read_up_to": selectors.read_position(chat, user_id=other.pk),
        "form": SendForm(initial={"client_id": uuid.uuid4()}),
        "i18n": _client_strings(),
        "is_companion": request.user.pk == chat.companion_id,
        "content_reads": selectors.content_reads(chat),
    }
    return render(request, "mentoring/conversation.html", context)


@login_required
@require_GET
def conversation_messages(request: HttpRequest, pk: int) -> JsonResponse:
    """JSON pages for the client: ``?before=<id>`` (older, 50) or ``?after=<id>`` (newer, 100)."""
    chat = selectors.get_conversation_for(user=request.user, pk=pk)
    try:
        if "after" in request.GET:
            rows, more = services.messages_after(chat, user=request.user, after=request.GET["after"])
        else:
            rows, more = services.messages_before(
                chat, user=request.user, before=request.GET.get("before"), limit=PAGE
            )
    except MentoringError as exc:
        return JsonResponse({"type": "error", "code": exc.code, "message": str(exc)}, status=400)
    return JsonResponse(
        {"messages": [services.serialize_message(m, conversation=chat) for m in rows], "has_more": more}
    )


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTTP path into ``send_message``: photo uploads from the client, and the no-JS form."""
    chat = selectors.get_conversation_for(user=request.user, pk=pk)
    form = SendForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise MentoringError(
                " ".join(e for errors in form.errors.values() for e in errors), code="invalid"
            )
        message, _created = services.send_message(
            chat,
            sender=request.user,
            body=form.cleaned_data["body"],
            client_id=form.cleaned_data["client_id"],
            image=form.cleaned_data["image"],
        )
    except MentoringError as exc:
        if _wants_json(request):
            return JsonResponse(
                {
                    "type": "error",
                    "code": exc.code,
                    "message": str(exc),
                    "client_id": request.POST.get("client_id"),
                },
                status=ERROR_STATUS.get(exc.code, 400),
            )
        messages.error(request, str(exc))
        return redirect("mentoring:conversation", pk=chat.pk)
    payload = services.serialize_message(message, conversation=chat)
    if _wants_json(request):
        return JsonResponse({"type": "ack", "client_id": payload["client_id"], "message": payload})
    return redirect(reverse("mentoring:conversation", args=[chat.pk]) + f"#m{message.pk}")


def _photo(request: HttpRequest, pk: int, message_id: int, field: str) -> FileResponse:
    chat = selectors.get_conversation_for(user=request.user, pk=pk)
    message = get_object_or_404(Message, pk=message_id, conversation=chat)
    return serve_private_file(getattr(message, field))


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, message_id: int) -> FileResponse:
    return _photo(request, pk, message_id, "image")


@login_required
@require_GET
def attachment_thumbnail(request: HttpRequest, pk: int, message_id: int) -> FileResponse:
    return _photo(request, pk, message_id, "thumbnail")


# -- mentoring sessions ------------------------------------------------------------------------

SESSIONS_STEP = 20
SESSIONS_MAX = 500  # "show more" stops growing the page here


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """Newest first, SESSIONS_STEP at a time: "Show more" asks for the next ones (the same queries)."""
    raw = request.GET.get("shown", "")
    shown = min(
        max(int(raw) if raw.isdigit() and len(raw) < 5 else SESSIONS_STEP, SESSIONS_STEP), SESSIONS_MAX
    )
    sessions = list(selectors.sessions_for(user=request.user)[: shown + 1])
    profiles = list(selectors.profiles_accompanied_by(user=request.user))
    return render(
        request,
        "mentoring/session_list.html",
        {
            "sessions": sessions[:shown],
            "more": shown + SESSIONS_STEP if len(sessions) > shown and shown < SESSIONS_MAX else None,
            "profiles": profiles,
        },
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(user=request.user, pk=pk)
    return render(request, "mentoring/session_detail.html", {"session": session})


@login_required
@outbox_answers
def session_new(request: HttpRequest, profile_id: int) -> HttpResponse:
    """A companion logs a session with one of their entrepreneurs."""
    profile = get_object_or_404(EntrepreneurProfile.objects.select_related("user"), pk=profile_id)
    if not selectors.is_current_companion(profile, user=request.user):
        raise Http404
    form = SessionForm(request.POST or None, request.FILES or None)
    items = ActionItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        try:
            session = services.log_session(
                profile,
                by=request.user,
                date=data["date"],
                mode=data["mode"],
                topics=data["topics"],
                notes=data["notes"],
                action_items=[
                    ActionItemInput(text=row["text"], due_date=row.get("due_date"))
                    for row in items.cleaned_data
                    if row.get("text")
                ],
                photos=data["photos"],
                form_key=data.get("form_key"),
            )
        except MentoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Session saved."))
            return redirect("mentoring:session_detail", pk=session.pk)
    return TemplateResponse(
        request,
        "mentoring/session_form.html",
        {"form": form, "items": items, "profile": profile},
    )


@login_required
@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_action_item_for(user=request.user, pk=pk)
    try:
        services.set_action_item_done(item, by=request.user, done=request.POST.get("done") == "1")
    except services.Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect("mentoring:session_detail", pk=item.session_id)


@login_required
@require_GET
def session_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    session = selectors.get_session_for(user=request.user, pk=pk)
    photo = get_object_or_404(session.photos.all(), pk=photo_id)
    return serve_private_file(photo.thumbnail if request.GET.get("size") == "thumb" else photo.image)


@login_required
def conversation_with(request: HttpRequest, profile_id: int) -> HttpResponse:
    """The companion's conversation with this entrepreneur (the "Chat" button of a mentee page)."""
    from mentoring.models import Conversation

    chat = Conversation.objects.filter(profile_id=profile_id, companion=request.user).only("pk").first()
    if chat is None or not selectors.can_read(chat, user=request.user):
        raise Http404
    return redirect("mentoring:conversation", pk=chat.pk)
