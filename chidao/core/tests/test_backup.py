"""Issue 10: `backup` and `restore` — a data set backed up, restored into an empty installation
(another data directory, another database, run as separate processes as an administrator would),
and the audit chain verifies there; altered archives and non-empty targets are refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from chidao.audit.services import audit_head

ROOT = Path(settings.BASE_DIR)


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def empty_installation(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh installation: its own data directory and an empty database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIDAO_", "DATABASE_URL"))}
    env.update(CHIDAO_DATA_DIR=str(tmp_path / "moi"), SECRET_KEY="khoa-thu-nghiem-khoi-phuc-" + "x" * 30)
    dropped = None
    if connection.vendor == "postgresql":
        conf = connection.settings_dict
        dropped = f"chidao_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{dropped}"')
        from urllib.parse import quote

        user, password = quote(conf.get("USER") or ""), quote(conf.get("PASSWORD") or "")
        auth = f"{user}:{password}@" if password else f"{user}@"
        env["DATABASE_URL"] = f"postgres://{auth}{conf.get('HOST') or 'localhost'}:{conf.get('PORT') or 5432}/{dropped}"
    yield env
    if dropped:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)')


@pytest.fixture
def ballot_key(settings: Any, tmp_path: Path) -> Iterator[bytes]:
    """A ballot key file in this installation (as a secret vote leaves), to be carried by the backup."""
    from chidao.meetings.seal import ballot_key as make_key
    from chidao.meetings.seal import ballot_key_forget

    settings.CHIDAO_BALLOT_KEY = ""
    settings.CHIDAO_BALLOT_KEY_FILE = tmp_path / "cu" / "ballot.key"
    ballot_key_forget()
    make_key()
    yield settings.CHIDAO_BALLOT_KEY_FILE.read_bytes()
    ballot_key_forget()


@pytest.fixture
def data_set(make_task: Any, submit_report: Any, secretariat: Any, make_pdf: Any, files_dir: Path) -> dict[str, Any]:
    from chidao.reporting.services import report_review

    task = make_task(title="Nhiệm vụ được sao lưu")
    report = submit_report(task, claim=True, files=[make_pdf("minh-chung.pdf", "Quyết định ban hành")])
    report_review(actor=secretariat, report=report, accept=True)
    stored = [p for p in files_dir.rglob("*") if p.is_file()]
    assert stored
    return {"task": task, "files": {p.relative_to(files_dir).as_posix(): p.read_bytes() for p in stored}}


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_installation_verifies(data_set: dict[str, Any], tmp_path: Path,
                                                                 empty_installation: dict[str, str],
                                                                 ballot_key: bytes) -> None:
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    seq, digest = audit_head()
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert set(manifest["members"]) | {"manifest.json"} == names
    assert "audit.key" in names and any(n.startswith("files/") for n in names)
    assert "ballot.key" in names

    env = empty_installation
    restored = manage("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout
    verified = manage("verify_audit", env=env)
    assert verified.returncode == 0, verified.stderr + verified.stdout
    assert "toàn vẹn" in verified.stdout and f"sự kiện số {seq}, mã băm {digest}" in verified.stdout
    files = Path(env["CHIDAO_DATA_DIR"]) / "files"
    for name, content in data_set["files"].items():
        assert hashlib.sha256((files / name).read_bytes()).digest() == hashlib.sha256(content).digest()
    key = Path(env["CHIDAO_DATA_DIR"]) / "audit.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    # The ballot key comes back too, so a secret vote open at the backup can still be closed.
    restored_ballot_key = Path(env["CHIDAO_DATA_DIR"]) / "ballot.key"
    assert restored_ballot_key.read_bytes() == ballot_key
    assert oct(restored_ballot_key.stat().st_mode & 0o777) == "0o600"

    # A second restore into what is now a full installation is refused, and changes nothing.
    again = manage("restore", str(archive), env=env)
    assert again.returncode != 0 and "Chỉ khôi phục vào một cài đặt trống" in again.stderr


def _altered(archive: Path, out: Path, member: str, content: bytes) -> None:
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == member:
                data = content
                info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_an_altered_archive_is_refused_and_nothing_is_written(data_set: dict[str, Any], tmp_path: Path,
                                                             empty_installation: dict[str, str],
                                                             ballot_key: bytes) -> None:
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        evidence = next(n for n in tar.getnames() if n.startswith("files/"))
    forged = tmp_path / "bi-sua.tar.gz"
    _altered(archive, forged, evidence, b"%PDF-1.4 noi dung da bi thay\n")
    result = manage("restore", str(forged), env=empty_installation)
    assert result.returncode != 0
    assert "không khớp mã SHA-256" in result.stderr and evidence in result.stderr
    new_dir = Path(empty_installation["CHIDAO_DATA_DIR"])
    assert not (new_dir / "files").exists() or not any((new_dir / "files").iterdir())
    assert not (new_dir / "audit.key").exists()
    assert not (new_dir / "ballot.key").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_non_empty_installation(data_set: dict[str, Any], tmp_path: Path) -> None:
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError) as exc:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert "Chỉ khôi phục vào một cài đặt trống" in str(exc.value)


@pytest.mark.django_db
def test_backup_never_overwrites_and_refuses_garbage(tmp_path: Path) -> None:
    existing = tmp_path / "cu.tar.gz"
    existing.write_bytes(b"ban sao luu cu")
    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"ban sao luu cu"
    with pytest.raises(CommandError, match=r"không phải tệp \.tar\.gz hợp lệ"):
        call_command("restore", str(existing), stdout=io.StringIO())
