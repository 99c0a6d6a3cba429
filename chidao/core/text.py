"""Accent-insensitive Vietnamese text: the normal form stored beside searchable columns."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_vn(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d included) and collapse whitespace.

    "Đất đai" and "dat  dai" both become "dat dai", so a search typed without accents finds
    the accented text.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def search_words(q: str | None, *, max_words: int = 10, max_length: int = 60) -> list[str]:
    """The words of a search box, normalized and bounded: each becomes a LIKE pattern, and SQLite
    refuses patterns over 50,000 bytes ("pattern too complex"), so a pasted novel is clipped."""
    # NUL too: PostgreSQL refuses it in any string parameter.
    return [word[:max_length] for word in normalize_vn((q or "")[:1000].replace("\x00", " ")).split()[:max_words]]
