"""Build ``fr_bigrams.msgpack.gz`` and ``fr_trigrams.msgpack.gz``: word n-grams for Kneser-Ney.

Input: the **train** split of the clean corpora (``scripts/corpora.py``), never tune/test.
Each corpus line is a sentence; it is tokenized with ``frtextfix.tokenize.word_keys`` (the
exact tokenizer used at repair time) and wrapped in ``<s>`` … ``</s>``.

What is stored in ``src/frtextfix/data/fr_bigrams.msgpack.gz`` (see ``frtextfix.lm.BigramLM``
for how it is used):

* vocabulary: words with count ≥ 2 (plus ``<s>``, ``</s>``), with, per word, its count
  ``c(w)``, its continuation count ``N1+(•w)`` (distinct left neighbours), ``N1+(w•)``
  (distinct right neighbours) and ``N1(w•)`` (right neighbours seen exactly once);
  every continuation count is computed on the **unpruned** bigrams;
* bigrams with count ≥ 2 (both words are then in the vocabulary by construction), as sorted
  keys ``prev_id * V + word_id`` (delta-encoded) and counts, packed little-endian;
* ``N1+(••)`` (number of distinct bigrams before pruning) and the absolute discount
  ``D = n1 / (n1 + 2 n2)`` from the bigram count-of-counts;

and in ``src/frtextfix/data/fr_trigrams.msgpack.gz`` (``frtextfix.lm.TrigramLM``), keyed by the
bigram file's word ids (its header holds the bigram file's SHA-256, checked at load):

* the contexts ``u v`` followed by at least one trigram with count ≥ 2, as sorted keys
  ``u_id * V + v_id`` (delta-encoded u32), with γ(u v) = (N1(uv•) + D2·N2(uv•) +
  D3+·N3+(uv•)) / c(u v) (float64; N1 counts the pruned singletons; every other context has
  γ = 1) and their number of kept trigrams;
* the kept trigrams (count ≥ 2; all three words and both bigrams are then in the bigram
  tables), grouped by context in context order, word ids ascending: word ids and counts (u32);
* the modified-KN discounts ``D1, D2, D3+`` of the trigram count-of-counts (Chen & Goodman).

Deterministic: same corpora → same bytes (``built`` comes from ``$SOURCE_DATE_EPOCH`` or the
newest corpus file's mtime).

Usage::

    PYTHONPATH=src python scripts/build_lm.py            # ~30 s, ~700 MB RAM (both files)
    PYTHONPATH=src python scripts/build_lm.py --no-trigrams   # bigram file only
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
import time
from array import array
from collections import Counter
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import corpora

from frtextfix.lm import BOS, EOS
from frtextfix.resources import (
    BIGRAMS_FILE,
    BIGRAMS_FORMAT,
    BIGRAMS_VERSION,
    TRIGRAMS_FILE,
    TRIGRAMS_FORMAT,
    TRIGRAMS_VERSION,
    write_data_file,
)
from frtextfix.tokenize import word_keys

OUTPUT = REPO / "src" / "frtextfix" / "data" / BIGRAMS_FILE
TRIGRAM_OUTPUT = REPO / "src" / "frtextfix" / "data" / TRIGRAMS_FILE
MIN_COUNT = 2
SOURCE = (
    "train split (scripts/corpora.py) of: UD French-GSD train text (CC BY-SA 4.0, UD French-GSD "
    "contributors); Débats de l'Assemblée nationale 2013-2018 via Common Voice FR (CC0, "
    "attribution: Assemblée nationale); WiViCo v2 Wikipedia/Vikidia snippets (CC BY-SA, "
    "Wikipedia and Vikidia contributors, Ormaechea et al.); Framabook via Common Voice FR (CC0)"
)


def _u32(values: list[int]) -> bytes:
    arr = array("I", values)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr.tobytes()


Trigrams = Counter[tuple[str, str, str]]


def _f64(values: list[float]) -> bytes:
    arr = array("d", values)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr.tobytes()


def count(
    shared: Path | None,
) -> tuple[Counter[str], Counter[tuple[str, str]], Trigrams, int]:
    """Unigram, bigram and trigram counts over the train split, and the number of sentences."""
    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    tri: Trigrams = Counter()
    sentences = 0
    for _, doc in corpora.iter_documents("train", shared=shared):
        for line in doc.split("\n"):
            toks = word_keys(line)
            if not toks:
                continue
            sentences += 1
            seq = [BOS, *toks, EOS]
            uni.update(seq)
            bi.update(pairwise(seq))
            tri.update(zip(seq, seq[1:], seq[2:]))
    return uni, bi, tri, sentences


def build(
    uni: Counter[str], bi: Counter[tuple[str, str]], sentences: int
) -> tuple[dict[str, object], dict[str, int | float]]:
    left: Counter[str] = Counter()  # N1+(•w)
    right: Counter[str] = Counter()  # N1+(v•)
    right1: Counter[str] = Counter()  # N1(v•)
    coc: Counter[int] = Counter()
    for (v, w), c in bi.items():
        left[w] += 1
        right[v] += 1
        if c == 1:
            right1[v] += 1
        if c <= 2:
            coc[c] += 1
    discount = coc[1] / (coc[1] + 2 * coc[2])

    vocab = sorted(w for w, c in uni.items() if c >= MIN_COUNT or w in (BOS, EOS))
    ids = {w: i for i, w in enumerate(vocab)}
    n = len(vocab)
    kept = sorted(ids[v] * n + ids[w] for (v, w), c in bi.items() if c >= MIN_COUNT)
    # Recover counts in key order.
    key_count = {ids[v] * n + ids[w]: c for (v, w), c in bi.items() if c >= MIN_COUNT}
    deltas = [kept[0]] + [b - a for a, b in pairwise(kept)]
    body: dict[str, object] = {
        "vocab": "\n".join(vocab),
        "count": _u32([uni[w] for w in vocab]),
        "left": _u32([left[w] for w in vocab]),
        "right": _u32([right[w] for w in vocab]),
        "right1": _u32([right1[w] for w in vocab]),
        "bigram_key_delta": _u32(deltas),
        "bigram_count": _u32([key_count[k] for k in kept]),
        "bigram_types": len(bi),
        "types": len(uni) - 2,
        "discount": discount,
        "tokens": sum(uni.values()) - 2 * sentences,
        "sentences": sentences,
    }
    stats: dict[str, int | float] = {
        "sentences": sentences,
        "tokens": sum(uni.values()) - 2 * sentences,
        "types": len(uni) - 2,
        "vocab": n,
        "bigram_types": len(bi),
        "bigrams_kept": len(kept),
        "discount": discount,
    }
    assert max(deltas) < 2**32 and n * n < 2**63
    return body, stats


def build_trigrams(
    vocab: list[str], bi: Counter[tuple[str, str]], tri: Trigrams
) -> tuple[dict[str, object], dict[str, int | float]]:
    """Trigram tables keyed by the bigram file's word ids (see ``frtextfix.lm.TrigramLM``).

    A context ``u v`` is stored only if at least one trigram ``u v w`` has count ≥ 2 (else all
    its continuations are pruned singletons and γ(u v) = 1: the model is the bigram one).
    """
    ids = {w: i for i, w in enumerate(vocab)}
    n = len(vocab)
    coc: Counter[int] = Counter()
    n1: Counter[tuple[str, str]] = Counter()  # N1(uv•): pruned singleton continuations
    kept: list[tuple[int, int, int]] = []  # (context key, word id, count)
    for (u, v, w), c in tri.items():
        if c <= 4:
            coc[c] += 1
        if c == 1:
            n1[u, v] += 1
        else:
            # c(u v w) >= 2 implies c(u), c(v), c(w), c(u v) >= 2: all in the bigram tables.
            kept.append((ids[u] * n + ids[v], ids[w], c))
    kept.sort()
    y = coc[1] / (coc[1] + 2 * coc[2])
    discounts = [
        1 - 2 * y * coc[2] / coc[1],
        2 - 3 * y * coc[3] / coc[2],
        3 - 4 * y * coc[4] / coc[3],
    ]
    # γ(u v) = (N1(uv•) + D2 · N2(uv•) + D3+ · N3+(uv•)) / c(u v), for the stored contexts.
    numerator: dict[int, float] = {}
    for key, _, c in kept:
        numerator[key] = numerator.get(key, 0.0) + (discounts[1] if c == 2 else discounts[2])
    contexts = sorted(numerator)
    gammas = []
    for k in contexts:
        u, v = vocab[k // n], vocab[k % n]
        gammas.append((n1[u, v] + numerator[k]) / bi[u, v])
    deltas = [contexts[0]] + [b - a for a, b in pairwise(contexts)]
    sizes = Counter(k for k, _, _ in kept)
    assert max(deltas) < 2**32
    assert all(bi[vocab[k // n], vocab[k % n]] >= 2 for k in contexts)
    body: dict[str, object] = {
        "vocab_size": n,
        "context_key_delta": _u32(deltas),
        "context_gamma": _f64(gammas),
        "context_size": _u32([sizes[k] for k in contexts]),
        "trigram_word": _u32([w for _, w, _ in kept]),
        "trigram_count": _u32([c for _, _, c in kept]),
        "trigram_types": len(tri),
        "discounts": discounts,
        "count_of_counts": [coc[1], coc[2], coc[3], coc[4]],
    }
    stats: dict[str, int | float] = {
        "trigram_types": len(tri),
        "trigrams_kept": len(kept),
        "contexts": len(contexts),
        "D1": discounts[0],
        "D2": discounts[1],
        "D3+": discounts[2],
    }
    return body, stats


def build_date(shared: Path | None) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        ts = int(epoch)
    else:
        root = Path(shared or corpora.default_shared()) / "corpora"
        ts = int(max(p.stat().st_mtime for p in root.rglob("*") if p.is_file()))
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).date().isoformat()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=None, help="shared folder (has corpora/)")
    ap.add_argument("--output", type=Path, default=OUTPUT)
    ap.add_argument("--trigram-output", type=Path, default=TRIGRAM_OUTPUT)
    ap.add_argument("--no-trigrams", action="store_true", help="build the bigram file only")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    uni, bi, tri, sentences = count(args.shared)
    body, stats = build(uni, bi, sentences)
    header = {
        "format": BIGRAMS_FORMAT,
        "version": BIGRAMS_VERSION,
        "source": SOURCE,
        "license": "CC BY-SA 4.0",
        "built": build_date(args.shared),
        "tokenizer": "frtextfix.tokenize.word_keys, one sentence per line, <s> </s>",
        "min_count": MIN_COUNT,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    size = write_data_file(args.output, header, body)
    print(", ".join(f"{k}={v}" for k, v in stats.items()))
    print(f"{args.output}: {size / 1e6:.2f} MB ({time.perf_counter() - t0:.0f} s)")
    if args.no_trigrams:
        return 0
    vocab = str(body["vocab"]).split("\n")
    del body, uni
    tbody, tstats = build_trigrams(vocab, bi, tri)
    theader = {
        **header,
        "format": TRIGRAMS_FORMAT,
        "version": TRIGRAMS_VERSION,
        "bigrams_sha256": hashlib.sha256(args.output.read_bytes()).hexdigest(),
    }
    args.trigram_output.parent.mkdir(parents=True, exist_ok=True)
    size = write_data_file(args.trigram_output, theader, tbody)
    print(", ".join(f"{k}={v}" for k, v in tstats.items()))
    print(f"{args.trigram_output}: {size / 1e6:.2f} MB ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
