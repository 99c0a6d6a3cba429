"""Thin views of the handbook's people: the personal page, profiles, cells, questions, import,
the offline sync endpoint and the PWA's manifest and service worker."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from chidao.core.viewutils import apply_validation_error, error_text, paginate, request_today
from chidao.documents.importer import ImportFileError
from chidao.orgs.models import User

from . import importer, rules, selectors, services
from .forms import (
    AnswerForm,
    CellForm,
    CellMeetingForm,
    CorrectionForm,
    DecisionForm,
    ImportForm,
    MemberCellForm,
    MemberCreateForm,
    QuestionForm,
    SecretaryForm,
)
from .models import QuestionKind
from .personal import personal_page_get

# --- the personal page ---------------------------------------------------------------------------


@login_required
def personal_page(request: HttpRequest) -> HttpResponse:
    page = personal_page_get(user=request.user, today=request_today(request))
    return render(request, "members/personal_page.html", {"page": page})


# --- profiles ------------------------------------------------------------------------------------


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = selectors.own_profile(user=request.user)
    if profile is None:
        return render(request, "members/no_profile.html")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(actor=request.user, profile=profile, field=form.cleaned_data["field"],
                                        new_value=form.cleaned_data["new_value"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã gửi đề nghị sửa hồ sơ; bạn sẽ nhận thông báo khi có quyết định."))
            return redirect("members:my_profile")
    return render(request, "members/my_profile.html", {
        "card": selectors.ProfileCard(profile=profile, sees_private=True), "form": form,
        "corrections": selectors.own_corrections(user=request.user),
    })


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.profile_get(user=request.user, pk=pk)
    services.profile_view_record(actor=request.user, profile=card.profile)
    office = services.is_office(request.user)
    return render(request, "members/profile_detail.html", {
        "card": card, "cell_form": MemberCellForm(initial={"cell": card.profile.cell_id}) if office else None})


@login_required
@require_POST
def member_cell_set(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.is_office(request.user):
        raise PermissionDenied
    card = selectors.profile_get(user=request.user, pk=pk)
    form = MemberCellForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.member_cell_set(actor=request.user, profile=card.profile, cell=form.cleaned_data["cell"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã cập nhật chi bộ sinh hoạt."))
    return redirect("members:profile_detail", pk=pk)


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in selectors.PROFILE_READERS:
        raise PermissionDenied
    q = request.GET.get("q", "").replace("\x00", "")[:100]  # PostgreSQL refuses NUL in any string
    items = selectors.member_search(user=request.user, q=q)
    return render(request, "members/member_list.html", {
        "page": paginate(request, items, per_page=50), "q": q, "can_import": services.is_office(request.user),
    })


# --- corrections ---------------------------------------------------------------------------------


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    items = list(selectors.corrections_to_decide(user=request.user)[:200])
    for item in items:
        private = item.field in {"citizen_id", "phone"} and not selectors.sees_private(
            user=request.user, profile=item.profile)
        item.shown_new = rules.mask(item.new_value) if private else item.new_value  # type: ignore[attr-defined]
    return render(request, "members/correction_list.html", {"items": items, "form": DecisionForm()})


@login_required
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = selectors.correction_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn quyết định và nêu lý do."))
        return redirect("members:correction_list")
    try:
        services.correction_decide(actor=request.user, correction=correction,
                                   approve=form.cleaned_data["decision"] == "approve",
                                   reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã ghi quyết định."))
    return redirect("members:correction_list")


# --- cells ---------------------------------------------------------------------------------------


@login_required
def cell_list(request: HttpRequest) -> HttpResponse:
    office = services.is_office(request.user)
    form = CellForm(request.POST or None) if office else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                cell = services.cell_create(actor=request.user, name=form.cleaned_data["name"],
                                            unit=form.cleaned_data["unit"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Đã lập chi bộ."))
                return redirect("members:cell_detail", pk=cell.pk)
    cells = selectors.cells_visible(user=request.user)
    return render(request, "members/cell_list.html", {"cells": cells, "form": form})


def _cell_member_users(cell):  # type: ignore[no-untyped-def]
    return User.objects.filter(member_profile__cell=cell, is_active=True).order_by("full_name")


@login_required
@require_POST
def cell_secretary_set(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.is_office(request.user):
        raise PermissionDenied
    cell = selectors.cell_get(user=request.user, pk=pk)
    form = SecretaryForm(request.POST, cell_members=_cell_member_users(cell))
    if form.is_valid():
        services.cell_secretary_set(actor=request.user, cell=cell, secretary=form.cleaned_data["secretary"])
        messages.success(request, _("Đã cập nhật bí thư chi bộ."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("members:cell_detail", pk=pk)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    today = request_today(request)
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year


@login_required
def cell_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get(user=request.user, pk=pk)
    year = _year(request)
    attendance = selectors.cell_attendance(cell=cell, year=year)
    sees_all = selectors.cell_sees_all(user=request.user, cell=cell)
    if not sees_all:  # a plain member: the cell's totals and their own row, not the others' records
        attendance.members = [m for m in attendance.members if m.user_id == request.user.pk]
    return render(request, "members/cell_detail.html", {
        "cell": cell, "members": selectors.cell_members(user=request.user, cell=cell), "sees_all": sees_all,
        "attendance": attendance, "year": year,
        "years": list(range(request_today(request).year, request_today(request).year - 5, -1)),
        "meetings": selectors.cell_meetings(cell=cell), "labels": rules.ATTENDANCE_LABELS,
        "can_hold": services.can_hold_cell_meeting(request.user, cell),
        "secretary_form": SecretaryForm(initial={"secretary": cell.secretary_id},
                                        cell_members=_cell_member_users(cell))
        if services.is_office(request.user) else None,
    })


@login_required
def cell_meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    cell = selectors.cell_get(user=request.user, pk=pk)
    if not services.can_hold_cell_meeting(request.user, cell):
        raise PermissionDenied
    members = User.objects.filter(member_profile__cell=cell, is_active=True).exclude(pk=cell.secretary_id).order_by(
        "full_name")
    form = CellMeetingForm(request.POST or None, cell_members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        starts = timezone.make_aware(dt.datetime.combine(data["day"], data["start"]), tz)
        ends = timezone.make_aware(dt.datetime.combine(data["day"], data["end"]), tz)
        try:
            link = services.cell_meeting_create(actor=request.user, cell=cell, title=data["title"], starts_at=starts,
                                                ends_at=ends, place=data["place"], secretary=data["secretary"],
                                                monthly=data["monthly"] == "1")
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã triệu tập sinh hoạt chi bộ và gửi giấy mời tới đảng viên."))
            return redirect("meeting_detail", pk=link.meeting_id)
    return render(request, "members/cell_meeting_form.html", {"cell": cell, "form": form})


# --- questions -----------------------------------------------------------------------------------


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    today = request_today(request)
    profile = selectors.own_profile(user=request.user)
    return render(request, "members/question_list.html", {
        "asked": selectors.questions_asked(user=request.user, today=today),
        "to_answer": selectors.questions_to_answer(user=request.user, today=today),
        "counts": selectors.question_counts(user=request.user, today=today),
        "can_ask": profile is not None,
    })


@login_required
def question_create(request: HttpRequest) -> HttpResponse:
    if selectors.own_profile(user=request.user) is None:
        raise PermissionDenied
    raw = request.GET.get("van_ban", "")
    document = _library_document(request.user, int(raw)) if raw.isdigit() else None
    form = QuestionForm(request.POST or None, initial={
        "kind": QuestionKind.QUESTION, "document": document.pk if document else None,
        "document_ref": f"{document.code} {document.title}"[:255] if document else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(actor=request.user, kind=data["kind"], to_cell=data["to_cell"] == "1",
                                             subject=data["subject"], body=data["body"],
                                             document_ref=data["document_ref"],
                                             document=_library_document(request.user, data["document"]),
                                             today=request_today(request))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã gửi; hạn trả lời %(d)s.") % {"d": question.due_on.strftime("%d/%m/%Y")})
            return redirect("members:question_detail", pk=question.pk)
    return render(request, "members/question_form.html", {"form": form})


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question, may_answer = selectors.question_get(user=request.user, pk=pk)
    form = AnswerForm(request.POST or None) if may_answer and question.answered_on is None else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.question_answer(actor=request.user, question=question, answer=form.cleaned_data["answer"],
                                         today=request_today(request))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Đã gửi trả lời."))
                return redirect("members:question_detail", pk=pk)
    status = rules.question_status(due_on=question.due_on, answered_on=question.answered_on,
                                   today=request_today(request))
    return render(request, "members/question_detail.html", {
        "question": question, "form": form, "status_label": rules.QUESTION_LABELS[status],
        "status_badge": rules.QUESTION_BADGES[status],
    })


# --- import --------------------------------------------------------------------------------------


def _import_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def member_import(request: HttpRequest) -> HttpResponse:
    if not services.is_office(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.CHIDAO_MAX_UPLOAD_BYTES:
            form.add_error("file", _("Tệp quá lớn."))
        else:
            data = upload.read()
            try:
                preview = importer.members_preview(data=data, file_name=upload.name, today=request_today(request))
            except ImportFileError as exc:
                form.add_error("file", exc.message)
            else:
                token = secrets.token_urlsafe(16)
                (_import_dir() / f"members-{token}.xlsx").write_bytes(data)
                request.session[f"member_import_{token}"] = {"name": upload.name}
                return render(request, "members/import_preview.html", {"preview": preview, "token": token})
    return render(request, "members/import.html", {"form": form})


@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    if not services.is_office(request.user):
        raise PermissionDenied
    form = MemberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            profile = services.member_create(
                actor=request.user, full_name=d["full_name"], date_of_birth=d["date_of_birth"], sex=d["sex"],
                admitted_on=d["admitted_on"], official_on=d["official_on"], card_number=d["card_number"],
                citizen_id=d["citizen_id"], phone=d["phone"], position=d["position"], cell=d["cell"],
                email=d["email"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã tạo hồ sơ đảng viên; tài khoản đăng nhập: %(u)s.")
                             % {"u": profile.user.username})
            if d["send_invite"] and profile.user.email:
                _invite(request, profile)
            return redirect("members:profile_detail", pk=profile.pk)
    return render(request, "members/member_create.html", {"form": form})


def _invite(request: HttpRequest, profile) -> None:  # type: ignore[no-untyped-def]
    try:
        services.member_password_invite(actor=request.user, profile=profile, domain=request.get_host(),
                                        secure=request.is_secure())
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã gửi thư đặt mật khẩu tới %(e)s.") % {"e": profile.user.email})


@login_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.is_office(request.user):
        raise PermissionDenied
    _invite(request, selectors.profile_get(user=request.user, pk=pk).profile)
    return redirect("members:profile_detail", pk=pk)


@login_required
@require_POST
def member_import_confirm(request: HttpRequest) -> HttpResponse:
    if not services.is_office(request.user):
        raise PermissionDenied
    token = request.POST.get("token", "")
    valid = token.replace("-", "").replace("_", "").isalnum() and len(token) < 64
    state = request.session.get(f"member_import_{token}") if valid else None
    path = _import_dir() / f"members-{token}.xlsx"
    if not state or not path.is_file():
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
        return redirect("members:member_import")
    try:
        preview = importer.members_preview(data=path.read_bytes(), file_name=state["name"],
                                           today=request_today(request))
        if not preview.ok:
            raise ValidationError(preview.problems[0] if preview.problems else _("Không có dòng nào để nhập."))
        created = services.members_import(actor=request.user, rows=[r.values for r in preview.rows])
    except ImportFileError as exc:
        messages.error(request, exc.message)
        return redirect("members:member_import")
    except ValidationError as exc:
        messages.error(request, _("Không nhập được, không có gì được ghi: %(e)s") % {"e": error_text(exc)})
        return redirect("members:member_import")
    path.unlink(missing_ok=True)
    request.session.pop(f"member_import_{token}", None)
    messages.success(request, _("Đã nhập %(n)s đảng viên từ tệp %(f)s.") % {"n": len(created), "f": state["name"]})
    return redirect("members:member_list")


# --- offline sync (the PWA's outbox) -------------------------------------------------------------

SYNC_KINDS = ("question", "report_draft", "reflection")


def _library_document(user: User, pk: object):  # type: ignore[no-untyped-def]
    """A library document the person may see, else None (a hidden or missing one is not linked)."""
    if not isinstance(pk, int) and not (isinstance(pk, str) and pk.isdigit()):
        return None
    from chidao.library.selectors import documents_visible

    return documents_visible(user=user).filter(pk=int(pk)).only("id", "code", "title").first()


def _sync_question(user: User, payload: dict, today: dt.date):  # type: ignore[no-untyped-def]
    return services.question_ask(
        actor=user, kind=str(payload.get("kind") or QuestionKind.QUESTION), to_cell=str(payload.get("to_cell")) == "1",
        document=_library_document(user, payload.get("document")), subject=str(payload.get("subject") or ""),
        body=str(payload.get("body") or ""), document_ref=str(payload.get("document_ref") or ""), today=today)


def _sync_report_draft(user: User, payload: dict, today: dt.date):  # type: ignore[no-untyped-def]
    from chidao.directives.selectors import task_get
    from chidao.reporting.services import report_draft_create

    task_id = str(payload.get("task") or "")
    progress = str(payload.get("progress") or "")
    if not task_id.isdigit() or not progress.lstrip("-").isdigit():
        raise ValidationError(_("Bản nháp báo cáo thiếu nhiệm vụ hoặc tiến độ."))
    task = task_get(user=user, pk=int(task_id))
    return report_draft_create(actor=user, task=task, progress=int(progress),
                               results=str(payload.get("results") or ""),
                               difficulties=str(payload.get("difficulties") or ""),
                               proposals=str(payload.get("proposals") or ""))


def _sync_reflection(user: User, payload: dict, key: str) -> tuple[object, bool]:  # type: ignore[type-arg]
    """The study app keeps its own device key (the same constraint), so the key goes straight to it."""
    from .personal import _optional

    submit = _optional("chidao.study.services", "reflection_submit")
    get = _optional("chidao.study.selectors", "assignment_get")
    assignment_id = str(payload.get("assignment") or "")
    if submit is None or get is None:
        raise ValidationError(_("Chức năng học tập chưa được cài đặt."))
    if not assignment_id.isdigit():
        raise ValidationError(_("Bản thu hoạch thiếu nội dung học tập."))
    record, created = submit(user=user, assignment=get(user=user, pk=int(assignment_id)),
                             reflection=str(payload.get("reflection") or ""),
                             commitment=str(payload.get("commitment") or ""), device_key=key)
    return record, created


@login_required
@require_POST
def offline_sync(request: HttpRequest) -> JsonResponse:
    """Receive one draft kept on the device: {key, kind, payload}. The key (made on the device) is
    stored under a unique constraint, so a draft sent twice is stored once; the second answer says
    it was already received (`duplicate: true`)."""
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"ok": False, "error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("payload"), dict):
        return JsonResponse({"ok": False, "error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    kind, key, payload = str(body.get("kind") or ""), str(body.get("key") or ""), body["payload"]
    if "\\u0000" in json.dumps(body):
        # PostgreSQL refuses NUL in text; a form refuses it too (Django's ProhibitNullCharactersValidator).
        return JsonResponse({"ok": False, "error": _("Nội dung có ký tự không hợp lệ.")}, status=400)
    if kind not in SYNC_KINDS:
        return JsonResponse({"ok": False, "error": _("Loại bản nháp không hợp lệ.")}, status=400)
    if not key:
        return JsonResponse({"ok": False, "error": _("Thiếu mã bản nháp trên thiết bị.")}, status=400)
    handler = {"question": _sync_question, "report_draft": _sync_report_draft}.get(kind)
    today = request_today(request)
    try:
        if handler is None:
            obj, created = _sync_reflection(request.user, payload, key)
        else:
            obj, created = services.device_once(user=request.user, key=key, kind=kind,
                                                create=lambda: handler(request.user, payload, today))
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": error_text(exc)}, status=400)
    except (PermissionDenied, Http404):
        return JsonResponse({"ok": False, "error": _("Bạn không có quyền gửi nội dung này.")}, status=403)
    object_id = getattr(obj, "pk", obj)
    message = _("Đã nhận bản gửi từ thiết bị.") if created else _("Bản này đã được nhận trước đó; không lưu lần hai.")
    return JsonResponse({"ok": True, "duplicate": not created, "id": object_id, "message": message},
                        status=201 if created else 200)


# --- the PWA -------------------------------------------------------------------------------------


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    name = getattr(settings, "CHIDAO_SITE_NAME", "") or "Chỉ Đạo"
    data = {
        "name": name, "short_name": "Chỉ Đạo", "lang": "vi", "dir": "ltr",
        "description": _("Theo dõi nhiệm vụ, sổ tay đảng viên điện tử"),
        "start_url": reverse("members:my_page"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#b71c1c",
        "icons": [
            {"src": static("chidao/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("chidao/icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "any maskable"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


SW_PATH = Path(__file__).resolve().parent / "static" / "members" / "sw.js"


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site root so its scope is the whole site. The app
    shell's static URLs (hashed by the storage) are written into it, so a new deployment is a new
    worker and the old cache is dropped."""
    shell = [reverse("members:my_page"), reverse("members:offline"), static("vendor/bootstrap/bootstrap.min.css"),
             static("chidao/chidao.css"), static("vendor/bootstrap/bootstrap.bundle.min.js"),
             static("vendor/htmx/htmx.min.js"), static("members/offline.js"), static("chidao/icons/icon-192.png")]
    source = SW_PATH.read_text(encoding="utf-8")
    version = hashlib.sha256(json.dumps([source, shell]).encode()).hexdigest()[:12]
    body = (f"const CHIDAO_SHELL = {json.dumps(shell)};\nconst CHIDAO_VERSION = {json.dumps(version)};\n"
            f"const CHIDAO_SAVED_URL = {json.dumps(_saved_url())};\n" + source)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def _saved_url() -> str:
    try:
        return reverse("library_saved_json")
    except Exception:  # the library app is not installed in this build
        return ""


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows for a page that is not cached when there is no connection."""
    return render(request, "members/offline.html")
