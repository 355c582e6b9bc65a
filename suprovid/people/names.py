"""Name normalisation for matching. Display always keeps what the person wrote.

Two keys are derived from a name:
- the Cyrillic key: lower case, apostrophes dropped (', ’, ʼ, `, ‘), Latin look-alike letters
  inside Cyrillic words replaced by their Cyrillic twins, ґ folded into г;
- the Latin skeleton: the official transliteration (KMU Resolution 55, `translitua`) reduced
  so that common spellings of one name agree ("Demianenko", "Demyanenko" → "demianenko").
"""

from __future__ import annotations

import re
import unicodedata

from translitua import translit

APOSTROPHES = "'’ʼ`‘′ʹ\u02bb"
_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[a-z]")
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


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "").lower()
    text = _APOSTROPHE_RE.sub("", text)
    return [w for w in _NON_WORD_RE.sub(" ", text).split() if w]


def cyrillic_word(word: str) -> str:
    """One lower-case word; look-alikes replaced only where the word is Cyrillic."""
    if has_cyrillic(word):
        word = word.translate(LOOKALIKES)
    return word.translate(_CYR_FOLD)


def normalize_cyrillic(text: str) -> str:
    return " ".join(w for w in map(cyrillic_word, _words(text)) if w)


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
    return " ".join(w for w in map(skeleton_word, _words(text)) if w)


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
    for word in _words(query):
        if has_cyrillic(word):
            terms.append(cyrillic_word(word))
        elif _LATIN_RE.search(word):
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
        LATIN_MARK + skeleton_word(w) for w in _words(full) if not has_cyrillic(w) and w
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
            variants.setdefault(skeleton_word(_words(other)[0]), ukrainian)
    # The Ukrainian form's own skeleton must never be rewritten to something else.
    for ukrainian in _RUSSIAN_FIRST_NAMES:
        variants.pop(skeleton_word(_words(ukrainian)[0]), None)
    return variants


_VARIANTS = _build_variants()


def ukrainian_first_name(word: str) -> str | None:
    """The Ukrainian form of a Russian-based spelling of a first name ("Sergey" → "Сергій")."""
    words = _words(word)
    if len(words) != 1:
        return None
    return _VARIANTS.get(skeleton_word(words[0]))


def canonical_skeleton(text: str) -> str:
    """The Latin skeleton with Russian-based first-name spellings mapped to Ukrainian ones."""
    out = []
    for word in _words(text):
        ukrainian = _VARIANTS.get(skeleton_word(word))
        out.append(skeleton_word(_words(ukrainian)[0]) if ukrainian else skeleton_word(word))
    return " ".join(w for w in out if w)


# Marks the skeletons of words stored in Latin letters inside `search_text`, so that a
# Cyrillic query can reach them without every Cyrillic record matching by the lossy
# skeleton (Козак must not find Кожак, yet must find "Kozak").
LATIN_MARK = "~"


def search_alternatives(query: str) -> list[tuple[str, ...]]:
    """For each word of the query, the needles any one of which may match `search_text`.

    - a digit run (РНОКПП, phone) is one needle;
    - a Cyrillic word matches Cyrillic records by its Cyrillic key, and records written in
      Latin letters by its skeleton (`~skeleton`, see `build_search_text`);
    - a Latin word matches by its skeleton (records in either script carry one);
    - a Russian-based spelling of a first name also matches the Ukrainian form
      ("Sergey" finds Сергій and Serhii).
    """
    query = unicodedata.normalize("NFC", query or "").strip()
    digits_only = re.sub(r"[\s()+\-]", "", query)
    if digits_only.isdigit():
        return [(digits_only,)]
    result: list[tuple[str, ...]] = []
    for word in _words(query):
        needles: list[str] = []
        if has_cyrillic(word):
            needles.append(cyrillic_word(word))
            needles.append(LATIN_MARK + skeleton_word(word))
        elif _LATIN_RE.search(word):
            needles.append(skeleton_word(word))
        else:
            needles.append(word)
        ukrainian = ukrainian_first_name(word)
        if ukrainian:
            needles.append(cyrillic_word(_words(ukrainian)[0]))
            needles.append(skeleton_word(_words(ukrainian)[0]))
        needles = [n for n in dict.fromkeys(needles) if n and n != LATIN_MARK]
        if needles:
            result.append(tuple(needles))
    return result
