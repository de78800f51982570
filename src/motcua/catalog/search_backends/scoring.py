"""The one scoring function of catalog search, the same on SQLite and PostgreSQL. Pure module (no Django).

Each database only proposes candidates; this module ranks them from their folded texts and the catalog's
vocabulary, so both databases order the same candidates identically. See docs/search.md for the weights.

A query is analysed once (``analyse``): its variants (as typed, with synonyms), their words ("slots") with
alternatives and weights, the probes of the candidate query, and indexes from a token or a pair of
neighbouring tokens to the slots it serves. A candidate's folded name, everyday phrases and rest of the body
are then searched for those tokens and pairs as whole words (``explain``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import FUNCTION_WORD_WEIGHT, Synonyms, Vocabulary, codes_in, is_acronym, query_variants, tokens

# Weights of the score's parts (each part lies in 0..1). An exact code beats everything.
CODE = 100.0
WEIGHTS = {
    "cover": 4.0,  # share of the query's words found, each where it counts most (NAME, KEYWORDS, BODY)
    "phrase": 2.0,  # share of the query's neighbouring word pairs found as neighbours, likewise
    # how well the query and the name, or one everyday phrase, say the same (F1 of the idf-weighted shares
    # of each found in the other), times the part's factor: a short name that says it all wins
    "agreement": 1.5,
}
# What a word found in each part of a version counts: the name, the everyday phrases, the rest of the body.
NAME, KEYWORDS, BODY = 1.0, 0.8, 0.4
PARTS = (("body", BODY), ("keywords", KEYWORDS), ("name", NAME))
# A word in more than COMMON of the catalog (and COMMON_MIN versions) does not propose candidates by itself;
# one in more than FREQUENT (and FREQUENT_MIN) proposes those with it in the name or everyday phrases only.
COMMON, COMMON_MIN, FREQUENT, FREQUENT_MIN = 0.15, 1000, 0.05, 300
MAX_PROBES = 6
TOTALS_KEPT = 50_000  # versions whose name and phrase weights are kept with the vocabulary
ACRONYM = 0.9  # quality of initials ("dk") matching consecutive words ("dang ky")
SEPARATOR = " | "  # between the parts of search_body (see search_text.py); keywords are its second part
KEYWORD_SEPARATOR = " ; "


@dataclass(frozen=True)
class Slot:
    """One word of the query: what it may stand for (token -> quality) and how much it weighs."""

    alternatives: dict[str, float]
    weight: float
    acronym: str = ""  # the word when it is initials ("dk", "gpxd") unknown to the catalog


@dataclass(frozen=True)
class Variant:
    slots: tuple[Slot, ...]
    factor: float  # 1 for the citizen's words, a little less once everyday words are replaced
    total: float = field(init=False)
    pair_weights: tuple[float, ...] = field(init=False)
    pair_total: float = field(init=False)
    tokens: frozenset[str] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "total", sum(slot.weight for slot in self.slots) or 1.0)
        object.__setattr__(self, "pair_weights", tuple(
            (a.weight + b.weight) / 2 for a, b in zip(self.slots, self.slots[1:], strict=False)))
        object.__setattr__(self, "pair_total", sum(self.pair_weights) or 1.0)
        object.__setattr__(self, "tokens", frozenset(t for slot in self.slots for t in slot.alternatives))


@dataclass(frozen=True)
class Probe:
    """What the candidate query looks for in one word of the query (all variants together): any of the tokens,
    or a word starting with prefix; a version gets weight x the factor of the best part it is found in."""

    tokens: tuple[str, ...]
    weight: float
    prefix: str = ""
    together: bool = False  # all the tokens (not any of them), anywhere in the part
    everywhere: bool = True  # False: looked for in names and everyday phrases only (a frequent word)


@dataclass(frozen=True)
class Query:
    folded: str
    words: tuple[str, ...]
    variants: tuple[Variant, ...]
    codes: tuple[str, ...]
    probes: tuple[Probe, ...]  # for the candidate query (the most common words left out)
    weights: dict[str, float]  # every alternative -> the largest weight of a slot it serves
    alternatives: tuple[str, ...]  # every token the slots may stand for
    by_token: dict[str, tuple[tuple[int, int, float], ...]]  # token -> (variant, slot, quality)
    by_pair: dict[tuple[str, str], tuple[tuple[int, int, float], ...]]  # (a, b) -> (variant, pair, quality)
    acronyms: bool


def analyse(folded: str, vocabulary: Vocabulary, synonyms: Synonyms) -> Query:
    codes = codes_in(folded)
    words: list[str] = []
    for word in tokens(" ".join(w for w in folded.split() if w.strip(",;()") not in codes)):
        parts = vocabulary.split(word) if word not in vocabulary and not word.isdigit() else None
        words += parts or [word]
    variants = []
    for variant_words, factor in query_variants(words, synonyms):
        slots = []
        for i, word in enumerate(variant_words):
            alternatives = vocabulary.alternatives(word, last=(i == len(variant_words) - 1 and factor == 1.0))
            if word in vocabulary or not alternatives:
                weight = vocabulary.weight(word)
            else:  # a typo: it weighs what the words it may stand for weigh
                weight = max(vocabulary.weight(t) for t in alternatives)
            slots.append(Slot(alternatives, weight, word if is_acronym(word) and word not in vocabulary else ""))
        variants.append(Variant(tuple(slots), factor))
    weights: dict[str, float] = {}
    by_token: dict[str, list] = {}
    by_pair: dict[tuple[str, str], list] = {}
    for v, variant in enumerate(variants):
        for i, slot in enumerate(variant.slots):
            for token, quality in slot.alternatives.items():
                weights[token] = max(weights.get(token, 0.0), slot.weight)
                by_token.setdefault(token, []).append((v, i, quality))
        for j, (left, right) in enumerate(zip(variant.slots, variant.slots[1:], strict=False)):
            for a, qa in left.alternatives.items():
                for b, qb in right.alternatives.items():
                    by_pair.setdefault((a, b), []).append((v, j, min(qa, qb)))
    return Query(
        folded=folded, words=tuple(words), variants=tuple(variants), codes=tuple(codes),
        probes=_probes(words, variants, vocabulary), weights=weights,
        alternatives=tuple(weights),
        by_token={t: tuple(e) for t, e in by_token.items()}, by_pair={p: tuple(e) for p, e in by_pair.items()},
        acronyms=any(slot.acronym for variant in variants for slot in variant.slots),
    )


def _probes(words: list[str], variants: list[Variant], vocabulary: Vocabulary) -> tuple[Probe, ...]:
    """One probe per distinct word of the variants. Function words and common words (in more than COMMON of
    the catalog) are not probed: they weigh little and would make most versions candidates; fairly common
    words are looked for in names and everyday phrases only. A query of common words only is probed by all
    its words together."""
    last = words[-1] if words else ""
    prefix_of = last if len(last) >= 3 and not last.isdigit() and last not in vocabulary else ""
    common = max(COMMON_MIN, COMMON * vocabulary.documents)
    frequent = max(FREQUENT_MIN, FREQUENT * vocabulary.documents)
    probes: dict[tuple, Probe] = {}
    for v, variant in enumerate(variants):
        for i, slot in enumerate(variant.slots):
            prefix = prefix_of if v == 0 and i == len(variant.slots) - 1 else ""
            df = vocabulary.df.get(next(iter(slot.alternatives), ""), 0)  # of its best alternative
            if not prefix and (not slot.alternatives or df > common or slot.weight <= FUNCTION_WORD_WEIGHT):
                continue
            key = (*slot.alternatives, prefix)
            if key not in probes or probes[key].weight < slot.weight:
                probes[key] = Probe(tuple(slot.alternatives), slot.weight, prefix,
                                    everywhere=bool(prefix) or df <= frequent)
    if not probes:
        known = tuple(dict.fromkeys(w for w in words if w in vocabulary and vocabulary.weight(w) > FUNCTION_WORD_WEIGHT))
        if known:
            probes = {known: Probe(known, sum(map(vocabulary.weight, known)), together=True)}
    # the rarest MAX_PROBES words are enough to find the candidates, and each probe costs its matches
    return tuple(sorted(probes.values(), key=lambda p: (-p.weight, p.tokens))[:MAX_PROBES])


@dataclass(frozen=True)
class Candidate:
    """A published version as the candidate query returns it."""

    id: int
    localised_code: str
    base_code: str
    search_name: str
    search_body: str


def _acronym_at(acronym: str, words: list[str]) -> int:
    """Where consecutive words have these initials ("dk" in "dang ky ket hon" -> 0), or -1."""
    n = len(acronym)
    for i in range(len(words) - n + 1):
        if all(words[i + k][0] == acronym[k] for k in range(n)):
            return i
    return -1


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def _has_word(text: str, word: str) -> bool:
    """Whether word (one word or words joined by single spaces) stands in text between non-alphanumerics."""
    at, end = text.find(word), len(text)
    while at >= 0:
        after = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (after == end or not text[after].isalnum()):
            return True
        at = text.find(word, at + 1)
    return False


def _words_in(text: str, words) -> set[str]:
    """Which of the words stand in the text as whole words (str.find: faster than a regular expression;
    most words stand between spaces, which one search of " word " finds)."""
    spaced = f" {text} "
    return {word for word in words if f" {word} " in spaced or word in text and _has_word(text, word)}


def _parts(candidate: Candidate) -> tuple[str, str, str]:
    """The name, the everyday phrases and the rest of a candidate's folded texts."""
    segments = candidate.search_body.split(SEPARATOR, 2)
    if len(segments) == 1:
        return candidate.search_name, "", segments[0]
    return candidate.search_name, segments[1], SEPARATOR.join(segments[:1] + segments[2:])


def _code(query: Query, candidate: Candidate) -> float:
    """1 when the query holds the candidate's base or localised code."""
    return 1.0 if query.codes and any(
        c in (candidate.base_code, candidate.localised_code.lower()) for c in query.codes) else 0.0


class _Reading:
    """The query's words found in a candidate, part by part, and the best quality of each slot."""

    __slots__ = ("id", "code", "name", "keywords", "rest", "in_name", "in_keywords", "in_rest", "found", "named")

    def __init__(self, query: Query, candidate: Candidate):
        self.id = candidate.id
        self.code = _code(query, candidate)
        self.name, self.keywords, self.rest = _parts(candidate)
        self.in_name, self.in_keywords, self.in_rest = (_words_in(text, query.alternatives)
                                                        for text in (self.name, self.keywords, self.rest))
        variants, by_token = query.variants, query.by_token
        found = self.found = [[0.0] * len(v.slots) for v in variants]  # per slot: best part factor x quality
        named = self.named = [[0.0] * len(v.slots) for v in variants]  # per slot: best quality in the name
        for part, factor in ((self.in_rest, BODY), (self.in_keywords, KEYWORDS), (self.in_name, NAME)):
            for token in part:
                for v, i, quality in by_token[token]:
                    value = factor * quality
                    if value > found[v][i]:
                        found[v][i] = value
                    if factor == NAME and quality > named[v][i]:
                        named[v][i] = quality
        if query.acronyms:
            _initials(query, candidate, self.keywords, found, named)


def explain(query: Query, candidate: Candidate, vocabulary: Vocabulary) -> dict[str, float]:
    """The parts of the score (each 0..1 before its weight) for the variant of the query that scores best."""
    if not query.alternatives:
        code = _code(query, candidate)
        return {"total": CODE * code, "code": code}
    return _explain(query, _Reading(query, candidate), vocabulary)


def _explain(query: Query, reading: _Reading, vocabulary: Vocabulary) -> dict[str, float]:
    variants, by_token, found, named = query.variants, query.by_token, reading.found, reading.named
    paired = [[0.0] * len(v.pair_weights) for v in variants]
    for text, part, factor in ((reading.rest, reading.in_rest, BODY), (reading.keywords, reading.in_keywords,
                                                                       KEYWORDS), (reading.name, reading.in_name, NAME)):
        if not part:
            continue
        spaced = f" {text} "
        for (a, b), entries in query.by_pair.items():
            if a in part and b in part and (f" {a} {b} " in spaced or _has_word(text, f"{a} {b}")):
                for v, j, quality in entries:
                    if factor * quality > paired[v][j]:
                        paired[v][j] = factor * quality
    name_total, phrase_totals = _totals(vocabulary, reading)
    phrases = []
    if reading.in_keywords:
        for phrase, phrase_total in zip(reading.keywords.split(KEYWORD_SEPARATOR), phrase_totals, strict=True):
            present = _words_in(phrase, reading.in_keywords)
            if present:
                phrases.append((present, phrase_total))
    weights = vocabulary.weights
    code = reading.code
    best: dict[str, float] = {"total": CODE * code, "code": code}
    for v, variant in enumerate(variants):
        slots, total = variant.slots, variant.total
        cover = sum(slot.weight * q for slot, q in zip(slots, found[v], strict=True)) / total
        phrase = (sum(w * q for w, q in zip(variant.pair_weights, paired[v], strict=True)) / variant.pair_total
                  if variant.pair_weights else cover)
        name_cover = sum(slot.weight * q for slot, q in zip(slots, named[v], strict=True)) / total
        name_agreement = 0.0
        if name_cover:
            precision = _weight_of(weights, vocabulary, reading.in_name & variant.tokens) / name_total
            name_agreement = _f1(name_cover, min(precision, 1.0))
        keyword_agreement = 0.0
        for present, phrase_weight in phrases:
            got = present & variant.tokens
            if not got:
                continue
            best_quality: dict[int, float] = {}
            for token in got:
                for vv, i, quality in by_token[token]:
                    if vv == v and quality > best_quality.get(i, 0.0):
                        best_quality[i] = quality
            recall = sum(slots[i].weight * q for i, q in best_quality.items()) / total
            precision = _weight_of(weights, vocabulary, got) / phrase_weight
            keyword_agreement = max(keyword_agreement, _f1(recall, min(precision, 1.0)))
        agreement = max(NAME * name_agreement, KEYWORDS * keyword_agreement)
        value = CODE * code + variant.factor * (
            WEIGHTS["cover"] * cover + WEIGHTS["phrase"] * phrase + WEIGHTS["agreement"] * agreement)
        if v == 0 or value > best["total"]:
            best = {"total": value, "code": code, "variant": v, "cover": cover, "phrase": phrase,
                    "agreement": agreement, "name_agreement": name_agreement,
                    "keyword_agreement": keyword_agreement}
    return best


def rank(query: Query, candidates: list[Candidate], vocabulary: Vocabulary, limit: int) -> list[tuple[float, Candidate]]:
    """The best `limit` candidates with their scores, best first (equal scores: by code)."""
    scored = sorted(((score(query, c, vocabulary), c) for c in candidates),
                    key=lambda item: (-item[0], item[1].localised_code))
    return scored[:limit]


def _totals(vocabulary: Vocabulary, reading: _Reading) -> tuple[float, tuple[float, ...]]:
    """The weight of the candidate's name and of each of its everyday phrases: they depend on the candidate and
    the vocabulary only, so they are kept with the vocabulary (a few floats per version)."""
    totals = vocabulary.totals.get(reading.id)
    if totals is None:
        weight_of = vocabulary.weights
        phrases = reading.keywords.split(KEYWORD_SEPARATOR) if reading.keywords else []
        totals = (_weight_of(weight_of, vocabulary, tokens(reading.name)) or 1.0,
                  tuple(_weight_of(weight_of, vocabulary, tokens(phrase)) or 1.0 for phrase in phrases))
        if len(vocabulary.totals) >= TOTALS_KEPT:
            vocabulary.totals.clear()
        vocabulary.totals[reading.id] = totals
    return totals


def _weight_of(weights: dict[str, float], vocabulary: Vocabulary, words) -> float:
    try:
        return sum(map(weights.__getitem__, words))
    except KeyError:  # a word the vocabulary has not seen yet (the catalog changed since it was read)
        return sum(map(vocabulary.weight, words))


def _initials(query: Query, candidate: Candidate, keywords: str, found, named) -> None:
    """Acronym slots ("dk", "gpxd") found as the initials of consecutive words of the name or a phrase."""
    name_words = tokens(candidate.search_name)
    phrase_words = [tokens(phrase) for phrase in keywords.split(KEYWORD_SEPARATOR)] if keywords else []
    for v, variant in enumerate(query.variants):
        for i, slot in enumerate(variant.slots):
            if not slot.acronym:
                continue
            if _acronym_at(slot.acronym, name_words) >= 0:
                found[v][i] = max(found[v][i], NAME * ACRONYM)
                named[v][i] = max(named[v][i], ACRONYM)
            elif any(_acronym_at(slot.acronym, words) >= 0 for words in phrase_words):
                found[v][i] = max(found[v][i], KEYWORDS * ACRONYM)


def score(query: Query, candidate: Candidate, vocabulary: Vocabulary) -> float:
    """Higher is better: an exact code, then the query's words where they count most (name, everyday
    phrases, the rest), its word pairs likewise, and how well it agrees with the name or one everyday phrase."""
    return explain(query, candidate, vocabulary)["total"]
