"""Catalog search. BASELINE (to be replaced by the full engine): folded substring match on name and body."""

from dataclasses import dataclass

from motcua.core.text import fold

from .models import ProcedureVersion


@dataclass(frozen=True)
class SearchHit:
    version: ProcedureVersion
    score: float

    @property
    def code(self) -> str:
        return self.version.procedure.localised_code

    @property
    def name(self) -> str:
        return self.version.name


def search(query: str, *, limit: int = 10) -> list[SearchHit]:
    words = fold(query).split()
    if not words:
        return []
    versions = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED).select_related("procedure")
    for word in words:
        versions = versions.filter(search_name__contains=word) | versions.filter(search_body__contains=word)
    return [SearchHit(v, 1.0) for v in versions[:limit]]
