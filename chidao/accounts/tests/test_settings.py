"""SECRET_KEY and HTTPS settings, checked in a fresh interpreter as the server would start."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRINT = ("import django, json; from django.conf import settings; django.setup(); print(json.dumps({k: "
         "getattr(settings, k, None) for k in ['SECRET_KEY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
         "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_AGE', "
         "'CHIDAO_SESSION_IDLE_MINUTES']}))")


def run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "CHIDAO_SECRET_KEY_FILE", "DEBUG", "CHIDAO_HTTPS"}}
    base.update({"DJANGO_SETTINGS_MODULE": "chidao.settings", "CHIDAO_DATA_DIR": str(tmp_path / "data")}, **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True,
                          timeout=120)


def test_server_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run("import chidao.wsgi", tmp_path)
    assert result.returncode != 0
    assert "Chưa đặt SECRET_KEY" in result.stderr and "CHIDAO_SECRET_KEY_FILE" in result.stderr


def test_server_starts_with_a_key_from_the_environment(tmp_path: Path) -> None:
    assert run("import chidao.wsgi", tmp_path, SECRET_KEY="k" * 60).returncode == 0


def test_key_file_is_written_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = run(PRINT, tmp_path, CHIDAO_SECRET_KEY_FILE=str(path))
    assert first.returncode == 0, first.stderr
    key = json.loads(first.stdout)["SECRET_KEY"]
    assert len(key) >= 50 and path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = run(PRINT, tmp_path, CHIDAO_SECRET_KEY_FILE=str(path))
    assert json.loads(second.stdout)["SECRET_KEY"] == key
    assert run("import chidao.wsgi", tmp_path, CHIDAO_SECRET_KEY_FILE=str(path)).returncode == 0


@pytest.mark.parametrize("https", ["true", ""])
def test_one_setting_switches_on_https(https: str, tmp_path: Path) -> None:
    result = run(PRINT, tmp_path, SECRET_KEY="k" * 60, CHIDAO_HTTPS=https)
    values = json.loads(result.stdout)
    if https:
        assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] == 31536000
        assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
        assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    else:
        assert not values["SECURE_SSL_REDIRECT"] and not values["SECURE_HSTS_SECONDS"]
        assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CHIDAO_SESSION_IDLE_MINUTES"] == 30 and values["SESSION_COOKIE_AGE"] == 12 * 3600
