"""Pure rules of the library: the words the index sees and the queries built from typed text."""

from __future__ import annotations

import re

from chidao.core.text import normalize_vn

_WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12


def search_words(*parts: str | None) -> str:
    """Accent-free words joined by single spaces: both databases' tokenizers split them alike
    ("57-NQ/TW" → "57 nq tw", so PostgreSQL's parser never sees a path or a hyphenated word)."""
    return " ".join(_WORD.findall(normalize_vn(" ".join(p for p in parts if p))))


def query_words(text: str | None) -> list[str]:
    return _WORD.findall(normalize_vn(text))[:MAX_QUERY_WORDS]


def fts5_query(words: list[str]) -> str:
    """Every word must occur; the last one may be the start of a word (typing as you search).
    Each word is quoted, so nothing typed is read as FTS5 syntax."""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def ts_query(words: list[str]) -> str:
    """The same query for PostgreSQL's to_tsquery('simple', …)."""
    parts = [f"'{w}'" for w in words]
    parts[-1] += ":*"
    return " & ".join(parts)


def roles_field(roles: list[str] | tuple[str, ...] | set[str]) -> str:
    """The restricted roles as stored: ",a,b," so one role is found with a plain contains."""
    clean = sorted({r.strip() for r in roles if r and r.strip()})
    return f",{','.join(clean)}," if clean else ""


def roles_list(stored: str) -> list[str]:
    return [r for r in stored.split(",") if r]
