"""Issue 10, finding 3: the keyed chain, frozen actor labels, authentication events, the head."""

from __future__ import annotations

import os
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from chidao.audit.chain import hashed_fields
from chidao.audit.keys import audit_key, audit_key_forget
from chidao.audit.models import AuditEvent
from chidao.audit.services import audit_head, audit_rehash, audit_verify
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(secretariat: Any, make_task: Any, submit_report: Any) -> None:
    task = make_task(title="Nhiệm vụ có lịch sử")
    submit_report(task, progress=40)


def test_deleting_or_renaming_a_person_never_breaks_the_chain(history: None, officer_a: Any) -> None:
    assert AuditEvent.objects.filter(actor=officer_a).exists()
    officer_a.full_name = "Tên khác hẳn"
    officer_a.username = "ten_moi"
    officer_a.save()
    assert audit_verify().intact
    label = AuditEvent.objects.filter(actor=officer_a).first().actor_label
    officer_a.delete()  # not possible from the admin; a raw delete still leaves the log verifiable
    assert audit_verify().intact
    assert AuditEvent.objects.filter(actor_label=label, actor_name="chuyenvien_khcn").exists()


def test_a_chain_rewritten_without_the_key_is_refused_from_its_first_row(history: None, settings: Any) -> None:
    # Whoever can write the database but not read the key rehashes everything with a key of their own.
    events = AuditEvent.objects.count()
    settings.CHIDAO_AUDIT_KEY = "k" * 40
    audit_key_forget()
    AuditEvent.objects.filter(action="report.submit").update(summary="Sửa lén")
    audit_rehash()
    assert audit_verify().intact  # under the forger's key …
    settings.CHIDAO_AUDIT_KEY = ""
    audit_key_forget()
    report = audit_verify()  # … but not under the real one
    assert report.broken_seq == 1 and report.reason == "hash"
    assert AuditEvent.objects.count() == events


def test_the_key_file_is_made_once_private_and_reused(settings: Any, tmp_path: Path) -> None:
    settings.CHIDAO_AUDIT_KEY = ""
    settings.CHIDAO_AUDIT_KEY_FILE = tmp_path / "var" / "audit.key"
    audit_key_forget()
    first = audit_key()
    assert stat.S_IMODE(os.stat(settings.CHIDAO_AUDIT_KEY_FILE).st_mode) == 0o600
    audit_key_forget()
    assert audit_key() == first and len(first) == 64
    settings.CHIDAO_AUDIT_KEY = "e" * 40
    audit_key_forget()
    assert audit_key() == b"e" * 40  # the environment wins over the file
    audit_key_forget()


def test_the_hash_covers_the_frozen_label_not_the_user_id() -> None:
    import datetime as dt

    fields = hashed_fields(seq=1, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), actor_name="a", actor_label="A",
                           action="x", target_type="t", target_id="1", target_label="", task_ref=None, summary="",
                           before=None, after=None)
    assert "actor_id" not in fields and fields["actor_label"] == "A"


def test_verify_prints_the_head_and_names_the_broken_row(history: None) -> None:
    seq, digest = audit_head()
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert f"sự kiện số {seq}, mã băm {digest}" in out.getvalue()
    target = AuditEvent.objects.get(action="report.submit")
    AuditEvent.objects.filter(pk=target.pk).update(summary="Sửa lén")
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit", stdout=StringIO())
    assert f"sự kiện số {target.seq} (hành động report.submit" in str(exc.value)


def test_logins_failures_and_logouts_are_audited_without_the_password(officer_a: Any) -> None:
    client = Client()
    client.post("/dang-nhap/", {"username": officer_a.username, "password": "sai-mat-khau-123"})
    client.post("/dang-nhap/", {"username": "khong_ai_ca", "password": "sai-nua-456"})
    client.post("/dang-nhap/", {"username": officer_a.username, "password": PASSWORD})
    client.post("/dang-xuat/")
    actions = list(AuditEvent.objects.filter(action__startswith="auth.").order_by("seq")
                   .values_list("action", "target_label"))
    assert [a for a, _ in actions] == ["auth.login_failed", "auth.login_failed", "auth.login", "auth.logout"]
    assert actions[1][1] == "khong_ai_ca"
    for event in AuditEvent.objects.filter(action__startswith="auth."):
        blob = f"{event.summary} {event.before} {event.after}"
        assert "sai-mat-khau-123" not in blob and "sai-nua-456" not in blob and PASSWORD not in blob
    assert audit_verify().intact
