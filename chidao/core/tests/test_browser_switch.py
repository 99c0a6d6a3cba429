"""The switch in the root conftest: browser tests skip without Chromium, except in CI where
CHIDAO_REQUIRE_BROWSER=1 turns the skip into an error so they cannot be skipped silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROBE = "chidao/core/tests/test_browser_switch.py::test_probe_runs_only_with_chromium"


@pytest.mark.browser
def test_probe_runs_only_with_chromium(chromium_path: str) -> None:
    # Reached only when the switch let a browser test run: then the browser is there.
    assert Path(chromium_path).exists()


def run_probe(chromium: str, require: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CHIDAO_REQUIRE_BROWSER"}
    env["CHIDAO_CHROMIUM_PATH"] = chromium
    if require is not None:
        env["CHIDAO_REQUIRE_BROWSER"] = require
    return subprocess.run(
        [sys.executable, "-m", "pytest", PROBE, "-rsE", "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.parametrize("require", [None, "0"])
def test_missing_chromium_skips_with_a_vietnamese_reason(tmp_path: Path, require: str | None) -> None:
    missing = str(tmp_path / "chromium")
    result = run_probe(missing, require)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert f"Chromium không có tại {missing} — bỏ qua kiểm thử trình duyệt" in result.stdout


def test_missing_chromium_fails_when_required(tmp_path: Path) -> None:
    missing = str(tmp_path / "chromium")
    result = run_probe(missing, "1")
    assert result.returncode != 0
    assert "skipped" not in result.stdout
    assert "CHIDAO_REQUIRE_BROWSER=1" in result.stdout


def test_present_chromium_runs_the_test(tmp_path: Path) -> None:
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    result = run_probe(str(present), "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
