"""What the search reads of a procedure version: folded shadow texts. Pure module (no Django)."""

from motcua.core.text import fold


def version_search_texts(*, localised_code: str, base_code: str, name: str, name_en: str, keywords, field_name: str,
                         components, result_name: str, requirements: str) -> dict:
    """The folded code, name and body of a version. The body carries the everyday words first."""
    body = " | ".join(part for part in [
        " ; ".join(keywords), field_name, name_en, result_name, " ; ".join(components), requirements,
    ] if part)
    return {
        "search_code": fold(localised_code),
        "search_name": fold(name),
        "search_body": fold(f"{base_code} | {body}")[:20000],
    }
