"""Shipped data and loaders: relations that must hold, never exact counts."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import math
from pathlib import Path

import msgpack
import pytest

from frtextfix import resources
from frtextfix.lm import BOS, EOS, BigramLM, TrigramLM
from frtextfix.resources import (
    BIGRAMS_FILE,
    BIGRAMS_FORMAT,
    BIGRAMS_VERSION,
    ENGINE_TABLES_FILE,
    ENGINE_TABLES_FORMAT,
    ENGINE_TABLES_VERSION,
    THESAURUS_FORMAT,
    THESAURUS_VERSION,
    TOPICS_FORMAT,
    TOPICS_VERSION,
    TRIGRAMS_FILE,
    TRIGRAMS_FORMAT,
    TRIGRAMS_VERSION,
    DataFileError,
    Thesaurus,
    bigram_model,
    language_model,
    read_data_file,
    thesaurus,
    word_frequencies,
    write_data_file,
)


@pytest.fixture(scope="module")
def lm() -> BigramLM:
    return language_model()


# ----------------------------------------------------------------------------- thesaurus


def test_thesaurus_forward_and_inverse() -> None:
    th = thesaurus()
    assert "chez" in th.synonyms("en")
    assert "en" in th.headwords_listing("chez")
    assert th.lists("en", "chez")
    # The seed's rules are all thesaurus pairs.
    for original, replacement in [
        ("la", "une"),
        ("ou", "soit"),
        ("ce", "le"),
        ("les", "leptocéphale"),
        ("pays", "race"),
        ("lovelace", "séducteur"),
        ("croissance", "essor"),
        ("ou", "ou bien"),
    ]:
        assert th.lists(original, replacement), (original, replacement)
        assert original in th.headwords_listing(replacement)


def test_thesaurus_shape() -> None:
    th = thesaurus()
    assert thesaurus() is th  # cached
    assert "en" in th.headwords and "chez" in th.replacements
    assert th.synonyms("pas-un-mot") == ()
    assert th.headwords_listing("pas-un-mot") == ()
    for head in ["en", "la", "abandon"]:
        syns = th.synonyms(head)
        assert list(syns) == sorted(set(syns))
        assert head not in syns
    # Keys are lower-cased NFC, with glosses and odd spaces cleaned away.
    assert all(h == h.lower() for h in th.headwords)
    assert not any("(" in s or "\u00a0" in s or s != s.strip() for s in th.replacements)


def test_thesaurus_from_forward() -> None:
    th = Thesaurus.from_forward({"en": ["chez", "dans"], "à": ["chez"]})
    assert th.headwords_listing("chez") == ("en", "à")
    assert th.replacements == frozenset({"chez", "dans"})
    with pytest.raises(AttributeError):
        th.headwords = frozenset()  # type: ignore[misc]


# ----------------------------------------------------------------------------- word frequencies


def test_word_frequencies() -> None:
    freqs = word_frequencies()
    assert freqs["présente"] > 0
    assert "préschezte" not in freqs
    assert freqs["de"] > freqs["présente"]


def test_wordfreq_list_read_as_wordfreq_reads_it() -> None:
    # the cold start reads wordfreq's file without importing wordfreq: the same buckets as
    # its own reader, the same frequencies as its dictionary
    from wordfreq import get_frequency_dict, get_frequency_list

    from frtextfix.resources import _wordfreq_buckets

    assert _wordfreq_buckets("fr", "large") == get_frequency_list("fr", wordlist="large")
    assert _wordfreq_buckets("xx", "large") is None  # no such file: wordfreq decides
    freqs = word_frequencies()  # (completed in place with the corpora's words by Lexicon)
    assert all(freqs[word] == f for word, f in get_frequency_dict("fr", wordlist="large").items())


# ----------------------------------------------------------------------------- language model


def test_lm_prefers_original_context(lm: BigramLM) -> None:
    assert lm.logprob("de", "beaucoup") > lm.logprob("du", "beaucoup")
    assert lm.logprob("la", "de") > lm.logprob("une", "de")
    assert lm.logprob("effet", "en") > lm.logprob("effet", "chez")
    assert lm.logprob("en", "à") > lm.logprob("chez", "à")
    assert lm.bigram_count("beaucoup", "de") > lm.bigram_count("beaucoup", "du")
    assert lm.count("de") > lm.count("présente") > 0
    assert "de" in lm and "préschezte" not in lm


def test_lm_open_vocabulary(lm: BigramLM) -> None:
    for word, prev in [("préschezte", "de"), ("de", "préschezte"), ("qwx", "zzv"), ("", "")]:
        lp = lm.logprob(word, prev)
        assert math.isfinite(lp) and lp < 0
    assert lm.logprob("préschezte", "la") < lm.logprob("présente", "la")
    assert lm.count("préschezte") == 0 and lm.bigram_count("de", "préschezte") == 0
    assert math.isfinite(lm.unigram_logprob("préschezte"))
    assert lm.unigram_logprob("de") > lm.unigram_logprob("présente") > lm.unigram_logprob("qwx")


def test_lm_distribution_sums_to_at_most_one(lm: BigramLM) -> None:
    # The table holds words seen twice or more; the rest of the mass is for the other words.
    vocab = [w for w in lm._ids if w != BOS]
    for prev in ["beaucoup", "de", BOS]:
        total = sum(math.exp(lm.logprob(w, prev)) for w in vocab)
        assert 0.9 < total <= 1.0 + 1e-9, (prev, total)


def test_sequence_logprob(lm: BigramLM) -> None:
    clean = [BOS, "la", "séance", "est", "ouverte", EOS]
    spun = [BOS, "une", "séance", "est", "ouverte", EOS]
    assert lm.sequence_logprob(clean) > lm.sequence_logprob(spun)
    expected = sum(lm.logprob(w, p) for p, w in itertools.pairwise(clean))
    assert lm.sequence_logprob(clean) == pytest.approx(expected)
    assert lm.sequence_logprob(["de"]) == 0.0
    assert language_model() is lm  # cached


# ----------------------------------------------------------------------------- trigram model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def lm3() -> TrigramLM:
    model = language_model()
    assert isinstance(model, TrigramLM)
    return model


def test_trigram_model_replaces_bigram(lm3: TrigramLM) -> None:
    # Same bigram API and answers as the bigram-only model.
    bi = bigram_model()
    assert isinstance(lm3, BigramLM) and type(bi) is BigramLM
    assert lm3.vocabulary() == bi.vocabulary() and lm3.tokens == bi.tokens
    for word, prev in [("de", "beaucoup"), ("séance", "la"), ("qwx", "de"), ("de", "qwx")]:
        assert lm3.logprob(word, prev) == bi.logprob(word, prev)
        assert lm3.unigram_logprob(word) == bi.unigram_logprob(word)
        assert lm3.count(word) == bi.count(word) and (word in lm3) == (word in bi)
    sent = [BOS, "la", "séance", "est", "ouverte", EOS]
    assert lm3.sequence_logprob(sent) == bi.sequence_logprob(sent)


def test_trigram_prefers_seen_context(lm3: TrigramLM) -> None:
    # "la peine" after "vaut" (ça vaut la peine) beats "la peine" after "de", and both the
    # trigram and the bigram agree that "la séance est ouverte" is a set phrase.
    assert lm3.logprob3("peine", "vaut", "la") > lm3.logprob3("peine", "de", "la")
    assert lm3.logprob3("peine", "vaut", "la") > lm3.logprob("peine", "la")
    assert lm3.logprob3("ouverte", "séance", "est") > lm3.logprob("ouverte", "est")
    assert lm3.logprob3("parole", "donne", "la") > lm3.logprob("parole", "la")
    assert lm3.trigram_count("séance", "est", "ouverte") > lm3.trigram_count(
        "peine", "est", "ouverte"
    )
    assert lm3.context_logprob(BOS, "la", "séance", "est", "ouverte") > lm3.context_logprob(
        BOS, "une", "séance", "est", "ouverte"
    )
    assert lm3.context_logprob(BOS, BOS, "la", "séance", "est") > lm3.context_logprob(
        BOS, BOS, "une", "séance", "est"
    )


def test_trigram_backs_off_to_bigram(lm3: TrigramLM) -> None:
    # Unseen or unknown contexts give exactly the bigram probability.
    for word, prev2, prev1 in [
        ("ouverte", "peine", "est"),
        ("de", "qwx", "beaucoup"),
        ("séance", "préschezte", "la"),
        ("la", BOS, BOS),
        ("qwx", "zzv", "de"),
    ]:
        assert lm3.logprob3(word, prev2, prev1) == pytest.approx(lm3.logprob(word, prev1))


def test_trigram_open_vocabulary(lm3: TrigramLM) -> None:
    for args in [
        ("préschezte", "de", "la"),
        ("de", "préschezte", "la"),
        ("qwx", "zzv", "yyk"),
        ("", "", ""),
        ("peine", "de", "préschezte"),
    ]:
        lp = lm3.logprob3(*args)
        assert math.isfinite(lp) and lp < 0, args
    assert lm3.logprob3("préschezte", "de", "la") < lm3.logprob3("peine", "de", "la")
    assert math.isfinite(lm3.context_logprob("qwx", "zzv", "préschezte", "yyk", EOS))


def test_trigram_distribution_sums_to_at_most_one(lm3: TrigramLM) -> None:
    vocab = [w for w in lm3.vocabulary() if w != BOS]
    for ctx in [("de", "la"), (BOS, "la"), ("la", "parole"), ("peine", "est")]:
        total = sum(math.exp(lm3.logprob3(w, *ctx)) for w in vocab)
        assert 0.9 < total <= 1.0 + 1e-9, (ctx, total)


def test_context_logprob_and_sequence(lm3: TrigramLM) -> None:
    u, v, w, x, y = "la", "parole", "est", "à", "monsieur"
    expected = lm3.logprob3(w, u, v) + lm3.logprob3(x, v, w) + lm3.logprob3(y, w, x)
    assert lm3.context_logprob(u, v, w, x, y) == pytest.approx(expected)
    # Nothing follows </s>: next2 is ignored.
    end = lm3.logprob3("remercie", "je", "vous") + lm3.logprob3(EOS, "vous", "remercie")
    assert lm3.context_logprob("je", "vous", "remercie", EOS, "qwx") == pytest.approx(end)
    assert lm3.context_logprob("je", "vous", "remercie", EOS, EOS) == pytest.approx(end)
    sent = [BOS, "la", "séance", "est", "ouverte", EOS]
    expected = lm3.logprob("la", BOS) + sum(
        lm3.logprob3(sent[i], sent[i - 2], sent[i - 1]) for i in range(2, len(sent))
    )
    assert lm3.sequence_logprob3(sent) == pytest.approx(expected)
    assert lm3.sequence_logprob3(["de"]) == 0.0


def test_trigram_perplexity_below_bigram(lm3: TrigramLM) -> None:
    from frtextfix.tokenize import word_keys

    # Held-out text (GSD dev, never in the train split).
    lines = (FIXTURES / "gsd-dev-sample.txt").read_text(encoding="utf-8").splitlines()[:80]
    sents = [[BOS, *toks, EOS] for toks in map(word_keys, lines) if toks]
    n = sum(len(s) - 1 for s in sents)
    pp2 = math.exp(-sum(lm3.sequence_logprob(s) for s in sents) / n)
    pp3 = math.exp(-sum(lm3.sequence_logprob3(s) for s in sents) / n)
    assert n > 1000
    assert pp3 < pp2 < 5000, (pp2, pp3)


def test_trigram_file_matches_bigram_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.resources import files

    data = files("frtextfix") / "data"
    header = read_data_file(data / TRIGRAMS_FILE, TRIGRAMS_FORMAT, TRIGRAMS_VERSION)["header"]
    bheader = read_data_file(data / BIGRAMS_FILE, BIGRAMS_FORMAT, BIGRAMS_VERSION)["header"]
    assert header["license"] == "CC BY-SA 4.0" and header["source"] == bheader["source"]
    assert header["built"] == bheader["built"]

    # No trigram file: the bigram model; a trigram file of another build: a clear error.
    (tmp_path / BIGRAMS_FILE).write_bytes((data / BIGRAMS_FILE).read_bytes())
    monkeypatch.setattr(resources, "_data_path", lambda name: tmp_path / name)
    monkeypatch.setattr(resources, "bigram_model", resources.bigram_model.__wrapped__)
    assert type(resources.language_model.__wrapped__()) is BigramLM
    write_data_file(
        tmp_path / TRIGRAMS_FILE,
        {**header, "bigrams_sha256": "0" * 64},
        {
            k: v
            for k, v in read_data_file(data / TRIGRAMS_FILE, TRIGRAMS_FORMAT, 1).items()
            if k != "header"
        },
    )
    model = resources.language_model.__wrapped__()  # the trigrams are read on first use
    with pytest.raises(DataFileError, match="rebuild"):
        model.logprob3("séance", "la", "de")


def test_trigrams_are_read_when_first_needed() -> None:
    # the same model whether its trigram tables are read at once or on first use
    from importlib.resources import files

    data = files("frtextfix") / "data"
    bi = read_data_file(data / BIGRAMS_FILE, BIGRAMS_FORMAT, BIGRAMS_VERSION)
    tri = read_data_file(data / TRIGRAMS_FILE, TRIGRAMS_FORMAT, TRIGRAMS_VERSION)
    reads = []
    lazy = TrigramLM.with_trigrams_on_first_use(bi, lambda: reads.append(1) or tri)
    eager = TrigramLM.from_data(bi, tri)
    assert lazy.logprob("séance", "la") == eager.logprob("séance", "la") and not reads
    for window in [("<s>", "la", "séance", "est", "ouverte"), ("de", "la", "qwx", "de", "la")]:
        assert lazy.context_logprob(*window) == eager.context_logprob(*window)
    assert lazy.trigram_count("la", "séance", "est") == eager.trigram_count("la", "séance", "est")
    assert reads == [1]


# ----------------------------------------------------------------------------- file format


def test_header_mismatch_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.msgpack.gz"
    header = {"format": THESAURUS_FORMAT, "version": THESAURUS_VERSION + 1}
    write_data_file(path, header, {"forward": {}})
    with pytest.raises(DataFileError, match="version"):
        read_data_file(path, THESAURUS_FORMAT, THESAURUS_VERSION)
    with pytest.raises(DataFileError, match="format"):
        read_data_file(path.read_bytes(), BIGRAMS_FORMAT, THESAURUS_VERSION + 1)

    no_header = tmp_path / "y.msgpack.gz"
    no_header.write_bytes(gzip.compress(msgpack.packb({"forward": {}})))
    with pytest.raises(DataFileError, match="no header"):
        read_data_file(no_header, THESAURUS_FORMAT, THESAURUS_VERSION)

    garbage = tmp_path / "z.msgpack.gz"
    garbage.write_bytes(b"not gzip")
    with pytest.raises(DataFileError, match="not readable"):
        read_data_file(garbage, THESAURUS_FORMAT, THESAURUS_VERSION)
    with pytest.raises(DataFileError, match="missing"):
        read_data_file(tmp_path / "absent.gz", THESAURUS_FORMAT, THESAURUS_VERSION)


def test_write_is_deterministic(tmp_path: Path) -> None:
    header = {"format": "f", "version": 1}
    write_data_file(tmp_path / "a", header, {"k": [1, 2]})
    write_data_file(tmp_path / "b", header, {"k": [1, 2]})
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


def test_shipped_headers() -> None:
    from importlib.resources import files

    data = files("frtextfix") / "data"
    for name, fmt, version, lic in [
        ("thesaurus.msgpack.gz", THESAURUS_FORMAT, THESAURUS_VERSION, "LGPL-2.1-or-later"),
        ("fr_bigrams.msgpack.gz", BIGRAMS_FORMAT, BIGRAMS_VERSION, "CC BY-SA 4.0"),
        ("fr_trigrams.msgpack.gz", TRIGRAMS_FORMAT, TRIGRAMS_VERSION, "CC BY-SA 4.0"),
        ("fr_topics.msgpack.gz", TOPICS_FORMAT, TOPICS_VERSION, "CC BY-SA 4.0"),
        (ENGINE_TABLES_FILE, ENGINE_TABLES_FORMAT, ENGINE_TABLES_VERSION, "CC BY-SA 4.0"),
    ]:
        header = read_data_file(data / name, fmt, version)["header"]
        assert header["license"] == lic
        assert header["source"] and header["built"][:2] == "20"


# ----------------------------------------------------------------------------- corpus split


def test_corpus_split_rule(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "corpora", Path(__file__).resolve().parents[1] / "scripts" / "corpora.py"
    )
    assert spec and spec.loader
    corpora = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpora)

    root = tmp_path / "corpora"
    lines = [f"ligne {i}" for i in range(205)]
    for name, rel in corpora.LINE_CORPORA.items():
        (root / name).mkdir(parents=True)
        with gzip.open(root / rel, "wt", encoding="utf-8") as f:
            f.write("\n\n".join(lines) + "\n")  # blank lines are skipped
    (root / "fr-gsd").mkdir()
    (root / "fr-gsd" / "train.txt").write_text("a\nb\n\nc\n", encoding="utf-8")
    (root / "fr-gsd" / "dev.txt").write_text("d0\n\nd1\nd1b\n\nd2\n", encoding="utf-8")

    docs = {s: list(corpora.iter_documents(s, shared=tmp_path)) for s in corpora.SPLITS}
    debats = {s: [t for c, t in d if c == "fr-an-debats"] for s, d in docs.items()}
    assert len(debats["tune"]) == 2 and len(debats["test"]) == 2
    assert debats["tune"][0].split("\n")[0] == "ligne 80"  # document 8
    assert debats["test"][1].split("\n")[-1] == "ligne 199"  # document 19
    assert debats["train"][-1] == "ligne 200\nligne 201\nligne 202\nligne 203\nligne 204"
    assert sum(t.count("\n") + 1 for docs_ in debats.values() for t in docs_) == 205
    assert list(corpora.iter_documents("train", "fr-gsd", tmp_path)) == [
        ("fr-gsd", "a\nb"),
        ("fr-gsd", "c"),
    ]
    assert [t for _, t in corpora.iter_documents("tune", "fr-gsd", tmp_path)] == ["d0", "d2"]
    assert [t for _, t in corpora.iter_documents("test", "fr-gsd", tmp_path)] == ["d1\nd1b"]
    with pytest.raises(ValueError):
        next(corpora.iter_documents("dev", shared=tmp_path))


def test_switching_the_context_model_drops_remembered_fits():
    import frtextfix

    lex = frtextfix.Repairer().lexicon
    window = ("<s>", "le", "dort", "</s>")
    with_trigrams = lex.fit(window, "chat")
    lex.use_trigrams = False
    try:
        assert lex.fit(window, "chat") == lex.lm.logprob("chat", "le") + lex.lm.logprob("dort", "chat")
    finally:
        lex.use_trigrams = True
    assert lex.fit(window, "chat") == with_trigrams


def test_span_logprob_of_one_word_is_the_context_logprob(lm3: TrigramLM) -> None:
    assert lm3.span_logprob("la", "parole", ["est"], "à", "monsieur") == pytest.approx(
        lm3.context_logprob("la", "parole", "est", "à", "monsieur"))
    two = lm3.span_logprob("<s>", "<s>", ["celui", "là"], "est", "parti")
    expected = (lm3.logprob3("celui", "<s>", "<s>") + lm3.logprob3("là", "<s>", "celui")
                + lm3.logprob3("est", "celui", "là") + lm3.logprob3("parti", "là", "est"))
    assert two == pytest.approx(expected)


def test_hyphenated_compounds_are_judged_as_their_parts():
    import frtextfix

    lex = frtextfix.Repairer().lexicon
    # known parts: a frequency from the model, below that of the first part
    assert 0.0 < lex.frequency("celui-là") < lex.frequency("celui")
    assert lex.is_known("lui-même") and lex.knows("lui-même")
    # an unknown part makes the compound unknown
    assert lex.frequency("marsecelui-làle") == 0.0 and not lex.knows("marsecelui-làle")
    window = ("<s>", "<s>", "est", "parti")
    assert lex.fit(window, "celui-là") == pytest.approx(
        lex.lm.span_logprob("<s>", "<s>", ["celui", "là"], "est", "parti"))


def test_the_plural_of_a_known_compound_is_known():
    """wordfreq splits words at hyphens, so it has ``en-têtes`` at 1.5e-8, far below its use:
    taken for an unknown word, it was "explained" by ``introduction → en-tête`` in manual
    pages. The plural of a compound French knows is French."""
    import frtextfix

    lex = frtextfix.Repairer().lexicon
    for singular in ("en-tête", "arrière-plan"):
        assert lex.is_known(singular)
        assert lex.frequency(singular + "s") == pytest.approx(lex.frequency(singular))
    assert not lex.is_known("marsecelui-làles")


def test_letter_model_tells_a_spun_spelling_from_a_genuine_one():
    """The letter model behind repairs of unknown words (``Lexicon.letters``): undoing a swap
    inside a spun name gains a lot; "undoing" it inside a genuine word does not."""
    import frtextfix

    letters = frtextfix.Repairer().lexicon.letters
    gain = letters.logprob("carquinez") - letters.logprob("carquipasz")  # ne → pas
    assert gain > 5.0
    assert letters.logprob("necal") - letters.logprob("pascal") < 1.0
    assert letters.logprob("enmment") < letters.logprob("comment")


# ----------------------------------------------------------------------------- letter model


def test_letter_model_counts_every_position() -> None:
    # The counts match a position-by-position tally: padding at both ends, each word once,
    # and every context counted as often as the grams it starts.
    from collections import Counter

    from frtextfix.lm import LetterModel

    words = ["ananas", "été", "a", "barbara", "ananas"]
    model = LetterModel(words)
    grams: Counter[str] = Counter()
    contexts: Counter[str] = Counter()
    for w in words:
        x = "^^^" + w + "$"
        for i in range(3, len(x)):
            grams[x[i - 3:i + 1]] += 1
            contexts[x[i - 3:i]] += 1
    assert model._grams == dict(grams) and model._contexts == dict(contexts)
    assert model.logprob("ananas") > model.logprob("sanana")


# ----------------------------------------------------------------------------- engine tables


def test_shipped_engine_tables_are_the_computed_ones() -> None:
    # The tables shipped for the default lexicon (scripts/build_engine_tables.py) are exactly
    # what the engine computes without them, and the default lexicon reads them.
    from frtextfix.lexicon import Lexicon
    from frtextfix.lm import LetterModel
    from frtextfix.rules import compute_word_tables

    shipped = resources.engine_tables()
    if shipped is None:
        pytest.skip("another wordfreq list is installed: the tables are computed, not read")
    lexicon = Lexicon()
    assert lexicon.shipped_tables is shipped
    computed = compute_word_tables(lexicon)
    assert list(shipped["top_words"]) == computed["top_words"]
    assert dict(shipped["short_substring_rates"]) == computed["short_substring_rates"]
    assert [tuple(pair) for pair in shipped["common_groups"]] == computed["common_groups"]
    assert dict(shipped["letter_grams"]) == computed["letter_grams"]
    counted = LetterModel(lexicon.letter_words())
    assert lexicon.letters._grams == counted._grams
    assert lexicon.letters._contexts == counted._contexts


def test_engine_tables_from_other_inputs_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # built from another wordfreq list: ignored, and the engine computes the tables itself
    import frtextfix
    from frtextfix.lexicon import Lexicon

    resources.engine_tables.cache_clear()
    monkeypatch.setattr(resources, "engine_tables_inputs",
                        lambda: {"wordfreq_sha256": "0" * 64, "bigrams_sha256": "0" * 64})
    try:
        assert resources.engine_tables() is None
        assert Lexicon().shipped_tables is None
        damaged = "Nvidia préschezte sa nouvelle puce. Les cartes arriveront chez octobre."
        repaired = frtextfix.Repairer(lexicon=Lexicon()).repair(damaged)
        assert repaired.text == frtextfix.repair(damaged).text
        assert repaired.text == "Nvidia présente sa nouvelle puce. Les cartes arriveront en octobre."
    finally:
        resources.engine_tables.cache_clear()
    assert Lexicon(frequencies={"chat": 1e-4}).shipped_tables is None  # not the default lexicon


def test_english_words_are_the_frequent_ones_of_wordfreqs_list():
    from frtextfix.resources import english_words

    words = english_words()
    assert {"socket", "comments", "the"} <= words
    assert "préschezte" not in words and "zsh" not in words  # (Zipf 1.5 in English)
    assert 20_000 < len(words) < 40_000


def test_the_backoff_bias_is_taken_where_neither_word_was_seen_before_the_neighbour():
    """Before a word the model has seen after neither candidate, its difference is the ratio
    of their back-off weights, no evidence: « comme » reads 1.5 nats better than « pour »
    before any such word. Where either was seen, the difference is the model's own."""
    from frtextfix.lexicon import Lexicon

    lex = Lexicon()
    lm = lex.lm
    assert not lm.bigram_count("comme", "zzzz") and not lm.bigram_count("pour", "zzzz")
    bias = lex.backoff_bias(("tapez", "y", "zzzz", "le"), "comme", "pour")
    assert bias > 1.0
    assert bias == lex.backoff_bias(("a", "b", "zzzz", "c"), "comme", "pour")
    assert lm.bigram_count("pour", "la")
    assert lex.backoff_bias(("tapez", "y", "la", "le"), "comme", "pour") == 0.0
    assert lex.backoff_bias(("tapez", "y", "</s>", "</s>"), "comme", "pour") == 0.0
