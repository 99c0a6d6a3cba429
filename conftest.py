"""Shared test fixtures: two units and a person of every role, built through the services.

Domain data is never inserted with the ORM here: every unit, person, directive, task and report
goes through the same services the views call, so the fixtures also exercise validation and audit.

Browser tests (`@pytest.mark.browser`) drive Debian's Chromium. Where it is missing they are
skipped, unless `CHIDAO_REQUIRE_BROWSER=1` (CI), where a missing browser is an error instead, so
the browser suite can never be skipped silently.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

# CI draws the same property-test examples on every run, so whether a submission lands never
# depends on luck; a local run draws new ones each time and so keeps exploring.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Overridable so the switch itself can be tested; the default is Debian's package path.
CHROMIUM_PATH = os.environ.get("CHIDAO_CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "MatKhau!2025"


# ---------------------------------------------------------------------------------------------
# The browser-test switch
# ---------------------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("redis") is not None and not os.environ.get("CHIDAO_TEST_REDIS_URL"):
        # .ci/run starts a Redis and requires these tests; elsewhere they need one named.
        if os.environ.get("CHIDAO_REQUIRE_REDIS") == "1":
            pytest.fail("CHIDAO_REQUIRE_REDIS=1 nhưng chưa đặt CHIDAO_TEST_REDIS_URL: kiểm thử Redis là bắt buộc.",
                        pytrace=False)
        pytest.skip("Chưa đặt CHIDAO_TEST_REDIS_URL (ví dụ redis://127.0.0.1:6390/0) — bỏ qua kiểm thử Redis")
    if item.get_closest_marker("browser") is None:
        return
    if Path(CHROMIUM_PATH).exists():
        return
    message = f"Chromium không có tại {CHROMIUM_PATH} — bỏ qua kiểm thử trình duyệt"
    if os.environ.get("CHIDAO_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"Chromium không có tại {CHROMIUM_PATH} nhưng CHIDAO_REQUIRE_BROWSER=1: "
            "kiểm thử trình duyệt là bắt buộc, không được bỏ qua.",
            pytrace=False,
        )
    pytest.skip(message)


@pytest.fixture
def chromium_path() -> str:
    return CHROMIUM_PATH


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    """PBKDF2 costs ~0.3 s per person; tests log in with the same password through a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor_waived(settings: Any) -> None:
    """Tests sign admins and leaders in through the form with the password alone; the second factor's
    own tests (chidao/accounts/tests) turn the requirement back on."""
    settings.CHIDAO_SECOND_FACTOR_ENFORCED = False


@pytest.fixture(autouse=True)
def fresh_caches() -> Any:
    """Each test starts with empty caches: an entry left by another test's database must not leak."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def files_dir(settings: Any, tmp_path: Path) -> Path:
    """Evidence files go to a fresh directory per test, never to the real data directory."""
    path = tmp_path / "files"
    settings.CHIDAO_FILES_DIR = path
    return path


def pdf_bytes(text: str = "Báo cáo kết quả") -> bytes:
    """A minimal but well-formed one-page PDF (filetype only needs the %PDF magic)."""
    body = text.encode("utf-8")
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        b"% " + body + b"\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def docx_bytes(text: str = "Kế hoạch triển khai") -> bytes:
    """A docx as Word writes it: `[Content_Types].xml` first, then `word/document.xml`
    (filetype recognises a docx by these entry names at the start of the zip)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


def elf_bytes() -> bytes:
    """The start of a Linux executable."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def mz_bytes() -> bytes:
    """The start of a Windows executable."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture
def make_pdf() -> Callable[..., SimpleUploadedFile]:
    def make(name: str = "bao-cao-ket-qua.pdf", text: str = "Báo cáo kết quả") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")

    return make


@pytest.fixture
def make_docx() -> Callable[..., SimpleUploadedFile]:
    def make(name: str = "ke-hoach.docx", text: str = "Kế hoạch triển khai") -> SimpleUploadedFile:
        return SimpleUploadedFile(
            name, docx_bytes(text),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )

    return make


@pytest.fixture
def make_exe_pdf() -> Callable[..., SimpleUploadedFile]:
    """An executable renamed to look like a PDF (ELF by default, `windows=True` for MZ)."""

    def make(name: str = "minh-chung.pdf", windows: bool = False) -> SimpleUploadedFile:
        content = mz_bytes() if windows else elf_bytes()
        # The browser would claim application/pdf from the name; the server must not trust it.
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


# ---------------------------------------------------------------------------------------------
# Units and people
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def standing_office(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="vptu", name="Văn phòng Thành ủy", kind="standing_office",
                       short_name="VPTU")


@pytest.fixture
def unit_a(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="so-khcn", name="Sở Khoa học và Công nghệ", kind="department",
                       short_name="Sở KH&CN", aliases=["Sở KHCN"])


@pytest.fixture
def unit_b(db: None) -> Any:
    from chidao.orgs.services import unit_create

    return unit_create(actor=None, code="phuong-hai-chau", name="Phường Hải Châu", kind="commune")


def _person(username: str, role: str, full_name: str, unit: Any = None, job_title: str = "") -> Any:
    from chidao.orgs.services import user_create

    return user_create(actor=None, username=username, password=PASSWORD, role=role, full_name=full_name,
                       unit=unit, job_title=job_title)


@pytest.fixture
def admin(db: None) -> Any:
    return _person("quantri", "admin", "Quản trị hệ thống")


@pytest.fixture
def leader(db: None) -> Any:
    return _person("truongban", "leader", "Nguyễn Văn Trưởng", job_title="Trưởng ban")


@pytest.fixture
def secretariat(standing_office: Any) -> Any:
    return _person("thuongtruc", "secretariat", "Lê Thị Thường Trực", standing_office, "Chuyên viên")


@pytest.fixture
def member(db: None) -> Any:
    return _person("thanhvien", "member", "Phạm Văn Thành Viên", job_title="Ủy viên")


@pytest.fixture
def head_a(unit_a: Any) -> Any:
    return _person("giamdoc_khcn", "unit_head", "Trần Văn Giám Đốc", unit_a, "Giám đốc Sở")


@pytest.fixture
def officer_a(unit_a: Any) -> Any:
    return _person("chuyenvien_khcn", "unit_officer", "Hoàng Thị Chuyên Viên", unit_a, "Chuyên viên")


@pytest.fixture
def head_b(unit_b: Any) -> Any:
    return _person("chutich_haichau", "unit_head", "Võ Văn Chủ Tịch", unit_b, "Chủ tịch UBND phường")


@pytest.fixture
def officer_b(unit_b: Any) -> Any:
    return _person("congchuc_haichau", "unit_officer", "Đặng Thị Công Chức", unit_b, "Công chức")


# ---------------------------------------------------------------------------------------------
# Directives, tasks, reports
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def directive(secretariat: Any) -> Any:
    from chidao.directives.services import directive_create

    return directive_create(
        actor=secretariat, code="57-NQ/TW", kind="resolution",
        title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        issuer="Bộ Chính trị", issued_on=dt.date(2024, 12, 22),
    )


@pytest.fixture
def make_task(directive: Any, secretariat: Any, unit_a: Any) -> Callable[..., Any]:
    """Create a task through `task_create`, assigned and led by unit_a unless told otherwise.

    Defaults are relative to the real today (assigned 30 days ago, due in 60 days) so a task
    made without dates is open on time for views that use today; pass dates for anything else.
    """
    from chidao.directives.services import task_create

    counter = {"n": 0}

    def make(**kw: Any) -> Any:
        counter["n"] += 1
        today = timezone.localdate()
        kind = kw.get("kind", "deadline")
        params: dict[str, Any] = {
            "actor": secretariat,
            "directive": directive,
            "title": f"Nhiệm vụ thử nghiệm số {counter['n']}",
            "lead_unit": unit_a,
            "assign": True,
            "expected_output": "Báo cáo kết quả thực hiện",
        }
        if kind == "deadline":
            params["due_on"] = today + dt.timedelta(days=60)
        params.update(kw)
        if params["assign"] and "assigned_on" not in kw:
            due = params.get("due_on")
            assigned = today - dt.timedelta(days=30)
            params["assigned_on"] = min(assigned, due) if due else assigned
        return task_create(**params)

    return make


@pytest.fixture
def unit_people(head_a: Any, officer_a: Any, head_b: Any, officer_b: Any) -> dict[int, tuple[Any, Any]]:
    """unit id → (officer, head), to act for whichever unit leads a task."""
    return {officer_a.unit_id: (officer_a, head_a), officer_b.unit_id: (officer_b, head_b)}


@pytest.fixture
def submit_report(unit_people: dict[int, tuple[Any, Any]]) -> Callable[..., Any]:
    """Draft (by the lead unit's officer) and submit (by its head) a progress report on `on`."""
    from chidao.reporting.services import report_draft_create, report_submit

    def submit(
        task: Any,
        *,
        on: dt.date | None = None,
        progress: int = 50,
        claim: bool = False,
        output_document: str = "",
        files: Sequence[Any] = (),
        results: str = "Đã triển khai theo kế hoạch",
    ) -> Any:
        officer, head = unit_people[task.lead_unit_id]
        report = report_draft_create(
            actor=officer, task=task, progress=100 if claim else progress, results=results,
            claims_completion=claim, output_document=output_document or ("123/QĐ-UBND" if claim and not files
                                                                           else ""),
            files=files,
        )
        return report_submit(actor=head, report=report, on=on)

    return submit


@pytest.fixture
def complete_task(submit_report: Callable[..., Any], secretariat: Any) -> Callable[..., Any]:
    """Claim completion on `on` and have the standing office accept it: completed_on == on."""
    from chidao.reporting.services import report_review

    def complete(task: Any, *, on: dt.date) -> Any:
        report = submit_report(task, on=on, claim=True)
        report_review(actor=secretariat, report=report, accept=True)
        task.refresh_from_db()
        return task

    return complete
