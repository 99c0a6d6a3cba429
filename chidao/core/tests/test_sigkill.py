"""Issue 10: a process killed with SIGKILL in the middle of a plan import, a report submission or a
backup leaves no partial state. Each operation runs in a loop in its own process (killable.py) on
its own SQLite data directory; the test kills it at random moments, several times, and checks after
each kill: the import is all or nothing, every submitted report moved its task and has its audit
event, every backup file present is complete (the manifest's hashes hold), the audit chain verifies.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

WORKER = Path(__file__).with_name("killable.py")
ROOT = WORKER.parents[3]
IMPORT_TASKS = 120  # killable.IMPORT_TASKS (that module sets Django up on import)


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("kill")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIDAO_", "DATABASE_URL"))}
    env.update(CHIDAO_DATA_DIR=str(data), SECRET_KEY="khoa-thu-nghiem-sigkill-" + "x" * 30, PYTHONPATH=str(ROOT))
    for args in (["manage.py", "migrate", "--noinput"], [str(WORKER), "seed"]):
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    (data / "sao-luu").mkdir()
    return env


def _check(env: dict[str, str]) -> dict[str, Any]:
    out = Path(env["CHIDAO_DATA_DIR"]) / "sao-luu"
    done = subprocess.run([sys.executable, str(WORKER), "check", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _kill_during(env: dict[str, str], mode: str, delay: float) -> None:
    out = Path(env["CHIDAO_DATA_DIR"]) / "sao-luu"
    proc = subprocess.Popen([sys.executable, str(WORKER), mode, str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # Django is up; the loop starts now
        assert line.strip() == "ready", (line, proc.stderr.read() if proc.stderr else "")
        time.sleep(delay)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(30)


@pytest.mark.parametrize("mode", ["import", "report", "backup"])
def test_sigkill_mid_operation_leaves_no_partial_state(installation: dict[str, str], mode: str) -> None:
    rng = random.Random(f"sigkill-{mode}")
    for _ in range(3):
        _kill_during(installation, mode, rng.uniform(0.3, 2.5))
        state = _check(installation)
        assert state["audit_intact"]
        # Imports: whole imports only, each with its one group and its one audit event.
        assert state["imported_tasks"] == IMPORT_TASKS * state["import_groups"] == IMPORT_TASKS * state[
            "import_events"]
        # Submissions: each submitted report has its event, and the task shows the last one.
        assert state["submitted"] == state["submit_events"]
        assert state["task_progress"] == state["last_progress"]
        # Backups: every file with the final name is complete.
        assert all(b == "ok" for b in state["backups"]), state["backups"]
    # The loops did run between kills (else the kills tested nothing).
    done = {"import": state["import_groups"], "report": state["submitted"], "backup": len(state["backups"])}
    assert done[mode] >= 1, state
