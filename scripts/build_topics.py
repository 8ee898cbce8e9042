"""Build ``src/frtextfix/data/fr_topics.msgpack.gz``: what each French content word is about.

A spinner's content-word swap (``croissance`` → ``essor``, ``pays`` → ``race``) leaves no
unknown word and often reads well between its neighbours; what gives it away is that the
replacement is off the text's subject while the original is on it (``race`` in an article on
Guinea's oil and its president). This script gives every content word a short vector such that
two words that appear in the same documents point the same way:

* input: the **train** split of the clean corpora (``scripts/corpora.py``), never tune/test;
  a document is the split's unit (10 lines of one corpus, a block of GSD);
* words: the lookup keys (``frtextfix.tokenize.word_keys``) of at least three letters that
  appear in at least ``MIN_DOCUMENTS`` documents and are not function words (wordfreq
  frequency below 1e-3, as in the rule engine);
* co-occurrence: the number of documents holding both a word and each of the ``N_CONTEXTS``
  most widespread words; positive PMI (context distribution smoothed with exponent 0.75,
  Levy, Goldberg & Dagan 2015); truncated SVD to ``DIM`` dimensions, rows weighted by the
  square root of the singular values and scaled to unit length;
* stored as signed bytes (the unit vector times 127), one row per word, with the words in
  the same order.

Deterministic for a given corpus and numpy/LAPACK build. numpy is a build-time dependency only
(the ``bench`` extra); the package reads the file with the standard library.

    python scripts/build_topics.py            # about two minutes, about 2 MB
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import corpora
import numpy as np
from build_lm import SOURCE, build_date
from wordfreq import word_frequency

from frtextfix.resources import TOPICS_FILE, TOPICS_FORMAT, TOPICS_VERSION, write_data_file
from frtextfix.rules import FUNCTION_WORD_FREQUENCY
from frtextfix.tokenize import word_keys

OUTPUT = REPO / "src" / "frtextfix" / "data" / TOPICS_FILE
MIN_DOCUMENTS = 5
N_CONTEXTS = 3000
DIM = 64
SMOOTHING = 0.75


def document_words(shared: Path | None) -> list[set[str]]:
    """The distinct candidate words of every train document."""
    return [{w for w in word_keys(doc) if len(w) >= 3 and w.isalpha()}
            for _, doc in corpora.iter_documents("train", shared=shared)]


def build(docs: list[set[str]]) -> tuple[list[str], np.ndarray]:
    df: Counter[str] = Counter()
    for words in docs:
        df.update(words)
    vocab = sorted(w for w, c in df.items()
                   if c >= MIN_DOCUMENTS and word_frequency(w, "fr") < FUNCTION_WORD_FREQUENCY)
    index = {w: i for i, w in enumerate(vocab)}
    contexts = sorted(vocab, key=lambda w: (-df[w], w))[:N_CONTEXTS]
    cindex = {w: j for j, w in enumerate(contexts)}
    counts = np.zeros((len(vocab), len(contexts)), dtype=np.float64)
    for words in docs:
        rows = np.array(sorted(index[w] for w in words if w in index), dtype=np.int64)
        cols = np.array(sorted(cindex[w] for w in words if w in cindex), dtype=np.int64)
        if len(rows) and len(cols):
            counts[np.ix_(rows, cols)] += 1.0
    for w, j in cindex.items():  # a word's own documents say nothing of its subject
        counts[index[w], j] = 0.0
    total = counts.sum()
    p_word = counts.sum(axis=1, keepdims=True) / total
    p_ctx = counts.sum(axis=0, keepdims=True) ** SMOOTHING
    p_ctx /= p_ctx.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((counts / total) / (p_word * p_ctx))
    ppmi = np.where(np.isfinite(pmi) & (pmi > 0.0), pmi, 0.0).astype(np.float32)
    u, s, _ = np.linalg.svd(ppmi, full_matrices=False)
    vectors = u[:, :DIM] * np.sqrt(s[:DIM])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    return vocab, vectors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=None, help="shared folder (has corpora/)")
    ap.add_argument("--output", type=Path, default=OUTPUT)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = document_words(args.shared)
    vocab, vectors = build(docs)
    quantised = np.clip(np.rint(vectors * 127.0), -127, 127).astype(np.int8)
    header = {
        "format": TOPICS_FORMAT,
        "version": TOPICS_VERSION,
        "source": SOURCE,
        "license": "CC BY-SA 4.0",
        "built": build_date(args.shared),
        "tokenizer": "frtextfix.tokenize.word_keys, a document of the train split at a time",
        "min_documents": MIN_DOCUMENTS,
        "contexts": N_CONTEXTS,
        "smoothing": SMOOTHING,
    }
    body = {"vocab": "\n".join(vocab), "dim": DIM, "vectors": quantised.tobytes()}
    size = write_data_file(args.output, header, body)
    print(f"documents={len(docs)} words={len(vocab)} dim={DIM}")
    print(f"{args.output}: {size / 1e6:.2f} MB ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
