"""Exchange with the national monitoring system or another province: export, idempotent import,
and the scheduled push with retries and a delivery log.

`exchange_push_run()` is what a scheduler calls (the background worker, or cron through
`python manage.py push_exchange`); it sends every active target whose period has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import audit_record
from chidao.directives import services as directive_services
from chidao.directives.models import Directive, DirectiveKind, Field, Task, TaskKind, TaskState
from chidao.directives.selectors import status_case
from chidao.orgs.models import OrgUnit, UnitGroup, User
from chidao.reporting.models import ProgressReport, ReportState

from .format import FORMAT, VERSION
from .models import DeliveryState, PushAttempt, PushDelivery, PushTarget
from .transport import MAX_TOKEN_LENGTH, PushRefused, http_send, push_url_check, token_decrypt, token_encrypt


def site_id() -> str:
    return str(getattr(settings, "CHIDAO_EXCHANGE_SITE", "") or "chidao")


def _task_id(task_pk: int, external_id: str) -> str:
    return external_id or f"{site_id()}:{task_pk}"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _require_manager(actor: User | None) -> None:
    if actor is not None and not actor.can_manage_tasks:
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được trao đổi dữ liệu."))


# --- export ------------------------------------------------------------------------------------

def exchange_export(*, directive: Directive, today: dt.date | None = None) -> dict[str, Any]:
    """The exchange file of a directive (its own tasks; programmes under it export on their own)."""
    today = today or timezone.localdate()
    tasks = list(
        Task.objects.filter(directive=directive).annotate(status=status_case(today))
        .select_related("lead_unit", "unit_group").prefetch_related("support_units").order_by("position", "id")
    )
    ids = {t.pk: _task_id(t.pk, t.external_id) for t in tasks}
    units: dict[int, OrgUnit] = {}
    rows = []
    for t in tasks:
        if t.lead_unit:
            units[t.lead_unit.pk] = t.lead_unit
        supports = list(t.support_units.all())
        units.update({u.pk: u for u in supports})
        rows.append({
            "id": ids[t.pk], "parent": ids.get(t.parent_id) if t.parent_id else None, "code": t.code,
            "position": t.position, "title": t.title, "kind": t.kind, "state": t.state,
            "status": "" if t.kind == TaskKind.GROUP else t.status,
            "lead_unit": t.lead_unit.code if t.lead_unit else None,
            "support_units": sorted(u.code for u in supports), "expected_output": t.expected_output,
            "field": t.field, "assigned_on": _iso(t.assigned_on), "original_due_on": _iso(t.original_due_on),
            "due_on": _iso(t.due_on), "deadline_text": t.deadline_text, "completed_on": _iso(t.completed_on),
            "progress": t.progress, "last_reported_on": _iso(t.last_reported_on), "cancel_reason": t.cancel_reason,
            "unit_group": t.unit_group.name if t.unit_group else None,
        })
    reports = (ProgressReport.objects.filter(task__directive=directive, state__in=[
        ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED]).select_related("unit")
        .order_by("task_id", "version"))
    data: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "source": {"system": "Chỉ Đạo", "site": site_id()},
        "directive": {"code": directive.code, "kind": directive.kind, "title": directive.title,
                      "issuer": directive.issuer, "issued_on": _iso(directive.issued_on)},
        "units": [{"code": u.code, "name": u.name, "short_name": u.short_name, "kind": u.kind}
                  for u in sorted(units.values(), key=lambda u: u.code)],
        "tasks": rows,
        "progress_reports": [{
            "task": ids[r.task_id], "unit": r.unit.code, "version": r.version, "submitted_on": _iso(r.submitted_on),
            "progress": r.progress, "results": r.results, "difficulties": r.difficulties, "proposals": r.proposals,
            "claims_completion": r.claims_completion, "state": r.state,
        } for r in reports if r.task_id in ids],
    }
    from chidao.documents.hooks import hook_modules

    for module in hook_modules():
        provider = getattr(module, "exchange_indicator_values", None)
        if provider is not None:
            data.setdefault("indicator_values", []).extend(provider(directive=directive))
    return data


def exchange_dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# --- import ------------------------------------------------------------------------------------

@dataclass
class ImportPlan:
    directive_code: str
    directive_exists: bool
    create: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    unchanged: int = 0
    units_missing: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.create) + len(self.update) + (0 if self.directive_exists else 1)


def _date(value: Any, where: str, errors: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(_("%(w)s: ngày “%(v)s” không đúng dạng YYYY-MM-DD.") % {"w": where, "v": value})
        return None


def exchange_parse(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("Tệp không phải JSON hợp lệ: %(e)s") % {"e": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("Tệp không phải tệp trao đổi dữ liệu của Chỉ Đạo (thiếu \"format\": \"%(f)s\").")
                              % {"f": FORMAT})
    if data.get("version") != VERSION:
        raise ValidationError(_("Tệp trao đổi phiên bản %(v)s; hệ thống này đọc phiên bản %(ours)s. Hãy xuất lại "
                                "tệp theo phiên bản %(ours)s.") % {"v": data.get("version"), "ours": VERSION})
    return data


def _resolve(data: dict[str, Any], *, create_units: bool) -> tuple[dict[str, OrgUnit | None], list[str]]:
    """Units by code (then by name through the matcher); the errors of every broken reference."""
    from chidao.parsing.units import unit_matcher_from_db

    errors: list[str] = []
    directive = data.get("directive")
    if not isinstance(directive, dict):
        return {}, [_("directive: thiếu thông tin văn bản chỉ đạo.")]
    if not isinstance(directive.get("code"), str) or not directive["code"].strip():
        errors.append(_("directive.code: thiếu số, ký hiệu văn bản."))
    for key in ("kind", "title", "issuer"):
        if not isinstance(directive.get(key), str | None):
            errors.append(_("directive.%(k)s: phải là chuỗi ký tự.") % {"k": key})
    _date(directive.get("issued_on"), "directive.issued_on", errors)
    raw_units = data.get("units", [])
    if not isinstance(raw_units, list):
        return {}, [*errors, _("units: phải là một danh sách đơn vị.")]
    for i, u in enumerate(raw_units):
        if not isinstance(u, dict) or not isinstance(u.get("code"), str) or not u["code"].strip():
            errors.append(_("units[%(i)s]: thiếu mã đơn vị (code).") % {"i": i})
        elif any(not isinstance(u.get(k), str | None) for k in ("name", "short_name", "kind")):
            errors.append(_("units[%(i)s]: tên, tên viết tắt và loại đơn vị phải là chuỗi ký tự.") % {"i": i})
    if errors:
        return {}, errors
    file_units = {u["code"]: u for u in raw_units}
    existing = OrgUnit.objects.in_bulk([c for c in file_units if c], field_name="code")
    matcher = unit_matcher_from_db()
    units: dict[str, OrgUnit | None] = {}
    for code, spec in file_units.items():
        unit = existing.get(code)
        if unit is None:
            match = matcher.match(spec.get("name", ""))
            unit = OrgUnit.objects.get(pk=match.unit.id) if match.ok and match.unit else None
        if unit is None and not create_units:
            errors.append(_("units[%(c)s]: không tìm thấy đơn vị “%(n)s” trong hệ thống.") % {
                "c": code, "n": spec.get("name", "")})
        units[code] = unit
    tasks = data.get("tasks")
    if not isinstance(tasks, list):
        errors.append(_("tasks: thiếu danh sách nhiệm vụ."))
        return units, errors
    ids = [t.get("id") for t in tasks if isinstance(t, dict) and isinstance(t.get("id"), str)]
    seen: set[str] = set()
    for i, t in enumerate(tasks):
        where = f"tasks[{i}]"
        if not isinstance(t, dict) or not isinstance(t.get("id"), str) or not t["id"].strip():
            errors.append(_("%(w)s: thiếu mã nhiệm vụ (id).") % {"w": where})
            continue
        where = f"tasks[{i}] ({t['id']})"
        field_errors = _task_field_errors(t, where)
        if field_errors:
            errors.extend(field_errors)
            continue
        if t["id"] in seen:
            errors.append(_("%(w)s: mã nhiệm vụ trùng.") % {"w": where})
        seen.add(t["id"])
        if t.get("parent") and t["parent"] not in ids:
            errors.append(_("%(w)s.parent: tham chiếu tới nhiệm vụ “%(p)s” không có trong tệp.") % {
                "w": where, "p": t["parent"]})
        if t.get("kind") not in TaskKind.values:
            errors.append(_("%(w)s.kind: loại nhiệm vụ “%(k)s” không hợp lệ.") % {"w": where, "k": t.get("kind")})
        if t.get("state") not in TaskState.values:
            errors.append(_("%(w)s.state: trạng thái “%(s)s” không hợp lệ.") % {"w": where, "s": t.get("state")})
        for ref in [t.get("lead_unit"), *(t.get("support_units") or [])]:
            if ref and ref not in file_units:
                errors.append(_("%(w)s: đơn vị “%(u)s” không có trong danh sách units của tệp.")
                              % {"w": where, "u": ref})
        for key in ("assigned_on", "original_due_on", "due_on", "completed_on", "last_reported_on"):
            _date(t.get(key), f"{where}.{key}", errors)
    return units, errors


_TEXT_FIELDS = ("parent", "code", "title", "expected_output", "field", "deadline_text", "cancel_reason",
                "lead_unit")


def _task_field_errors(t: dict[str, Any], where: str) -> list[str]:
    """Every value of a task that is of the wrong type or out of range (an exchange file is untrusted)."""
    errors: list[str] = []
    for key in _TEXT_FIELDS:
        if not isinstance(t.get(key), str | None):
            errors.append(_("%(w)s.%(k)s: phải là chuỗi ký tự.") % {"w": where, "k": key})
    supports = t.get("support_units")
    if supports is not None and (not isinstance(supports, list) or not all(isinstance(c, str) for c in supports)):
        errors.append(_("%(w)s.support_units: phải là danh sách mã đơn vị.") % {"w": where})
    progress = t.get("progress")
    if progress is not None and (isinstance(progress, bool) or not isinstance(progress, int)
                                 or not 0 <= progress <= 100):
        errors.append(_("%(w)s.progress: tiến độ “%(v)s” phải là số nguyên từ 0 đến 100.")
                      % {"w": where, "v": str(progress)[:40]})
    position = t.get("position")
    if position is not None and (isinstance(position, bool) or not isinstance(position, int)
                                 or not 0 <= position <= 1_000_000):
        errors.append(_("%(w)s.position: thứ tự “%(v)s” phải là số nguyên từ 0 đến 1.000.000.")
                      % {"w": where, "v": str(position)[:40]})
    return errors


_SYNCED = ("code", "title", "kind", "state", "expected_output", "field", "assigned_on", "original_due_on", "due_on",
           "deadline_text", "completed_on", "progress", "last_reported_on", "cancel_reason", "position")


def _wanted(t: dict[str, Any]) -> dict[str, Any]:
    errors: list[str] = []
    values = {k: t.get(k) for k in _SYNCED}
    for key in ("assigned_on", "original_due_on", "due_on", "completed_on", "last_reported_on"):
        values[key] = _date(t.get(key), key, errors)
    values["code"] = str(values["code"] or "")[:40]
    values["field"] = values["field"] if values["field"] in Field.values else Field.OTHER
    values["progress"] = max(0, min(100, int(values["progress"] or 0)))
    values["position"] = int(values["position"] or 0)
    for key in ("title", "expected_output", "deadline_text", "cancel_reason"):
        values[key] = str(values[key] or "")
    values["deadline_text"] = values["deadline_text"][:120]
    return values


def _existing_tasks(directive: Directive | None, ids: list[str]) -> dict[str, Task]:
    if directive is None:
        return {}
    found = {t.external_id: t for t in Task.objects.filter(directive=directive, external_id__in=ids)}
    prefix = f"{site_id()}:"
    own = {int(i[len(prefix):]): i for i in ids if i.startswith(prefix) and i[len(prefix):].isdigit()}
    for task in Task.objects.filter(directive=directive, pk__in=list(own)):
        found.setdefault(own[task.pk], task)
    return found


def exchange_import(*, actor: User | None, raw: bytes, commit: bool = True, create_units: bool = False) -> ImportPlan:
    """Validate the whole file, then (when `commit`) apply it in one transaction; idempotent."""
    _require_manager(actor)
    data = exchange_parse(raw)
    units, errors = _resolve(data, create_units=create_units)
    if errors:
        raise ValidationError(errors[:50])
    spec = data["directive"]
    directive = Directive.objects.filter(code__iexact=spec["code"].strip()).first()
    tasks = data["tasks"]
    existing = _existing_tasks(directive, [t["id"] for t in tasks])
    plan = ImportPlan(directive_code=spec["code"], directive_exists=directive is not None,
                      units_missing=[c for c, u in units.items() if u is None])
    for t in tasks:
        current = existing.get(t["id"])
        if current is None:
            plan.create.append(t["id"])
        elif _differs(current, t, units):
            plan.update.append(t["id"])
        else:
            plan.unchanged += 1
    if not commit or plan.changes == 0:
        return plan
    with transaction.atomic():
        for code in plan.units_missing:
            s = next(u for u in data["units"] if u.get("code") == code)
            from chidao.orgs.services import unit_create

            units[code] = unit_create(actor=actor, code=code, name=s.get("name") or code,
                                      short_name=s.get("short_name") or "", kind=s.get("kind") or "other")
        if directive is None:
            directive = directive_services.directive_create(
                actor=actor, code=spec["code"], kind=spec.get("kind") if spec.get("kind") in DirectiveKind.values
                else DirectiveKind.OTHER, title=spec.get("title") or spec["code"], issuer=spec.get("issuer") or "",
                issued_on=_date(spec.get("issued_on"), "directive.issued_on", []),
            )
        by_id = dict(existing)
        pending = list(tasks)
        while pending:
            progressed = False
            for t in list(pending):
                if t.get("parent") and t["parent"] not in by_id:
                    continue
                by_id[t["id"]] = _apply(actor, directive, t, by_id.get(t["id"]), by_id, units)
                pending.remove(t)
                progressed = True
            if not progressed:
                raise ValidationError(_("tasks: quan hệ nhóm – nhiệm vụ con bị vòng lặp."))
        audit_record(actor=actor, action="exchange.import", target=directive,
                     summary=_("Nhập tệp trao đổi: tạo %(c)s, cập nhật %(u)s nhiệm vụ") % {
                         "c": len(plan.create), "u": len(plan.update)},
                     after={"source": data.get("source"), "created": len(plan.create), "updated": len(plan.update)})
    return plan


def _differs(task: Task, t: dict[str, Any], units: dict[str, OrgUnit | None]) -> bool:
    wanted = _wanted(t)
    if any(getattr(task, k) != v for k, v in wanted.items()):
        return True
    lead = units.get(t.get("lead_unit") or "")
    if (lead.pk if lead else None) != task.lead_unit_id:
        return True
    supports = {u.pk for c in t.get("support_units") or [] if (u := units.get(c))}
    return supports != set(task.support_units.values_list("id", flat=True))


def _apply(actor: User | None, directive: Directive, t: dict[str, Any], task: Task | None, by_id: dict[str, Task],
           units: dict[str, OrgUnit | None]) -> Task:
    wanted = _wanted(t)
    lead = units.get(t.get("lead_unit") or "")
    supports = [u for c in t.get("support_units") or [] if (u := units.get(c)) is not None and u != lead]
    parent = by_id.get(t["parent"]) if t.get("parent") else None
    if task is None:
        task = Task(directive=directive, external_id=t["id"], created_by=actor)
        before: dict[str, Any] | None = None
    else:
        if not _differs(task, t, units):
            return task
        before = directive_services.task_snapshot(task)
    for key, value in wanted.items():
        setattr(task, key, value)
    task.parent = parent
    task.lead_unit = lead if wanted["kind"] != TaskKind.GROUP else None
    if wanted["kind"] == TaskKind.GROUP and t.get("unit_group"):
        # A group given to a unit group here keeps the link when a group of that name exists.
        task.unit_group = UnitGroup.objects.filter(name__iexact=str(t["unit_group"])[:255]).first()
    if not task.title.strip():
        raise ValidationError(_("Nhiệm vụ %(id)s: thiếu nội dung.") % {"id": t["id"]})
    # The other system decided these states and dates; they are mirrored as they are, audited.
    task.save()
    task.support_units.set(supports)
    audit_record(actor=actor, action="exchange.task_sync", target=task, task_id=task.pk,
                 summary=_("Đồng bộ nhiệm vụ từ tệp trao đổi (%(id)s)") % {"id": t["id"]},
                 before=before, after=directive_services.task_snapshot(task))
    return task


# --- push --------------------------------------------------------------------------------------

MAX_INTERVAL_MINUTES = 525_600  # a year


def push_target_save(*, actor: User, target: PushTarget | None = None, name: str, url: str, directive: Directive,
                     token: str = "", interval_minutes: int = 1440, max_attempts: int = 3,
                     is_active: bool = True) -> PushTarget:
    _require_manager(actor)
    errors = {}
    try:
        push_url_check(url)
    except PushRefused as exc:
        errors["url"] = exc.message
    if len(token.strip()) > MAX_TOKEN_LENGTH:
        errors["token"] = _("Mã xác thực dài tối đa %(n)s ký tự.") % {"n": MAX_TOKEN_LENGTH}
    if not 1 <= max_attempts <= 10:
        errors["max_attempts"] = _("Số lần thử từ 1 đến 10.")
    if not 5 <= interval_minutes <= MAX_INTERVAL_MINUTES:
        errors["interval_minutes"] = _("Chu kỳ gửi từ 5 phút đến 1 năm (525.600 phút).")
    if len(name.strip()) > 200 or len(url.strip()) > 500:
        errors["name"] = _("Tên nơi nhận tối đa 200 ký tự, địa chỉ tối đa 500 ký tự.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = target is None
        target = target or PushTarget()
        target.name, target.url, target.directive = name.strip(), url.strip(), directive
        if token or creating:
            target.token = token_encrypt(token.strip())  # encrypted at rest (exchange.transport)
        target.interval_minutes, target.max_attempts, target.is_active = interval_minutes, max_attempts, is_active
        target.save()
        audit_record(actor=actor, action="exchange.target_save", target=target,
                     summary=_("Lưu nơi nhận dữ liệu %(n)s") % {"n": target.name},
                     after={"url": target.url, "directive": directive.code, "active": is_active,
                            "interval_minutes": interval_minutes})
    return target


Sender = Callable[[str, bytes, dict[str, str]], int]


_http_send = http_send


def push_deliver(*, target: PushTarget, sender: Sender | None = None, sleep: Callable[[float], None] = time.sleep
                 ) -> PushDelivery:
    """Send the target's directive now, retrying with a growing pause; every attempt is logged."""
    sender = sender or _http_send
    data = exchange_export(directive=target.directive)
    body = exchange_dumps(data)
    delivery = PushDelivery.objects.create(target=target, payload_bytes=len(body), task_count=len(data["tasks"]),
                                           payload_sha256=hashlib.sha256(body).hexdigest())
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Chidao-Format": f"{FORMAT}/{VERSION}",
               "User-Agent": "ChiDao-exchange/1"}
    token_error = ""
    try:
        token = token_decrypt(target.token)
    except PushRefused as exc:
        token, token_error = "", exc.message
    if token:
        headers["Authorization"] = f"Bearer {token}"
    backoff = float(getattr(settings, "CHIDAO_PUSH_BACKOFF_SECONDS", 2))
    for number in range(1, target.max_attempts + 1):
        started = time.monotonic()
        status: int | None = None
        error = ""
        try:
            if token_error:
                raise PushRefused(token_error)
            status = sender(target.url, body, headers)
            if 300 <= status < 400:
                error = _("Nơi nhận trả về mã %(s)s (chuyển hướng); hệ thống không đi theo chuyển hướng, hãy sửa "
                          "địa chỉ nhận.") % {"s": status}
            elif not 200 <= status < 300:
                error = _("Nơi nhận trả về mã %(s)s.") % {"s": status}
        except PushRefused as exc:
            error = exc.message
        except urllib.error.HTTPError as exc:
            status, error = exc.code, _("Nơi nhận trả về mã %(s)s.") % {"s": exc.code}
        except (urllib.error.URLError, OSError, ValueError) as exc:
            # The reason is not echoed: it would tell which internal hosts and ports answer.
            error = _("Không kết nối được tới nơi nhận (%(e)s).") % {"e": exc.__class__.__name__}
        PushAttempt.objects.create(delivery=delivery, number=number, status_code=status, error=str(error)[:2000],
                                   duration_ms=int((time.monotonic() - started) * 1000))
        if not error:
            delivery.state = DeliveryState.DELIVERED
            break
        if number < target.max_attempts and backoff > 0:
            sleep(backoff * number)
    else:
        delivery.state = DeliveryState.FAILED
    delivery.finished_at = timezone.now()
    delivery.save(update_fields=["state", "finished_at"])
    return delivery


def exchange_push_run(*, now: dt.datetime | None = None, force: bool = False, sender: Sender | None = None,
                      sleep: Callable[[float], None] = time.sleep) -> list[PushDelivery]:
    """Push every active target whose period has passed since its last successful delivery."""
    now = now or timezone.now()
    done = []
    for target in PushTarget.objects.filter(is_active=True).select_related("directive"):
        last = target.deliveries.filter(state=DeliveryState.DELIVERED).order_by("-started_at").first()
        if not force and last and last.started_at + dt.timedelta(minutes=target.interval_minutes) > now:
            continue
        done.append(push_deliver(target=target, sender=sender, sleep=sleep))
    return done
