"""Query analysis shared by both databases: tokens, the catalog's vocabulary, typo alternatives and synonyms.

Pure module (no Django). Texts are folded by ``motcua.core.text.fold`` (the one folding definition), then cut
into tokens of letters and digits: "Đăng ký khai sinh 1.001193" -> dang, ky, khai, sinh, 1, 001193.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from motcua.core.text import fold

_TOKEN = re.compile(r"[^\W_]+")
# A procedure code as typed: base code "1.001193" or localised code "1.001193.000.00.00.h53".
CODE = re.compile(r"^\d{1,2}\.\d{3,7}(?:\.[0-9a-z]+)*$")
_VOWELS = set("aeiouy")

# Quality of an alternative: how much a match on it counts compared with the word as typed.
EXACT, I_Y, PREFIX, EDIT1, EDIT2, RARE_NEIGHBOUR = 1.0, 0.95, 0.85, 0.8, 0.6, 0.7
MAX_ALTERNATIVES = 5
# Function words of citizens' questions ("... ở xã", "cần giấy tờ gì", "làm thế nào"): rare in the catalog's
# formal texts, so their idf would be high although they say nothing about the procedure. They weigh little.
FUNCTION_WORDS = frozenset([
    "gi", "nao", "dau", "the", "nhu", "la", "thi", "ma", "o", "cua", "va", "voi", "de", "phai", "muon", "duoc",
    "bi", "khong", "nhung", "cac", "mot", "nay", "ai", "nhieu", "khi", "hay", "hoac", "roi", "chua", "da", "se",
    "co", "cho", "tai", "trong",
])
FUNCTION_WORD_WEIGHT = 0.02
# Every word weighs at least this much on top of its normalised idf (0..1), so a phrase of common words
# ("công chứng giấy tờ") still counts when a rarer word stands beside it.
WEIGHT_FLOOR = 0.1


def tokens(folded: str) -> list[str]:
    """Tokens of an already folded text (the same cut is used for documents and queries)."""
    return _TOKEN.findall(folded)


def query_tokens(query: str) -> list[str]:
    return tokens(fold(query))


def codes_in(folded_query: str) -> list[str]:
    """Words of the query that look like a procedure code."""
    return [word.strip(",;()") for word in folded_query.split() if CODE.match(word.strip(",;()"))]


def is_acronym(token: str) -> bool:
    """Vietnamese syllables always have a vowel: "dk", "gpxd", "cccd" are initials of words."""
    return 2 <= len(token) <= 5 and token.isalpha() and not _VOWELS.intersection(token)


def osa_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two neighbours); limit+1 if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1:] for i in range(len(token))}


@dataclass
class Vocabulary:
    """Folded tokens of the published catalog with their document frequencies, and a deletion index for typos."""

    df: dict[str, int]
    documents: int
    weights: dict[str, float] = field(default_factory=dict, repr=False)
    totals: dict[int, tuple] = field(default_factory=dict, repr=False)  # per version, kept by scoring._totals
    _by_deletion: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_prefix3: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, texts: Iterable[str]) -> Vocabulary:
        """texts: one folded text per published version (its name and body)."""
        df: Counter[str] = Counter()
        documents = 0
        for text in texts:
            documents += 1
            df.update(set(tokens(text)))
        vocabulary = cls(df=dict(df), documents=documents)
        vocabulary.weights = {token: vocabulary._weight(token) for token in vocabulary.df}
        for token in vocabulary.df:
            if len(token) >= 3 and not token.isdigit():
                for deleted in _deletes(token):
                    vocabulary._by_deletion.setdefault(deleted, []).append(token)
                vocabulary._by_prefix3.setdefault(token[:3], []).append(token)
        return vocabulary

    def idf(self, token: str) -> float:
        """Normalised inverse document frequency (0..1): "dang", "ky" weigh little, "khai", "sinh" much more."""
        top = math.log(2 * self.documents + 2)
        return math.log((self.documents + 1) / (self.df.get(token, 0) + 0.5)) / top

    def weight(self, token: str) -> float:
        """How much a word counts: a little for function words, then more the rarer it is in the catalog."""
        known = self.weights.get(token)
        return known if known is not None else self._weight(token)

    def _weight(self, token: str) -> float:
        if token in FUNCTION_WORDS:
            return FUNCTION_WORD_WEIGHT
        return WEIGHT_FLOOR + self.idf(token)

    def __contains__(self, token: str) -> bool:
        return token in self.df

    def near(self, token: str) -> list[tuple[str, int]]:
        """Known tokens within an edit distance of 1 (tokens of 3-5 letters) or 2 (longer), nearest first."""
        limit = 1 if len(token) <= 5 else 2
        found: dict[str, int] = {}
        probes = {token} | _deletes(token)
        for probe in probes:
            for candidate in self._by_deletion.get(probe, ()):
                found.setdefault(candidate, 0)
            if probe in self.df and probe != token and len(probe) >= 2:
                found.setdefault(probe, 0)
        result = []
        for candidate in found:
            distance = osa_distance(token, candidate, limit)
            if 0 < distance <= limit:
                result.append((candidate, distance))
        result.sort(key=lambda item: (item[1], -self.df.get(item[0], 0), item[0]))
        return result

    def completions(self, prefix: str) -> list[str]:
        """Known tokens starting with prefix (the last word may be unfinished), most frequent first."""
        if len(prefix) < 2:
            return []
        pool = self._by_prefix3.get(prefix[:3], ()) if len(prefix) >= 3 else (
            t for t in self.df if t.startswith(prefix))
        found = [t for t in pool if t.startswith(prefix) and t != prefix]
        found.sort(key=lambda t: (-self.df[t], t))
        return found[:3]

    def split(self, token: str) -> list[str] | None:
        """"dangky" -> ["dang", "ky"] when the token is unknown and both halves are known."""
        best, best_df = None, 0
        for i in range(2, len(token) - 1):
            left, right = token[:i], token[i:]
            if left in self.df and right in self.df:
                score = min(self.df[left], self.df[right])
                if score > best_df:
                    best, best_df = [left, right], score
        return best

    def alternatives(self, token: str, *, last: bool) -> dict[str, float]:
        """What a typed token may stand for, with the quality of each: the token itself when known, the
        i/y spelling variant (kí/ký), completions of an unknown (unfinished) last word, and the nearest known
        tokens of an unknown or very rare one."""
        result: dict[str, float] = {}
        known = token in self.df
        if known or token.isdigit():
            result[token] = EXACT
        # kí/ký, lí/lý, qui/quy are one word spelt two ways; ai/ay, oi/oy are different rhymes (giải ≠ giấy).
        if token[-1:] in ("i", "y") and len(token) >= 2 and (token[-2] not in _VOWELS or token[-3:-1] == "qu"):
            twin = token[:-1] + ("y" if token[-1] == "i" else "i")
            if twin in self.df:
                result.setdefault(twin, I_Y)
        if last and not known and not token.isdigit():
            for completion in self.completions(token):
                result.setdefault(completion, PREFIX)
        if len(token) >= 3 and not token.isdigit():
            rare = known and len(token) >= 4 and self.df[token] <= 2 and self.documents >= 20
            if not known or rare:
                for candidate, distance in self.near(token):
                    if rare and self.df.get(candidate, 0) < 10 * self.df[token]:
                        continue
                    quality = RARE_NEIGHBOUR if rare else (EDIT1 if distance == 1 else EDIT2)
                    result.setdefault(candidate, quality)
        best = sorted(result.items(), key=lambda item: (-item[1], -self.df.get(item[0], 0), item[0]))
        return dict(best[:MAX_ALTERNATIVES])


@dataclass(frozen=True)
class Synonyms:
    """Everyday words and what they mean in the catalog's words, as token tuples."""

    expansions: dict[tuple[str, ...], tuple[str, ...]]

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]]) -> Synonyms:
        expansions = {}
        for term, expansion in pairs:
            term_tokens, expansion_tokens = tuple(query_tokens(term)), tuple(query_tokens(expansion))
            if term_tokens and expansion_tokens and term_tokens != expansion_tokens:
                expansions[term_tokens] = expansion_tokens
        return cls(expansions)

    def matches(self, words: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """Non-overlapping (start, end, expansion) in the query, the longest term first at each position."""
        if not self.expansions:
            return []
        longest = max(len(term) for term in self.expansions)
        found, i = [], 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 0, -1):
                expansion = self.expansions.get(tuple(words[i:i + size]))
                if expansion is not None:
                    found.append((i, i + size, expansion))
                    i += size
                    break
            else:
                i += 1
        return found


MAX_VARIANTS = 4


def query_variants(words: list[str], synonyms: Synonyms) -> list[tuple[list[str], float]]:
    """The query as typed, then with its everyday words replaced by what they mean: all of them at once,
    then each alone. A rewritten query counts slightly less than the citizen's own words."""
    variants: list[tuple[list[str], float]] = [(words, 1.0)]
    matches = synonyms.matches(words)

    def rewrite(chosen):
        out, i = [], 0
        for start, end, expansion in chosen:
            out += words[i:start] + list(expansion)
            i = end
        return out + words[i:]

    if matches:
        variants.append((rewrite(matches), 0.95))
        if len(matches) > 1:
            variants += [(rewrite([m]), 0.95) for m in matches]
    unique, seen = [], set()
    for variant, weight in variants:
        key = tuple(variant)
        if key not in seen:
            seen.add(key)
            unique.append((variant, weight))
    return unique[:MAX_VARIANTS]
