"""Fold the standalone benchmarks' results into bench/results/latest.json.

`make bench` runs the HTTP runner (bench.run, which writes latest.json) and then the standalone
scenarios, each writing its own file; this puts them all under "scenarios" by the names the
issues give, each with p50_ms / p95_ms / n / target_p95_ms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def main() -> None:
    latest = _load("latest.json") or {"scenarios": {}, "dataset": {}}
    scenarios = latest.setdefault("scenarios", {})
    if documents := _load("documents.json"):
        for name, r in documents.get("results", {}).items():
            scenarios[name] = {"p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"], "n": r.get("runs") or r.get("n"),
                               "target_p95_ms": r.get("target_ms"), "result": "PASS" if r.get("ok") else "OVER",
                               "what": f"bench.documents, {documents.get('tasks')} tasks"}
    if members := _load("members.json"):
        for name, r in members.get("results", {}).items():
            scenarios[name] = {"p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"], "n": r.get("n"),
                               "target_p95_ms": r.get("target_ms"),
                               "result": ("PASS" if r.get("ok") else "OVER") if "target_ms" in r else "INFO",
                               "what": f"bench.members, {members.get('members')} members, GET /cua-toi/"}
    if reminders := _load("reminders_day.json"):
        scenarios["reminders_day"] = {
            "p50_ms": reminders["p50_ms"], "p95_ms": reminders["p95_ms"], "n": 1,
            "target_p95_ms": reminders.get("target_p95_ms"), "result": "PASS" if reminders.get("ok") else "OVER",
            "what": f"one worker day of reminders and e-mail for {reminders.get('tasks')} tasks",
        }
    if chair := _load("follow_the_chair.json"):
        last = chair["last_follower_ms"]
        scenarios["follow_the_chair"] = {
            "p50_ms": last["p50"], "p95_ms": last["p95"], "n": chair.get("rounds"),
            "target_p95_ms": chair.get("target_p95_ms"), "result": "PASS" if chair.get("passed") else "OVER",
            "what": f"{chair.get('followers')} followers: chair's click to the last follower seeing it",
        }
        if fallback := chair.get("fallback"):
            last = fallback["last_follower_ms"]
            scenarios["follow_the_chair_poll"] = {
                "p50_ms": last["p50"], "p95_ms": last["p95"], "n": fallback.get("rounds"),
                "target_p95_ms": fallback.get("target_p95_ms"),
                "result": "PASS" if fallback.get("passed") else "OVER",
                "what": f"{fallback.get('followers')} followers polling (the fallback when the push is cut)",
            }
    if library := _load("library.json"):
        for name, r in library.get("results", {}).items():
            scenarios[name] = {**r, "what": f"bench.library, {library.get('docs')} documents, "
                                            f"{library.get('members')} members"}
    (RESULTS / "latest.json").write_text(json.dumps(latest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{'scenario':<22} {'p50 ms':>10} {'p95 ms':>10} {'target':>8}  result")
    for name, r in scenarios.items():
        print(f"{name:<22} {r.get('p50_ms')!s:>10} {r.get('p95_ms')!s:>10} {r.get('target_p95_ms')!s:>8}  "
              f"{r.get('result') or ''}")


if __name__ == "__main__":
    main()
