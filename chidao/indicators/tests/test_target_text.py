"""The target text written in Python is the HTML the `_target_text.html` include wrote."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.template import engines

from chidao.indicators.models import Indicator, IndicatorTarget
from chidao.indicators.selectors import NodeView

# indicators/_target_text.html as it was before `target_text` replaced it (it ended with a newline).
TEMPLATE_INCLUDE = (
    '{% load i18n indicators %}{% if n.target %}{% if n.target.label %}{{ n.target.label }}'
    '{% elif n.target.kind == "rank" %}Top {{ n.target.target_rank }}{% else %}{{ n.target.target_value|ivalue }} '
    '{{ n.indicator.unit_of_measure }}{% endif %}{% if n.target.year != year %} <span class="text-muted small">'
    '({% translate "đích" %} {{ n.target.year }})</span>{% endif %}{% else %}<span class="text-muted">—</span>'
    "{% endif %}\n"
)

INDICATOR = Indicator(pk=7, code="X.1", name="Tỷ lệ", unit_of_measure="%<b>")
TARGETS = [
    None,
    IndicatorTarget(year=2026, kind="value", target_value=D("85.5000")),
    IndicatorTarget(year=2030, kind="value", target_value=D("1234567.0000")),
    IndicatorTarget(year=2026, kind="value", target_value=None),
    IndicatorTarget(year=2026, kind="rank", target_rank=5),
    IndicatorTarget(year=2028, kind="rank", target_rank=None),
    IndicatorTarget(year=2026, kind="rank", target_rank=5, label='Top 5 "PII" & <DTI>'),
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("year", [2026, 2027])
def test_target_text_is_the_includes_html(target: IndicatorTarget | None, year: int) -> None:
    engine = engines["django"]
    context = {"n": NodeView(indicator=INDICATOR, target=target), "year": year}
    expected = engine.from_string(TEMPLATE_INCLUDE).render(context)
    assert engine.from_string("{% load indicators %}{% target_text n year %}").render(context) == expected
