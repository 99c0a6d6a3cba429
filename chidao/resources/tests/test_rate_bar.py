"""The rate bar written in Python is the HTML the `_rate.html` include wrote."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.template import engines

# resources/_rate.html as it was before `rate_bar` replaced it (the file ended with a newline).
TEMPLATE_INCLUDE = (
    "{% load chidao %}{% if rate is None %}<span class=\"text-muted\">—</span>{% else %}"
    "<div class=\"d-flex align-items-center gap-2 justify-content-end\"><div class=\"progress flex-grow-1\" "
    "style=\"height: .5rem; min-width: 4rem; max-width: 8rem\"><div class=\"progress-bar "
    "{% if warn %}bg-danger{% else %}bg-success{% endif %}\" style=\"width: {{ rate|stringformat:'.2f' }}%\"></div>"
    "</div><span class=\"{% if warn %}text-danger fw-semibold{% endif %}\">{{ rate|pct }}</span></div>{% endif %}\n"
)


@pytest.mark.parametrize("rate", [None, D("0.00"), D("14.29"), D("100.00"), D("1234.50"), D("-3.10")])
@pytest.mark.parametrize("warn", [True, False, None])
def test_rate_bar_is_the_includes_html(rate: D | None, warn: object) -> None:
    engine = engines["django"]
    context = {"rate": rate, "warn": warn}
    expected = engine.from_string(TEMPLATE_INCLUDE).render(context)
    assert engine.from_string("{% load resource_tags %}{% rate_bar rate warn %}").render(context) == expected
