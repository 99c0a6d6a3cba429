"""Form widgets that render the same HTML as Django's, faster."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _s(value: Any) -> str:
    # The template filter stringformat:'s' is `"%s" % value`: a plain str, escaped afterwards.
    return "%s" % (value,)  # noqa: UP031


def _attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False drops the attribute, True writes it bare.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(_s(value))}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """A `Select` that writes its options in Python instead of rendering one template per option.

    Django renders `select_option.html` once per option; a list of the city's 200 units cost about
    25 ms a page, more than the page's queries. The HTML is byte for byte what Django's
    `select.html` and `select_option.html` produce (chidao/core/tests/test_widgets.py compares
    them), so a page using it looks and behaves the same.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                out.append(
                    f'\n  <option value="{conditional_escape(_s(option["value"]))}"{_attrs(option["attrs"])}>'
                    f'{conditional_escape(option["label"])}</option>\n'
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # every piece above is escaped


def form_choices_cached(form: forms.Form, names: tuple[str, ...], cache_name: str) -> None:
    """Give the selects `names` of `form` their options as plain (value, label) pairs cached per
    state of the data (core/figures.py), instead of loading every unit, directive or leader to
    write the same options on every view. The options only change through audited services; the
    submitted values are still checked against the fields' querysets."""
    from django.utils.translation import get_language

    from chidao.core import concerns
    from chidao.core.figures import figures_cached

    choices = figures_cached(cache_name, (get_language(),), lambda: [
        [(str(value), str(label)) for value, label in form.fields[name].choices] for name in names],
        reads=(concerns.TASKS, concerns.PEOPLE))  # units, directives, leaders
    for name, options in zip(names, choices, strict=True):
        form.fields[name].widget.choices = options
