"""Name normalisation: one person, however their name was typed, has one key."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from suprovid.core.cyrillic import latin_skeleton, normalize_cyrillic
from suprovid.people.names import name_key, search_terms

UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
APOSTROPHES = ["'", "’", "ʼ", "`"]
cyrillic_words = st.text(alphabet=UKRAINIAN + UKRAINIAN.upper() + "’'", min_size=1, max_size=14)


@given(st.lists(cyrillic_words, min_size=1, max_size=3))
def test_normalisation_is_idempotent(words: list[str]) -> None:
    text = " ".join(words)
    once = normalize_cyrillic(text)
    assert normalize_cyrillic(once) == once
    skeleton = latin_skeleton(text)
    assert latin_skeleton(skeleton) == skeleton


@given(st.sampled_from(APOSTROPHES), st.sampled_from(APOSTROPHES))
def test_apostrophe_variants_give_the_same_key(a: str, b: str) -> None:
    assert name_key(f"Дем{a}яненко", "Олена") == name_key(f"Дем{b}яненко", "Олена")
    assert search_terms(f"дем{a}яненко") == search_terms(f"ДЕМ{b}ЯНЕНКО")


@given(st.sets(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8])))
def test_latin_lookalikes_in_a_cyrillic_word_give_the_same_key(positions: set[int]) -> None:
    word = "Коваленко"
    lookalike = {"о": "o", "е": "e", "а": "a", "к": "k", "і": "i"}
    typed = "".join(lookalike.get(ch, ch) if i in positions else ch for i, ch in enumerate(word))
    assert name_key(typed, "Ігор") == name_key(word, "Ігор")
    assert name_key("Коваленко", "Iгор") == name_key("Коваленко", "Ігор")  # Latin I


def test_transliteration_variants_match_the_cyrillic_name() -> None:
    cyrillic = name_key("Дем’яненко", "Олена")
    assert name_key("Demianenko", "Olena") == cyrillic
    assert name_key("Demyanenko", "Olena") == cyrillic
    assert search_terms("Demianenko") == search_terms("Demyanenko")


def test_case_and_spaces_do_not_matter() -> None:
    assert name_key("  шевченко ", "ТАРАС") == name_key("Шевченко", "Тарас")
