"""Builds corpus/reader/{holdout,dev}/*.json from the hand-written sources in corpus/reader/src/*.txt.

    python corpus/reader/tools/build.py            # every source file
    python corpus/reader/tools/build.py src/h1.txt # one file

A source file holds documents, each:

    ### h001
    url: https://...
    issuer: UBND tỉnh Quảng Trị
    kind: ubnd_tinh
    doc: cong_van
    date: 2023-11-23            (or -)
    text:
    <the passage, as published, several lines>
    ---
    A: lead_as_written | lead_unit | lead_group | support;support | deadline | deadline_as_written | output | span
    N: a note on the document (optional)

`-` is null. The span is the exact passage, or "beginning ~~ end" (the first occurrence of the beginning,
then the first occurrence of the end after it). The set is the id's letter: h → holdout, d → dev.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _null(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def _span(text: str, spec: str, doc_id: str) -> str:
    spec = spec.strip()
    if "~~" in spec:
        head, tail = (part.strip() for part in spec.split("~~", 1))
        start = text.find(head)
        if start < 0:
            raise SystemExit(f"{doc_id}: span start not found: {head!r}")
        end = text.find(tail, max(start, start + len(head) - len(tail)))
        if end < 0:
            raise SystemExit(f"{doc_id}: span end not found: {tail!r}")
        return text[start:end + len(tail)]
    if spec not in text:
        raise SystemExit(f"{doc_id}: span not found: {spec!r}")
    return spec


def _document(block: str) -> dict:
    lines = block.split("\n")
    doc_id = lines[0].strip()
    meta: dict[str, str] = {}
    i = 1
    while i < len(lines) and not lines[i].startswith("text:"):
        if lines[i].strip():
            key, _, value = lines[i].partition(":")
            meta[key.strip()] = value.strip()
        i += 1
    i += 1
    text_lines = []
    while i < len(lines) and lines[i].strip() != "---":
        text_lines.append(lines[i])
        i += 1
    text = "\n".join(text_lines).strip("\n")
    assignments, notes = [], []
    for line in lines[i + 1:]:
        if line.startswith("A:"):
            fields = [f.strip() for f in line[2:].split("|")]
            if len(fields) != 8:
                raise SystemExit(f"{doc_id}: an assignment needs 8 fields, got {len(fields)}: {line}")
            written, unit, group, supports, deadline, deadline_written, output, span = fields
            assignments.append({
                "lead_as_written": written,
                "lead_unit": _null(unit),
                "lead_group": _null(group),
                "support_units": [s.strip() for s in supports.split(";") if _null(s)],
                "deadline": _null(deadline),
                "deadline_as_written": _null(deadline_written),
                "expected_output": _null(output),
                "span": _span(text, span, doc_id),
            })
        elif line.startswith("N:"):
            notes.append(line[2:].strip())
    doc = {
        "id": doc_id,
        "source_url": meta["url"],
        "issuer": meta["issuer"],
        "issuer_kind": meta["kind"],
        "doc_kind": meta["doc"],
        "issued_on": _null(meta.get("date", "")),
        "text": text,
        "assignments": assignments,
    }
    if notes:
        doc["note"] = " ".join(notes)
    return doc


def build(path: Path) -> list[str]:
    written = []
    for block in path.read_text(encoding="utf-8").split("### ")[1:]:
        doc = _document(block.strip("\n"))
        folder = {"h": "holdout", "d": "dev"}[doc["id"][0]]
        target = ROOT / folder / f"{doc['id']}.json"
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(doc["id"])
    return written


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "src").glob("*.txt"))
    for p in paths:
        ids = build(p if p.is_absolute() else (Path.cwd() / p))
        print(f"{p.name}: {len(ids)} documents")
