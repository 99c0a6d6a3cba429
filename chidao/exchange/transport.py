"""Pushing an exchange file to another system, safely.

- https only; http only for hosts listed in `CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS`;
- the host is resolved and every address must be public (no private, loopback, link-local,
  multicast or reserved address) unless the host is listed in that same setting, checked when the
  target is saved and again at each send, and the connection goes to the address just checked
  (a DNS answer that changes in between cannot redirect the push inside the network);
- redirects are never followed (http.client does not follow them; a 3xx is a failed attempt);
- errors name a category, never the other side's answer or the socket's own words (those would
  let someone probe internal hosts and ports from the delivery log);
- the bearer token is encrypted at rest with Fernet, under a key of its own (`CHIDAO_EXCHANGE_KEY`,
  or a key file `exchange.key` in the data directory, made on first use), not SECRET_KEY.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import os
import socket
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
TOKEN_PREFIX = "fernet:"
MAX_TOKEN_LENGTH = 200


class PushRefused(Exception):
    """The target is not allowed, or the send failed; `message` is safe to show and to log."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allowed_hosts() -> set[str]:
    raw = getattr(settings, "CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS", ()) or ()
    if isinstance(raw, str):
        raw = raw.split(",")
    return {h.strip().lower().strip("[]") for h in raw if h.strip()}


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise PushRefused(_("Địa chỉ nhận không hợp lệ.")) from exc
    if parts.scheme not in ("http", "https") or not host:
        raise PushRefused(_("Địa chỉ nhận phải có dạng https://tên-máy/đường-dẫn."))
    if parts.username or parts.password:
        raise PushRefused(_("Địa chỉ nhận không được chứa tên đăng nhập, mật khẩu; hãy dùng mã xác thực."))
    return parts.scheme, host, port


def push_url_check(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for an allowed target, or PushRefused."""
    scheme, host, port = _split(url)
    trusted = host in allowed_hosts()
    if scheme == "http" and not trusted:
        raise PushRefused(_("Chỉ gửi qua https://; http:// chỉ dùng được cho máy chủ được quản trị cho phép "
                            "(CHIDAO_EXCHANGE_HTTP_ALLOWED_HOSTS)."))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise PushRefused(_("Không tìm thấy máy chủ “%(h)s” (tên miền không phân giải được).") % {"h": host}) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise PushRefused(_("Không tìm thấy máy chủ “%(h)s”.") % {"h": host})
    if not trusted and not all(_public(a) for a in addresses):
        raise PushRefused(_("Địa chỉ nhận trỏ vào mạng nội bộ (địa chỉ riêng, loopback, link-local hoặc dành "
                            "riêng); hệ thống không gửi tới đó trừ khi quản trị cho phép máy chủ này."))
    return scheme, host, port, addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, the connection goes to the checked address.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def http_send(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST once to an allowed target; the status code (a 3xx is returned, never followed)."""
    scheme, host, port, address = push_url_check(url)
    timeout = float(getattr(settings, "CHIDAO_PUSH_TIMEOUT_SECONDS", 20))
    parts = urlsplit(url.strip())
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = cls(host, port, address, timeout)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(0)  # the other side's answer is not read, kept or shown
        return int(response.status)
    except ssl.SSLError as exc:
        logger.warning("exchange push to %s: TLS error %s", host, exc.__class__.__name__)
        raise PushRefused(_("Lỗi kết nối bảo mật (TLS) với nơi nhận: chứng chỉ không hợp lệ hoặc không khớp.")) from exc
    except TimeoutError as exc:
        logger.warning("exchange push to %s: timeout", host)
        raise PushRefused(_("Nơi nhận không trả lời trong thời gian chờ.")) from exc
    except (OSError, http.client.HTTPException) as exc:
        logger.warning("exchange push to %s: %s", host, exc.__class__.__name__)
        raise PushRefused(_("Không kết nối được tới nơi nhận.")) from exc
    finally:
        conn.close()


# --- the token at rest -------------------------------------------------------------------------

def _key() -> bytes:
    configured = getattr(settings, "CHIDAO_EXCHANGE_KEY", "") or os.environ.get("CHIDAO_EXCHANGE_KEY", "")
    if configured:
        return configured.encode() if isinstance(configured, str) else configured
    from cryptography.fernet import Fernet

    path = Path(getattr(settings, "CHIDAO_EXCHANGE_KEY_FILE", "") or Path(settings.DATA_DIR) / "exchange.key")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
    return path.read_bytes().strip()


def token_encrypt(token: str) -> str:
    from cryptography.fernet import Fernet

    if not token:
        return ""
    return TOKEN_PREFIX + Fernet(_key()).encrypt(token.encode()).decode()


def token_decrypt(stored: str) -> str:
    """The token as sent; a value stored before encryption (no prefix) is returned as it is."""
    from cryptography.fernet import Fernet, InvalidToken

    if not stored.startswith(TOKEN_PREFIX):
        return stored
    try:
        return Fernet(_key()).decrypt(stored[len(TOKEN_PREFIX):].encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise PushRefused(_("Không giải mã được mã xác thực của nơi nhận (khóa CHIDAO_EXCHANGE_KEY đã đổi?); "
                            "hãy nhập lại mã xác thực.")) from exc
