"""No input ever gives a 5xx (DESIGN §6): every page, form and endpoint, as each demo role, with bad values.

The endpoints are discovered, not listed: every URL pattern of the project (Django's admin aside) is
a test case. Real URL arguments and each form's field names come from crawling the demo's pages as
the office, a unit and a leader; every pattern also gets made-up ids. Hypothesis then sends GET and
POST requests whose fields hold out-of-range and huge numbers, long strings, impossible dates,
unknown choices and ids, format characters, NUL bytes and zero-width characters, as a role drawn
at random, and asserts the answer is never a server error (the client re-raises the exception, so
a failure shows its traceback). CHIDAO_FUZZ_EXAMPLES sets the number of examples per endpoint.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("CHIDAO_FUZZ_EXAMPLES", "8"))
ROLES = ["quantri", "lanhdao", "thuongtruc", "khcn.truong", "khcn.cv", "haichau.truong", "haichau.cv", "thanhvien"]
# Admin (Django's own), the API (schemathesis covers it: test_api_schema.py) and logout are left out.
SKIP_PREFIXES = ("quan-tri-django/", "api/v1/")
SKIP_NAMES = {"logout"}

# Bad values by kind; a kind is drawn first, so numbers are as likely as long strings.
BAD = {
    "numbers": ["-1", "-5", "0", "101", "150", "1e309", "-1e309", "NaN", "Infinity", str(10**100), str(-(10**100)),
                str(2**31), str(2**63), str(2**64), "1.5", "1,5", "1.50.000", "99999999999999999999", "-0"],
    "dates": ["31/02/2025", "0/0/0", "2025-13-45", "99/99/9999", "01/01/0001", "31/12/9999", "29/02/2023",
              "2025-02-31T25:61", "15/06/10000"],
    "texts": ["", " ", "abc", "x" * 100_000, "Đà Nẵng " * 2000, "A\nB", "\r\nBcc: x@y", "<script>alert(1)</script>",
              "' OR 1=1 --", "../../etc/passwd", "true", "[]", '{"a": 1}'],
    "formats": ["%", "%s", "%(x)s", "%d", "{}", "{0}", "{x}", "100%", "%%"],
    "control": ["\x00", "a\x00b", "\u200b", "\u200b1\u200d", "\ufeff", "١٢٣", "\x1b[2J", "\ud7ff"],
    "ids": ["0", "-1", "abc", "9223372036854775808", "2147483648", "1 OR 1", "1.0"],
}
BAD_VALUES = [v for values in BAD.values() for v in values]
# Every field of every form gets each of these once, before the random examples.
SWEEP = ["-5", "1e309", str(10**100), "%(x)s", "a\x00b\u200b", "31/02/2025", "x" * 100_000]
GENERIC_PARAMS = ["page", "q", "status", "year", "month", "unit", "directive", "field", "offset", "limit", "sort",
                  "period", "tab", "count", "next", "kind", "state", "due_from", "due_to", "round", "task"]
ODD_IDS = ["0", "1", "2", "3", "7", "25", "2147483648", "9223372036854775808", "99999999999999999999999"]


@dataclass
class FormSpec:
    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    files: set[str] = field(default_factory=set)


@dataclass
class Catalogue:
    # (role, url name) → URL arguments that role reached by following links
    kwargs: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    post: dict[str, FormSpec] = field(default_factory=lambda: defaultdict(FormSpec))
    get: dict[str, FormSpec] = field(default_factory=lambda: defaultdict(FormSpec))


class _Forms(HTMLParser):
    """Links, and each form's action, method and fields (with the values the page offers)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        for attr in ("hx-get", "hx-post"):
            if a.get(attr, "").startswith("/"):
                self.links.append(a[attr])
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {},
                          "files": set()}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") == "file":
                self._form["files"].add(name)
            else:
                self._form["fields"].setdefault(name, []).append(a.get("value", "") or _plausible(a))
        elif tag == "textarea" and name:
            self._form["fields"].setdefault(name, []).append("Nội dung thử nghiệm")
        elif tag == "select" and name:
            self._select = name
            self._form["fields"].setdefault(name, [])
        elif tag == "option" and self._select:
            self._form["fields"][self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def _plausible(attrs: dict[str, str]) -> str:
    """A value a careful user would type in an empty field, so the bad values reach the deep checks."""
    kind, hint = attrs.get("type", "text"), attrs.get("placeholder", "") + attrs.get("inputmode", "")
    if kind == "checkbox":
        return "on"
    if kind == "number":
        return attrs.get("min") or "5"
    if "dd/mm" in hint:
        return "15/06/2026"
    if "decimal" in hint:
        return "85,5"
    if "numeric" in hint or "đ" in hint:
        return "1.500.000"
    if kind in ("datetime-local",):
        return "2026-06-15T09:00"
    if kind == "date":
        return "2026-06-15"
    return "Thử nghiệm"


def url_patterns() -> list[tuple[str, str]]:
    """(name, route) of every view of the project, Django's admin and the API aside."""
    out: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for p in resolver.url_patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                # A namespaced app's names are reversed as "members:my_page".
                walk(p, route, namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name and not route.startswith(SKIP_PREFIXES) \
                    and p.name not in SKIP_NAMES:
                out.append((namespace + p.name, route))

    walk(get_resolver(), "", "")
    return sorted(set(out))


PATTERNS = url_patterns()


def _crawl(clients: dict[str, Client]) -> Catalogue:
    cat = Catalogue()
    for username in ROLES:
        seen_kwargs: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
        client = clients[username]
        queue = ["/", *[reverse(name) for name, route in PATTERNS if "<" not in route and "(" not in route]]
        visited: set[str] = set()
        per_name: dict[str, int] = defaultdict(int)
        while queue and len(visited) < 180:
            path = queue.pop(0)
            bare = urlsplit(path).path
            if path in visited:
                continue
            try:
                match = resolve(bare)
            except Resolver404:
                continue
            if not match.url_name or per_name[match.view_name] >= 2:
                continue
            per_name[match.view_name] += 1
            visited.add(path)
            key = tuple(sorted(match.kwargs.items()))
            if match.kwargs and key not in seen_kwargs[match.view_name]:
                seen_kwargs[match.view_name].add(key)
                cat.kwargs[username, match.view_name].append(dict(match.kwargs))
            if match.view_name in SKIP_NAMES or bare.startswith("/" + SKIP_PREFIXES[0]):
                continue
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode("utf-8", "replace"))
            queue.extend(parser.links)
            for form in parser.forms:
                action = urlsplit(form["action"] or bare)
                try:
                    target = resolve(action.path)
                except Resolver404:
                    continue
                if not target.url_name:
                    continue
                key = tuple(sorted(target.kwargs.items()))
                if target.kwargs and key not in seen_kwargs[target.view_name]:
                    seen_kwargs[target.view_name].add(key)
                    cat.kwargs[username, target.view_name].append(dict(target.kwargs))
                spec = cat.post[target.view_name] if form["method"] == "post" else cat.get[target.view_name]
                for name, values in form["fields"].items():
                    spec.fields[name].extend(v for v in values if v not in spec.fields[name])
                for name, value in parse_qsl(action.query):
                    spec.fields[name].append(value)
                spec.files |= form["files"]
    return cat


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-files")


@pytest.fixture(autouse=True)
def files_dir(settings: Any, demo_files: Path) -> Path:  # overrides the conftest's fresh directory per test
    settings.CHIDAO_FILES_DIR = demo_files
    return demo_files


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, demo_files: Path) -> Any:
    """The Đà Nẵng demo, seeded once for the module inside a transaction rolled back at the end."""
    from django.test import override_settings

    from chidao.demo.testing import demo_seeded

    with django_db_blocker.unblock(), override_settings(
        CHIDAO_FILES_DIR=demo_files, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = demo_seeded()
            clients = {}
            for username in ROLES:
                client = Client(raise_request_exception=True)
                client.force_login(data["people"][username])
                clients[username] = client
            catalogue = _crawl(clients)
            yield data, catalogue
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _kwargs_strategy(name: str, route: str, cat: Catalogue, role: str) -> st.SearchStrategy[dict[str, Any]]:
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return st.just({})
    made_up = st.fixed_dictionaries({
        p: (st.sampled_from(ODD_IDS) if conv in ("int", "") else st.sampled_from(
            ["open", "close", "cast", "ket-thuc", "x", "a" * 60, "0"])) for conv, p in params
    })
    own = cat.kwargs.get((role, name)) or []
    anyone = [k for (r, n), ks in cat.kwargs.items() if n == name for k in ks]
    options = [st.sampled_from(own)] * 4 if own else []
    if anyone:
        options.append(st.sampled_from(anyone))  # someone else's object: a 403/404, never a 500
    return st.one_of(*options, made_up)


def _bad_value() -> st.SearchStrategy[Any]:
    one = st.sampled_from(sorted(BAD)).flatmap(lambda kind: st.sampled_from(BAD[kind])) | st.text(max_size=20)
    return st.one_of(one, one, one, st.lists(one, min_size=2, max_size=3))


def _fields_strategy(spec: FormSpec | None, generic: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Every field of the form with a plausible value, then either one field or each field with
    probability ½ replaced with a bad value (form fields checked one by one still all get tried)."""
    good = {name: [v for v in samples if v] or [""] for name, samples in (spec.fields.items() if spec else [])
            if name != "csrfmiddlewaretoken"}
    keys = sorted(set(good) | (set(GENERIC_PARAMS) if generic or not good else set()))
    base = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in good.items()})
    one = st.sampled_from(keys).flatmap(lambda k: st.fixed_dictionaries({k: _bad_value()}))
    every = st.fixed_dictionaries({}, optional={k: _bad_value() for k in keys})
    return st.tuples(base, st.one_of(one, every)).map(lambda t: {**t[0], **t[1]})


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


FILE_BODIES = st.sampled_from([
    ("a.xlsx", b"PK\x03\x04 not really a zip"), ("a.pdf", b"%PDF-1.4\n%%EOF\n"), ("a.exe", b"MZ\x90\x00"),
    ("a.json", b"{\"format\": \"chidao.exchange\", \"version\": 1, \"tasks\": 5}"), ("a.txt", b""),
    ("a.docx", b"\x00" * 64), ("a.json", b"\xff\xfe"),
])


def _sweep(name: str, cat: Catalogue, spec: FormSpec, people: dict[str, Any], method: str) -> int:
    """Each field of the form, one at a time, with each SWEEP value, the others plausible; as a role
    that reaches the form. Returns the number of requests sent."""
    good = {n: ([v for v in samples if v] or [""])[0] for n, samples in spec.fields.items()
            if n != "csrfmiddlewaretoken"}
    sent = 0
    for (role, n), kwargs_list in sorted(cat.kwargs.items()):
        if n != name:
            continue
        client = Client(raise_request_exception=True)
        client.force_login(people[role])
        url = reverse(name, kwargs=kwargs_list[0])
        if client.get(url).status_code not in (200, 302, 405):
            continue
        break
    else:
        client = Client(raise_request_exception=True)
        client.force_login(people["thuongtruc"])
        try:
            url = reverse(name)
        except NoReverseMatch:
            return 0
    send = client.post if method == "post" else client.get
    for field_name in sorted(good):
        for value in SWEEP:
            response = send(url, {**good, field_name: value})
            sent += 1
            assert response.status_code < 500, (name, field_name, repr(value)[:80])
    return sent


@pytest.mark.parametrize("name, route", PATTERNS, ids=[n for n, _ in PATTERNS])
def test_no_server_error_on_any_input(demo: Any, name: str, route: str) -> None:
    data, cat = demo
    post_spec = cat.post.get(name)
    get_spec = cat.get.get(name)
    if post_spec:
        _sweep(name, cat, post_spec, data["people"], "post")
    if get_spec:
        _sweep(name, cat, get_spec, data["people"], "get")
    # Mostly the roles that reach the page by its links (so the request gets past the permission check).
    reaching = sorted({role for (role, n) in cat.kwargs if n == name}) or ROLES
    roles = st.one_of(st.sampled_from(reaching), st.sampled_from(reaching), st.sampled_from(reaching),
                      st.sampled_from(ROLES))
    request = roles.flatmap(lambda role: st.fixed_dictionaries({
        "role": st.just(role),
        "kwargs": _kwargs_strategy(name, route, cat, role),
        "method": st.sampled_from(["get", "post", "post", "post"] if post_spec else ["get", "get", "post"]),
        "get": _fields_strategy(get_spec, generic=True),
        "post": _fields_strategy(post_spec, generic=False),
        "files": st.lists(FILE_BODIES, max_size=1),
    }))

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(request)
    def check(req: dict[str, Any]) -> None:
        client = Client(raise_request_exception=True)
        client.force_login(data["people"][req["role"]])
        try:
            url = reverse(name, kwargs=req["kwargs"])
        except NoReverseMatch:
            return
        if req["method"] == "get":
            response = client.get(url, req["get"])
        else:
            body = dict(req["post"])
            for field_name in (post_spec.files if post_spec else set()):
                for file_name, content in req["files"]:
                    body[field_name] = _upload(file_name, content)
            response = client.post(url, body)
        if os.environ.get("CHIDAO_FUZZ_TRACE"):
            print("TRACE", name, req["role"], req["method"], url, response.status_code, repr(req["post"])[:200])
        assert response.status_code < 500, (name, repr(req)[:2000])

    check()


def test_every_view_is_fuzzed_and_forms_were_found(demo: Any) -> None:
    """The discovery found the forms, so the fuzzing above is not sending blind requests."""
    _data, cat = demo
    names = {n for n, _ in PATTERNS}
    assert len(names) > 90
    found = set(cat.post) & names
    # A few forms every demo shows: a report, a target, a disbursement, the meeting conclusions.
    for wanted in ("report_create", "indicator_target_create", "disbursement_create", "directive_create",
                   "task_create", "meeting_create"):
        assert wanted in found, (wanted, sorted(found))
    assert len(found) >= 30, sorted(found)


