"""The key of the audit chain's HMAC, kept apart from SECRET_KEY.

`CHIDAO_AUDIT_KEY` (environment) wins; without it a random key is generated once into
`CHIDAO_AUDIT_KEY_FILE` (default `<data dir>/audit.key`, mode 600) and reused. Someone who can
write the database but not read this key cannot rewrite the chain and hash it again.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_cache: dict[str, bytes] = {}


def key_file() -> Path:
    return Path(getattr(settings, "CHIDAO_AUDIT_KEY_FILE", Path(settings.DATA_DIR) / "audit.key"))


def _from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting together keep the one key that was written first.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
    value = path.read_text().strip()
    if len(value) < 32:
        raise ImproperlyConfigured(f"Khóa nhật ký trong {path} quá ngắn hoặc rỗng.")
    return value.encode()


def audit_key() -> bytes:
    env = getattr(settings, "CHIDAO_AUDIT_KEY", "") or ""
    if env:
        if len(env) < 32:
            raise ImproperlyConfigured("CHIDAO_AUDIT_KEY phải dài ít nhất 32 ký tự.")
        return env.encode()
    path = key_file()
    cached = _cache.get(str(path))
    if cached is None:
        cached = _cache[str(path)] = _from_file(path)
    return cached


def audit_key_forget() -> None:
    """Tests and `restore` change the key file under a running process."""
    _cache.clear()
