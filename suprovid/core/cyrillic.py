"""Cyrillic text normalisation for matching (names of people and of places). Display always
keeps what was written.

Two keys are derived from a name:
- the Cyrillic key: lower case, apostrophes dropped (', ’, ʼ, `, ‘), Latin look-alike letters
  inside Cyrillic words replaced by their Cyrillic twins, ґ folded into г;
- the Latin skeleton: the official transliteration (KMU Resolution 55, `translitua`) reduced
  so that common spellings of one name agree ("Demianenko", "Demyanenko" → "demianenko").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from translitua import translit

APOSTROPHES = "'’ʼ`‘′ʹ\u02bb"
_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
LATIN_RE = re.compile(r"[a-z]")
_SPACE_RE = re.compile(r"[\s\u00a0]+")
_NON_WORD_RE = re.compile(r"[^\w\-]+")

# Latin letters that look like Cyrillic ones, as they sneak into typed names.
LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "i": "і",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
    }
)
_CYR_FOLD = str.maketrans({"ґ": "г", "ё": "е", "ъ": ""})

_SKELETON_STEPS = (
    ("shch", "sc"),
    ("kh", "h"),
    ("gh", "h"),
    ("g", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("y", "i"),
    ("j", "i"),
)
_DOUBLE_RE = re.compile(r"(.)\1+")


def clean_display(text: str) -> str:
    """Trim and collapse spaces, unify apostrophes to the Ukrainian ʼ-like ’ for display."""
    text = unicodedata.normalize("NFC", text or "")
    text = _SPACE_RE.sub(" ", text).strip()
    return _APOSTROPHE_RE.sub("’", text)


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC_RE.search(text))


def split_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "").lower()
    text = _APOSTROPHE_RE.sub("", text)
    return [w for w in _NON_WORD_RE.sub(" ", text).split() if w]


# Pure functions of one word, called for every name a search, a form or an import
# normalises: names repeat (a journal of 100,000 rows has a few thousand distinct words).
@lru_cache(maxsize=65536)
def cyrillic_word(word: str) -> str:
    """One lower-case word; look-alikes replaced only where the word is Cyrillic."""
    if has_cyrillic(word):
        word = word.translate(LOOKALIKES)
    return word.translate(_CYR_FOLD)


def normalize_cyrillic(text: str) -> str:
    return " ".join(w for w in map(cyrillic_word, split_words(text)) if w)


@lru_cache(maxsize=65536)
def skeleton_word(word: str) -> str:
    """The Latin skeleton of one word (see the module docstring)."""
    if has_cyrillic(word):
        word = translit(cyrillic_word(word)).lower()
    word = _APOSTROPHE_RE.sub("", word)
    # Repeat until stable: a reduction can form a new digraph ("жг" → "zhh" → "zh"), and
    # a skeleton typed back into the search box must reduce to itself.
    previous = None
    while word != previous:
        previous = word
        for old, new in _SKELETON_STEPS:
            word = word.replace(old, new)
        word = _DOUBLE_RE.sub(r"\1", word)
    return word


def latin_skeleton(text: str) -> str:
    return " ".join(w for w in map(skeleton_word, split_words(text)) if w)
