"""Backup and restore of one installation: the database, the files directory, the audit and ballot keys.

The archive is one tar file:

    manifest.json            format, version, time, database kind, and the SHA-256 of every member
    database.sqlite3         SQLite: a consistent copy made with SQLite's online backup API
    database.dump            PostgreSQL: `pg_dump -Fc` (custom format, restored with pg_restore)
    files/…                  the evidence and documents (CHIDAO_FILES_DIR)
    audit.key                the audit chain's key when it lives in the data directory (not when
                             CHIDAO_AUDIT_KEY comes from the environment), so a restore verifies
    ballot.key               the key that seals open secret votes' tallies (meetings/seal.py), when it
                             lives in the data directory, so a vote open at the backup can be closed

The archive is written to a temporary file beside OUT, flushed to disk, then renamed: a backup
killed half-way leaves no OUT at all, never a truncated one. A restore checks every member against
the manifest before writing anything, refuses an archive with a member missing, extra or altered,
and writes only into an empty installation (no database tables, no files, no other audit or ballot
key). Treat a backup like the database itself: it holds the audit key and the ballot key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "chidao.backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the administrator (Vietnamese)."""


@dataclass
class BackupResult:
    path: Path
    members: int
    size: int


def _sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return stream_sha256(fh)


def _vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def _pg_env(alias: str) -> dict[str, str]:
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return env


def _pg_args(alias: str) -> list[str]:
    conf = connections[alias].settings_dict
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    return args


def _dump_database(work: Path, alias: str) -> str:
    """Write the database into `work`; return the member's name."""
    vendor = _vendor(alias)
    if vendor == "sqlite":
        target = work / "database.sqlite3"
        conn = connections[alias]
        if conn.in_atomic_block:  # SQLite's backup would wait for our own open write transaction forever
            raise BackupError(_("Không sao lưu được từ bên trong một giao dịch đang mở."))
        conn.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            conn.connection.backup(dest)  # a consistent copy while the server keeps running
        finally:
            dest.close()
        return target.name
    if vendor == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError(_("Không tìm thấy chương trình pg_dump; hãy cài gói postgresql-client."))
        target = work / "database.dump"
        name = connections[alias].settings_dict["NAME"]
        run = subprocess.run(["pg_dump", "-Fc", "--no-owner", "--file", str(target), *_pg_args(alias), str(name)],
                             env=_pg_env(alias), capture_output=True, text=True)
        if run.returncode != 0:
            raise BackupError(_("pg_dump không thành công: %(e)s") % {"e": run.stderr.strip()[:500]})
        return target.name
    raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu loại %(v)s.") % {"v": vendor})


def _files_dir() -> Path:
    return Path(settings.CHIDAO_FILES_DIR)


def _key_file() -> Path | None:
    """The audit key file to carry, when the key comes from it (not from the environment)."""
    if getattr(settings, "CHIDAO_AUDIT_KEY", ""):
        return None
    path = _key_path()
    return path if path.exists() else None


def _key_path() -> Path:
    # The setting, not chidao.audit: the platform layer imports no app above it.
    return Path(getattr(settings, "CHIDAO_AUDIT_KEY_FILE", Path(settings.DATA_DIR) / "audit.key"))


def _ballot_key_file() -> Path | None:
    """The ballot key file to carry, when the key comes from it (not from the environment)."""
    if getattr(settings, "CHIDAO_BALLOT_KEY", ""):
        return None
    path = _ballot_key_path()
    return path if path.exists() else None


def _ballot_key_path() -> Path:
    # The setting, not chidao.meetings.seal, for the same reason as the audit key.
    return Path(getattr(settings, "CHIDAO_BALLOT_KEY_FILE", Path(settings.DATA_DIR) / "ballot.key"))


def _walk(root: Path) -> Iterator[Path]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def backup_create(out: Path, *, alias: str = "default") -> BackupResult:
    out = Path(out)
    if out.exists():
        raise BackupError(_("Tệp %(p)s đã có; hãy chọn tên khác (không ghi đè bản sao lưu cũ).") % {"p": out})
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chidao-backup-") as tmp:
        work = Path(tmp)
        members: dict[str, str] = {}
        sources: list[tuple[str, Path]] = []
        db_member = _dump_database(work, alias)
        sources.append((db_member, work / db_member))
        for path in _walk(_files_dir()):
            sources.append(("files/" + path.relative_to(_files_dir()).as_posix(), path))
        key = _key_file()
        if key is not None:
            sources.append(("audit.key", key))
        ballot_key = _ballot_key_file()
        if ballot_key is not None:
            sources.append(("ballot.key", ballot_key))
        for name, path in sources:
            members[name] = _sha256_file(path)
        manifest = {
            "format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
            "database": {"vendor": _vendor(alias), "member": db_member}, "members": members,
        }
        fd, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
                    tar.addfile(info, io.BytesIO(data))
                    for name, path in sources:
                        tar.add(str(path), arcname=name, recursive=False)
                raw.flush()
                os.fsync(raw.fileno())
            os.chmod(partial, 0o600)
            os.replace(partial, out)  # all or nothing: OUT appears only complete
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return BackupResult(path=out, members=len(members), size=out.stat().st_size)


# --- restore ---------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        fh = tar.extractfile(MANIFEST)
        manifest = json.loads(fh.read().decode("utf-8")) if fh else None
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError(_("Tệp không phải bản sao lưu Chỉ Đạo (thiếu hoặc hỏng manifest.json).")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(_("Tệp không phải bản sao lưu Chỉ Đạo phiên bản %(v)s.") % {"v": VERSION})
    if not isinstance(manifest.get("members"), dict) or not isinstance(manifest.get("database"), dict):
        raise BackupError(_("manifest.json của bản sao lưu không hợp lệ."))
    return manifest


def _verify_members(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    expected: dict[str, str] = manifest["members"]
    seen: set[str] = set()
    for info in tar.getmembers():
        if info.name == MANIFEST:
            continue
        if not info.isfile() or not _safe_name(info.name) or info.name not in expected:
            raise BackupError(_("Bản sao lưu có thành phần lạ “%(n)s”; đã bị sửa đổi, không khôi phục.")
                              % {"n": info.name[:200]})
        if info.name in seen:
            raise BackupError(_("Bản sao lưu có thành phần “%(n)s” lặp lại; không khôi phục.") % {"n": info.name})
        seen.add(info.name)
        fh = tar.extractfile(info)
        assert fh is not None
        if stream_sha256(fh) != expected[info.name]:
            raise BackupError(_("Thành phần “%(n)s” không khớp mã SHA-256 trong manifest: bản sao lưu đã bị "
                                "sửa đổi hoặc hỏng; không khôi phục.") % {"n": info.name})
    missing = set(expected) - seen
    if missing:
        raise BackupError(_("Bản sao lưu thiếu %(n)s thành phần (ví dụ “%(x)s”); không khôi phục.")
                          % {"n": len(missing), "x": sorted(missing)[0]})


def _database_is_empty(alias: str) -> bool:
    vendor = _vendor(alias)
    if vendor == "sqlite":
        path = Path(str(connections[alias].settings_dict["NAME"]))
        if str(path) == ":memory:" or "mode=memory" in str(path):
            return False
        if not path.exists() or path.stat().st_size == 0:
            return True
        con = sqlite3.connect(path)
        try:
            return not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' LIMIT 1").fetchone()
        finally:
            con.close()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' LIMIT 1")
        return cursor.fetchone() is None


def _installation_problems(alias: str, manifest: dict[str, Any], key_member: bool) -> list[str]:
    problems = []
    if not _database_is_empty(alias):
        problems.append(_("cơ sở dữ liệu đích đã có dữ liệu"))
    files = _files_dir()
    if files.exists() and any(files.iterdir()):
        problems.append(_("thư mục tệp %(p)s không trống") % {"p": files})
    if key_member and not getattr(settings, "CHIDAO_AUDIT_KEY", ""):
        if _key_path().exists():
            problems.append(_("đã có khóa nhật ký %(p)s") % {"p": _key_path()})
    if "ballot.key" in manifest["members"] and not getattr(settings, "CHIDAO_BALLOT_KEY", ""):
        if _ballot_key_path().exists():
            problems.append(_("đã có khóa phiếu kín %(p)s") % {"p": _ballot_key_path()})
    if manifest["database"].get("vendor") != _vendor(alias):
        problems.append(_("bản sao lưu là cơ sở dữ liệu %(a)s, nơi khôi phục là %(b)s") % {
            "a": manifest["database"].get("vendor"), "b": _vendor(alias)})
    return problems


def _extract_to(tar: tarfile.TarFile, name: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fh = tar.extractfile(name)
    assert fh is not None
    with target.open("wb") as out:
        shutil.copyfileobj(fh, out, CHUNK)


def backup_restore(archive: Path, *, alias: str = "default") -> dict[str, int]:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(p)s.") % {"p": archive})
    try:
        tar = tarfile.open(archive, mode="r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("Không đọc được tệp sao lưu (không phải tệp .tar.gz hợp lệ): %(e)s") % {"e": exc}) from exc
    with tar:
        manifest = _read_manifest(tar)
        _verify_members(tar, manifest)
        members: dict[str, str] = manifest["members"]
        db_member = manifest["database"].get("member")
        if db_member not in members:
            raise BackupError(_("Bản sao lưu không có cơ sở dữ liệu."))
        problems = _installation_problems(alias, manifest, "audit.key" in members)
        if problems:
            raise BackupError(_("Chỉ khôi phục vào một cài đặt trống; không khôi phục vì: %(p)s.")
                              % {"p": "; ".join(problems)})
        _restore_database(tar, db_member, alias)
        files = _files_dir()
        count = 0
        for name in members:
            if name.startswith("files/"):
                _extract_to(tar, name, files / PurePosixPath(name).relative_to("files"))
                count += 1
        if "audit.key" in members and not getattr(settings, "CHIDAO_AUDIT_KEY", ""):
            _extract_to(tar, "audit.key", _key_path())
            os.chmod(_key_path(), 0o600)
        if "ballot.key" in members and not getattr(settings, "CHIDAO_BALLOT_KEY", ""):
            _extract_to(tar, "ballot.key", _ballot_key_path())
            os.chmod(_ballot_key_path(), 0o600)
    return {"files": count, "members": len(members)}


def _restore_database(tar: tarfile.TarFile, member: str, alias: str) -> None:
    vendor = _vendor(alias)
    if vendor == "sqlite":
        path = Path(str(connections[alias].settings_dict["NAME"]))
        connections[alias].close()
        fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        os.close(fd)
        try:
            _extract_to(tar, member, Path(partial))
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return
    if shutil.which("pg_restore") is None:
        raise BackupError(_("Không tìm thấy chương trình pg_restore; hãy cài gói postgresql-client."))
    with tempfile.TemporaryDirectory(prefix="chidao-restore-") as tmp:
        dump = Path(tmp) / "database.dump"
        _extract_to(tar, member, dump)
        name = connections[alias].settings_dict["NAME"]
        connections[alias].close()
        # One transaction: a failed or killed restore leaves the database empty, as it was.
        run = subprocess.run(["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error",
                              *_pg_args(alias), "--dbname", str(name), str(dump)],
                             env=_pg_env(alias), capture_output=True, text=True)
        if run.returncode != 0:
            raise BackupError(_("pg_restore không thành công: %(e)s") % {"e": run.stderr.strip()[:500]})


def stream_sha256(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()
