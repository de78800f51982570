"""Figures as people read them: thousands grouped, two decimals for shares, a dash for "nothing to show"."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return number_format(value, 2, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
