"""Text folding for search and comparison: case- and diacritic-insensitive, with đ ≡ d.

Pure module (no Django) so that search indexing, imports and matching share one definition.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are separate letters in Unicode, not d + a combining mark, so NFD alone does not fold them.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """'Thành phố Hồ Chí Minh' -> 'thanh pho ho chi minh'; 'Đắk Lắk' -> 'dak lak'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
