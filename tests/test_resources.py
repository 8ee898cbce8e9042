"""Shipped data and loaders: relations that must hold, never exact counts."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import math
from pathlib import Path

import msgpack
import pytest

from frtextfix.lm import BOS, EOS, BigramLM
from frtextfix.resources import (
    BIGRAMS_FORMAT,
    BIGRAMS_VERSION,
    THESAURUS_FORMAT,
    THESAURUS_VERSION,
    DataFileError,
    Thesaurus,
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
