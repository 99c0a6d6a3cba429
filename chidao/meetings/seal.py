"""Sealed tallies of an open secret vote: AES-GCM under a key that is not in the database.

`CHIDAO_BALLOT_KEY` (environment) wins; without it a random key is generated once into
`CHIDAO_BALLOT_KEY_FILE` (default `<data dir>/ballot.key`, mode 600) and reused, as the audit key
is (chidao/audit/keys.py). Someone who reads the database after every ballot sees every option's
row rewritten with fresh ciphertext of the same length, and cannot tell which count moved.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_cache: dict[str, bytes] = {}
_NONCE = 12


class SealError(Exception):
    """The sealed tally cannot be opened: the key was lost or changed, or the row was altered."""


class KeyUnavailable(SealError):
    """The key cannot be read (too short, empty, unreadable file): nothing can be sealed or opened."""


def key_file() -> Path:
    return Path(getattr(settings, "CHIDAO_BALLOT_KEY_FILE", Path(settings.DATA_DIR) / "ballot.key"))


def _from_file(path: Path) -> str:
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
        raise KeyUnavailable(f"Khóa phiếu kín trong {path} quá ngắn hoặc rỗng.")
    return value


def ballot_key() -> bytes:
    env = getattr(settings, "CHIDAO_BALLOT_KEY", "") or ""
    if env:
        if len(env) < 32:
            raise KeyUnavailable("CHIDAO_BALLOT_KEY phải dài ít nhất 32 ký tự.")
        secret = env
    else:
        path = key_file()
        cached = _cache.get(str(path))
        if cached is not None:
            return cached
        try:
            secret = _from_file(path)
        except OSError as exc:
            raise KeyUnavailable(f"Không đọc được khóa phiếu kín {path}: {exc}") from exc
    # SHA-256 turns any long secret (hex from the file, or the operator's string) into a 256-bit key.
    key = hashlib.sha256(secret.encode()).digest()
    if not env:
        _cache[str(key_file())] = key
    return key


def ballot_key_forget() -> None:
    """Tests and `restore` change the key file under a running process."""
    _cache.clear()


def _aad(vote_id: int, choice: str) -> bytes:
    # Binds the ciphertext to its row: swapping two options' sealed values fails to open.
    return f"chidao.vote:{vote_id}:{choice}".encode()


def seal_count(*, vote_id: int, choice: str, count: int) -> str:
    """Fresh random nonce every time; fixed-width plaintext so every token has the same length."""
    nonce = os.urandom(_NONCE)
    box = AESGCM(ballot_key()).encrypt(nonce, count.to_bytes(8, "big"), _aad(vote_id, choice))
    return base64.b64encode(nonce + box).decode("ascii")


def unseal_count(*, vote_id: int, choice: str, token: str) -> int:
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
        plain = AESGCM(ballot_key()).decrypt(raw[:_NONCE], raw[_NONCE:], _aad(vote_id, choice))
    except (InvalidTag, ValueError) as exc:
        raise SealError(str(exc) or exc.__class__.__name__) from exc
    return int.from_bytes(plain, "big")
