"""The extension point through which other apps add to the reports and the spreadsheet exports.

An installed app contributes by shipping a module `<app>/report_hooks.py` with any of:

    def consolidated_report_sections(*, user, directive, as_of, round_id) -> list[ReportSection]
        Sections of the consolidated report (results of a round, indicators, projects…), placed
        after the unit ranking, numbered in order.
    def unit_ranking(*, user, directive, as_of, round_id) -> ReportSection | None
        The supervision app's scorecard ranking; replaces the ranking by completion rate.
    def round_resolve(*, round_id) -> RoundInfo | None
        A reporting round's label, report day and directive, for `report_docx --round`;
        `task_filter` (a Q on Task) narrows the report to the round's tasks.
    def round_choices(*, directive) -> list[tuple[int, str]]
        The rounds offered by the consolidated report form.
    def xlsx_exports() -> list[XlsxExport]
        More spreadsheets offered on the export page (round status, indicators, projects).
    def exchange_indicator_values(*, directive) -> list[dict]
        Indicator values for the JSON exchange file.

Nothing here imports those apps: whatever `django.apps.apps` says is installed is asked, so the
reports grow by themselves when supervision and results land.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps

HOOK_MODULE = "report_hooks"


@dataclass
class ReportSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RoundInfo:
    label: str
    as_of: dt.date
    directive_id: int | None = None
    period_from: dt.date | None = None
    task_filter: Any = None  # a Q on Task: the round's tasks only


@dataclass(frozen=True)
class XlsxExport:
    key: str
    label: str
    # (user, directive or None, today, params) -> (title, filter lines, column headers, rows); a header
    # may be an `xlsx.Column` (typed: dates, integers, percentages) or a plain string (text).
    build: Callable[..., tuple[str, list[str], list[Any], list[list[Any]]]]
    # False: offered on its own page (a round, a dashboard), not in the directive's export list.
    listed: bool = True


def hook_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        name = f"{config.name}.{HOOK_MODULE}"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


def _call_all(function: str, **kwargs: Any) -> list[Any]:
    results = []
    for module in hook_modules():
        hook = getattr(module, function, None)
        if hook is not None:
            results.append(hook(**kwargs))
    return results


def report_sections(**kwargs: Any) -> list[ReportSection]:
    return [section for result in _call_all("consolidated_report_sections", **kwargs) for section in result or []]


def ranking_override(**kwargs: Any) -> ReportSection | None:
    return next((r for r in _call_all("unit_ranking", **kwargs) if r is not None), None)


def round_resolve(round_id: int) -> RoundInfo | None:
    return next((r for r in _call_all("round_resolve", round_id=round_id) if r is not None), None)


def round_choices(directive: Any) -> list[tuple[int, str]]:
    return [c for r in _call_all("round_choices", directive=directive) for c in r or []]


def round_support_installed() -> bool:
    return any(hasattr(m, "round_resolve") for m in hook_modules())


def xlsx_exports() -> list[XlsxExport]:
    return [export for result in _call_all("xlsx_exports") for export in result or []]
