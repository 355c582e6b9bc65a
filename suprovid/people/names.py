"""Person names for matching: the duplicate key, the search column and its needles, and
Russian-based spellings of first names. The Cyrillic normalisation they rest on is
`suprovid.core.cyrillic` (places use it too)."""

from __future__ import annotations

import re
import unicodedata

from suprovid.core.cyrillic import (
    LATIN_RE,
    cyrillic_word,
    has_cyrillic,
    latin_skeleton,
    normalize_cyrillic,
    skeleton_word,
    split_words,
)


def name_key(last_name: str, first_name: str, patronymic: str = "") -> str:
    """Script-independent key of a full name, for duplicate detection."""
    return latin_skeleton(f"{last_name} {first_name} {patronymic}")


def search_terms(query: str) -> list[str]:
    """The needles for one search box query, each to be found in `Person.search_text`.

    Cyrillic words match the Cyrillic keys, Latin words the skeletons, digit runs the
    РНОКПП, passport and phone digits (a phone typed as 067 123-45-67 is one run).
    """
    query = unicodedata.normalize("NFC", query or "").strip()
    digits_only = re.sub(r"[\s()+\-]", "", query)
    if digits_only.isdigit():
        return [digits_only]
    terms: list[str] = []
    for word in split_words(query):
        if has_cyrillic(word):
            terms.append(cyrillic_word(word))
        elif LATIN_RE.search(word):
            terms.append(skeleton_word(word))
        else:
            terms.append(word)
    return [t for t in terms if t]


def build_search_text(
    *,
    last_name: str,
    first_name: str,
    patronymic: str,
    rnokpp: str = "",
    passport: str = "",
    phone: str = "",
) -> str:
    """The normalised search column: Cyrillic keys | Latin skeletons | identifiers."""
    full = f"{last_name} {first_name} {patronymic}"
    phone_digits = re.sub(r"\D", "", phone or "")
    passport_key = re.sub(r"\s", "", passport or "").lower()
    # Words written in Latin letters carry a marked skeleton too (see `search_alternatives`).
    latin_words = " ".join(
        LATIN_MARK + skeleton_word(w) for w in split_words(full) if not has_cyrillic(w) and w
    )
    return " | ".join(
        [
            normalize_cyrillic(full),
            latin_skeleton(full),
            f"{rnokpp} {passport_key} {phone_digits}",
            latin_words,
        ]
    ).strip()


# Russian-based spellings of common first names, as they appear in old documents, Soviet
# passports and foreign records, mapped to the Ukrainian form. The key is the Latin
# skeleton of the variant (so "Sergey", "Sergei", "Сергей" all reduce to one key).
_RUSSIAN_FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "Сергій": ("Сергей", "Sergey", "Sergei", "Serguei"),
    "Олексій": ("Алексей", "Aleksey", "Alexey", "Aleksei", "Alexei"),
    "Євген": ("Евгений", "Evgeniy", "Evgeny", "Evgenii", "Yevgeniy", "Yevgeny", "Evgenij"),
    "Євгенія": ("Евгения", "Evgeniya", "Evgenia", "Yevgeniya"),
    "Олександр": ("Александр", "Aleksandr", "Alexander", "Alexandr", "Aleksander"),
    "Олександра": ("Александра", "Aleksandra", "Alexandra"),
    "Андрій": ("Андрей", "Andrey", "Andrei"),
    "Дмитро": ("Дмитрий", "Dmitriy", "Dmitry", "Dmitrii", "Dmitrij"),
    "Микола": ("Николай", "Nikolay", "Nikolai"),
    "Михайло": ("Михаил", "Mikhail", "Mihail"),
    "Володимир": ("Владимир", "Vladimir"),
    "Василь": ("Василий", "Vasiliy", "Vasily", "Vasilii"),
    "Юрій": ("Юрий", "Yuriy", "Yury", "Yurii", "Iurii"),
    "Анатолій": ("Анатолий", "Anatoliy", "Anatoly"),
    "Віталій": ("Виталий", "Vitaliy", "Vitaly"),
    "Григорій": ("Григорий", "Grigoriy", "Grigory"),
    "Петро": ("Петр", "Пётр", "Petr", "Pyotr", "Piotr"),
    "Павло": ("Павел", "Pavel"),
    "Ігор": ("Игорь", "Igor"),
    "Олег": ("Oleg",),
    "Віктор": ("Виктор", "Viktor", "Victor"),
    "Валерій": ("Валерий", "Valeriy", "Valery"),
    "Геннадій": ("Геннадий", "Gennadiy", "Gennady"),
    "Георгій": ("Георгий", "Georgiy", "Georgy"),
    "Ілля": ("Илья", "Ilya", "Ilia"),
    "Іван": ("Иван",),
    "Федір": ("Федор", "Фёдор", "Fedor", "Fyodor"),
    "Олена": ("Елена", "Elena", "Yelena"),
    "Наталія": ("Наталья", "Natalya", "Natalia", "Natalja"),
    "Тетяна": ("Татьяна", "Tatyana", "Tatiana", "Tatjana"),
    "Ірина": ("Ирина", "Irina"),
    "Світлана": ("Светлана", "Svetlana"),
    "Людмила": ("Людмила", "Lyudmila", "Ludmila"),
    "Катерина": ("Екатерина", "Ekaterina", "Yekaterina"),
    "Ольга": ("Olga",),
    "Галина": ("Galina",),
    "Надія": ("Надежда", "Nadezhda"),
    "Любов": ("Любовь", "Lyubov"),
    "Марія": ("Мария", "Mariya", "Maria"),
    "Юлія": ("Юлия", "Yuliya", "Yulia"),
    "Анастасія": ("Анастасия", "Anastasiya", "Anastasia"),
}


def _build_variants() -> dict[str, str]:
    variants: dict[str, str] = {}
    for ukrainian, others in _RUSSIAN_FIRST_NAMES.items():
        for other in others:
            variants.setdefault(skeleton_word(split_words(other)[0]), ukrainian)
    # The Ukrainian form's own skeleton must never be rewritten to something else.
    for ukrainian in _RUSSIAN_FIRST_NAMES:
        variants.pop(skeleton_word(split_words(ukrainian)[0]), None)
    return variants


_VARIANTS = _build_variants()


def ukrainian_first_name(word: str) -> str | None:
    """The Ukrainian form of a Russian-based spelling of a first name ("Sergey" → "Сергій")."""
    words = split_words(word)
    if len(words) != 1:
        return None
    return _VARIANTS.get(skeleton_word(words[0]))


def canonical_skeleton(text: str) -> str:
    """The Latin skeleton with Russian-based first-name spellings mapped to Ukrainian ones."""
    out = []
    for word in split_words(text):
        ukrainian = _VARIANTS.get(skeleton_word(word))
        out.append(skeleton_word(split_words(ukrainian)[0]) if ukrainian else skeleton_word(word))
    return " ".join(w for w in out if w)


# Marks the skeletons of words stored in Latin letters inside `search_text`, so that a
# Cyrillic query can reach them without every Cyrillic record matching by the lossy
# skeleton (Козак must not find Кожак, yet must find "Kozak"). Letters, and ones no
# skeleton contains (q, x: `_SKELETON_STEPS` maps them away), so that the trigram index
# sees the mark: with "~", which pg_trgm skips, `%~sevc%` was looked up by the trigrams of
# `sevc`, which every Cyrillic name's skeleton shares — a second scan of 133 k rows at 4 M
# persons for each Cyrillic word searched (docs/performance.md). People 0008 rewrites the
# stored marks.
LATIN_MARK = "qx"


def search_alternatives(query: str) -> list[tuple[str, ...]]:
    """For each word of the query, the needles any one of which may match `search_text`.

    - a digit run (РНОКПП, phone) is one needle;
    - a Cyrillic word matches Cyrillic records by its Cyrillic key, and records written in
      Latin letters by its marked skeleton (`qx` + skeleton, see `LATIN_MARK`);
    - a Latin word matches by its skeleton (records in either script carry one);
    - a Russian-based spelling of a first name also matches the Ukrainian form
      ("Sergey" finds Сергій and Serhii).
    """
    query = unicodedata.normalize("NFC", query or "").strip()
    digits_only = re.sub(r"[\s()+\-]", "", query)
    if digits_only.isdigit():
        return [(digits_only,)]
    result: list[tuple[str, ...]] = []
    for word in split_words(query):
        needles: list[str] = []
        if has_cyrillic(word):
            needles.append(cyrillic_word(word))
            needles.append(LATIN_MARK + skeleton_word(word))
        elif LATIN_RE.search(word):
            needles.append(skeleton_word(word))
        else:
            needles.append(word)
        ukrainian = ukrainian_first_name(word)
        if ukrainian:
            needles.append(cyrillic_word(split_words(ukrainian)[0]))
            needles.append(skeleton_word(split_words(ukrainian)[0]))
        needles = [n for n in dict.fromkeys(needles) if n and n != LATIN_MARK]
        if needles:
            result.append(tuple(needles))
    return result
