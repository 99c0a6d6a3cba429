"""How an official names a document in running text (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

# A title that already starts with one of these reads on without "về" ("Kế hoạch … thực hiện Nghị quyết 57").
_CONTINUES = ("về ", "thực hiện ", "triển khai ", "ban hành ", "phê duyệt ", "quy định ", "sửa đổi ", "bổ sung ",
              "tiếp tục ", "đẩy mạnh ", "tăng cường ", "hướng dẫn ")


def _lower_first(text: str) -> str:
    """Lower the title's first letter unless it opens with a name ("Đà Nẵng", "Bộ Chính trị")."""
    words = text.split()
    if len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def directive_reference(*, kind_label: str, code: str, issued_on: dt.date | None, issuer: str, title: str) -> str:
    """"Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển …": the kind,
    number, date and issuer once each, even when the title repeats them ("Nghị quyết của Bộ Chính trị
    về …")."""
    head = f"{kind_label} số {code}" if code else kind_label
    if issued_on:
        head += f" ngày {issued_on:%d/%m/%Y}"
    if issuer:
        head += f" của {issuer}"
    rest = " ".join(title.split()).rstrip(".;")
    if rest.lower().startswith(kind_label.lower()):
        rest = rest[len(kind_label):].lstrip(" ,:")
        if code and rest.startswith(("số " + code, code)):
            rest = rest.split(code, 1)[1].lstrip(" ,:")
    if issuer and rest.lower().startswith(f"của {issuer}".lower()):
        rest = rest[len(issuer) + 4:].lstrip(" ,:")
    if not rest:
        return head
    rest = _lower_first(rest)
    if rest.lower().startswith("về "):
        rest = rest[3:]
    elif rest.lower().startswith(_CONTINUES):
        return f"{head} {rest}"
    return f"{head} về {rest}"
