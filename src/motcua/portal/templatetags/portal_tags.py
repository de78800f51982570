from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """8000 -> "8.000 đồng" (Vietnamese groups thousands with dots)."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{value:,}".replace(",", ".") + " đồng"


@register.filter
def kilobytes(size) -> str:
    try:
        return f"{max(1, round(int(size) / 1024))} KB"
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
