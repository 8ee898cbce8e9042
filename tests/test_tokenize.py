"""French tokenization: the engine, the corrector, the scorer and the model builders must
agree on what a word is (tests in the spirit of wordfreq's)."""

from __future__ import annotations

import unicodedata

import _invariants  # noqa: F401  (puts src/ on sys.path in a bare checkout)
import pytest

from frtextfix.tokenize import normalize, sentence_spans, word_keys, words


def texts(s: str) -> list[str]:
    return [t.text for t in words(s)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'heure", ["l", "heure"]),
        ("l’heure", ["l", "heure"]),
        ("L’Ukraine", ["L", "Ukraine"]),
        ("aujourd'hui", ["aujourd", "hui"]),
        ("aujourd’hui", ["aujourd", "hui"]),
        ("presqu'île", ["presqu", "île"]),
        ("rendez-vous", ["rendez", "vous"]),
        ("Saint-Étienne", ["Saint", "Étienne"]),
        ("jusqu'à", ["jusqu", "à"]),
        ("qu'il", ["qu", "il"]),
        ("c'est-à-dire", ["c", "est", "à", "dire"]),
        ("« Que ce soit »", ["Que", "ce", "soit"]),
        ("En 2024, +12 %", ["En"]),
        ("œuvre, cœur, Æsop", ["œuvre", "cœur", "Æsop"]),
        ("data centers", ["data", "centers"]),
        ("System-on-a-Chip", ["System", "on", "a", "Chip"]),
    ],
)
def test_french_words(text, expected):
    assert texts(text) == expected


def test_offsets_index_the_text():
    s = "À l’heure où j’écris, Saint-Étienne gagne 2-0 aujourd'hui."
    for t in words(s):
        assert s[t.start : t.end] == t.text


def test_nfd_word_is_one_token_with_the_nfc_key():
    nfc = "Saint-Étienne présente l’été à Sète"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert [t.key for t in words(nfd)] == [t.key for t in words(nfc)]
    assert word_keys(nfd) == word_keys(nfc)
    # the text itself is not normalized: offsets point into the NFD string
    for t in words(nfd):
        assert nfd[t.start : t.end] == t.text
        assert unicodedata.is_normalized("NFD", t.text)


@pytest.mark.parametrize("mark", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_format_character_inside_a_word_belongs_to_it(mark):
    # web text has soft hyphens and zero-width characters inside words: one token, the key
    # without them, offsets still into the text
    s = f"Le pré{mark}sident pré{mark}schezte"
    toks = words(s)
    assert [t.key for t in toks] == ["le", "président", "préschezte"]
    assert [s[t.start : t.end] for t in toks] == ["Le", f"pré{mark}sident", f"pré{mark}schezte"]
    assert word_keys(s) == ["le", "président", "préschezte"]
    # between words (not letters on both sides) it is not part of either
    assert texts(f"le {mark}chat") == ["le", "chat"]


@pytest.mark.parametrize(("word", "key"), [("Présente", "présente"), ("ÉTÉ", "été"), ("Ukraine", "ukraine")])
def test_normalize(word, key):
    assert normalize(word) == key
    assert normalize(unicodedata.normalize("NFD", word)) == key


SENTENCE_TEXTS = [
    "",
    "   \n\t ",
    "Le chat dort.",
    "Le chat dort. Il fait beau ! Tu viens ? Oui… peut-être.",
    "« C’est fini. » Il part.\nUne ligne\n\n\nEt une autre   avec espaces.  ",
    "Pas de point final\r\nDeuxième ligne\r\n",
    "M. Dupont (né en 1950.) est là. 3.14 n'est pas une fin.",
    "(Fin.) Oui.",
    "«Fini.» Oui.",
    "\u00a0Espace insécable au début. Et\u2009fine.\u00a0",
    unicodedata.normalize("NFD", "Été brûlant. Où êtes-vous ?"),
]


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
def test_sentence_spans_cover_every_non_blank_char_once(text):
    spans = list(sentence_spans(text))
    covered = [0] * len(text)
    prev_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= prev_end, "spans must be sorted and disjoint"
        assert not text[start].isspace() and not text[end - 1].isspace(), "spans are stripped"
        for i in range(start, end):
            covered[i] += 1
        prev_end = end
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i] == 1, (i, ch)


def test_sentence_spans_split_at_sentence_ends_and_lines():
    text = "Le chat dort. Il fait beau !\nQue ce soit clair."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Le chat dort.",
        "Il fait beau !",
        "Que ce soit clair.",
    ]


def test_document_joins_only_the_compounds_it_is_told_to():
    from frtextfix.document import Document

    text = "Celui-là a dit à Jean-Pierre : vcelui-làle."
    plain = Document.from_text(text)
    assert "celui" in plain.forms and "jean" in plain.forms
    doc = Document.from_text(text, lambda key: "celui-là" in key)
    assert doc.forms == ["celui-là", "a", "dit", "à", "jean", "pierre", "vcelui-làle"]
    assert text[doc.tokens[0].start:doc.tokens[0].end] == "Celui-là"
    # a compound neighbour counts as its parts in the language model's window
    assert doc.window(1, 0) == ("celui", "là", "dit", "à")


def test_a_letter_is_an_elided_word_only_before_an_apostrophe():
    from frtextfix.document import Document
    from frtextfix.grammar import NOT_ELIDED

    doc = Document.from_text("On lit factorielle n soit n! ou l'culture.")
    n_soit = doc.forms.index("soit")
    assert doc.forms[n_soit - 1] == "n"
    assert doc.grammar_prev(n_soit, "n") == NOT_ELIDED  # « n soit »: a variable
    culture = doc.forms.index("culture")
    assert doc.grammar_prev(culture, "l") == "l"


def test_part_of_a_capitalised_name():
    from frtextfix.document import Document

    text = ("Il vit aux États-ceis. Peut-eux partir ? La question est : Peut-eux partir ? "
            "Il habite Clichy-sous-bois.")
    doc = Document.from_text(text)
    part = {t.text: k for k, t in enumerate(doc.tokens)}
    assert doc.in_capitalised_name(part["ceis"])
    assert doc.in_capitalised_name(part["bois"])
    # a capital that only starts a sentence, or follows a colon, makes no name
    first_eux = next(k for k, t in enumerate(doc.tokens) if t.text == "eux")
    assert not doc.in_capitalised_name(first_eux)
    assert not doc.in_capitalised_name(part["eux"])
    assert not doc.in_capitalised_name(part["vit"])
