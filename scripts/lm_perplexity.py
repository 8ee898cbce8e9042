"""Per-word perplexity of the shipped bigram and trigram models on held-out text.

Default: the first ``--lines`` non-empty lines of every corpus of the **tune** split
(``scripts/corpora.py``), tokenized like the training text (``word_keys`` per line, ``<s>`` …
``</s>``; ``</s>`` is predicted, ``<s>`` is not). ``--file`` scores a text file instead.
Also prints the load time and the time per ``logprob`` / ``logprob3`` / ``context_logprob``.

Usage::

    PYTHONPATH=src python scripts/lm_perplexity.py [--lines 1000] [--file PATH]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

import corpora

from frtextfix import resources
from frtextfix.lm import BOS, EOS, TrigramLM
from frtextfix.tokenize import word_keys


def sentences(lines: list[str]) -> list[list[str]]:
    out = []
    for line in lines:
        toks = word_keys(line)
        if toks:
            out.append([BOS, *toks, EOS])
    return out


def perplexities(sents: list[list[str]]) -> tuple[int, float, float]:
    lm = resources.language_model()
    n = sum(len(s) - 1 for s in sents)
    lp2 = sum(lm.sequence_logprob(s) for s in sents)
    assert isinstance(lm, TrigramLM), "fr_trigrams.msgpack.gz is missing"
    lp3 = sum(lm.sequence_logprob3(s) for s in sents)
    return n, math.exp(-lp2 / n), math.exp(-lp3 / n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=1000, help="lines per tune corpus")
    ap.add_argument("--file", type=Path, default=None)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    resources.bigram_model()
    t1 = time.perf_counter()
    lm = resources.language_model()
    t2 = time.perf_counter()
    print(f"load: bigram {t1 - t0:.3f} s, trigram (bigram + trigram files) {t2 - t1:.3f} s; {lm!r}")

    if args.file:
        groups = {str(args.file): args.file.read_text(encoding="utf-8").splitlines()}
    else:
        groups = {}
        for name in corpora.CORPORA:
            lines = [ln for _, ln in corpora.iter_lines("tune", name) if ln.strip()]
            groups[name] = lines[: args.lines]
    all_sents: list[list[str]] = []
    print(f"{'text':16} {'lines':>6} {'words':>7} {'bigram':>8} {'trigram':>8}")
    for name, lines in groups.items():
        sents = sentences(lines)
        all_sents += sents
        n, pp2, pp3 = perplexities(sents)
        print(f"{name:16} {len(sents):6d} {n:7d} {pp2:8.1f} {pp3:8.1f}")
    n, pp2, pp3 = perplexities(all_sents)
    print(f"{'all':16} {len(all_sents):6d} {n:7d} {pp2:8.1f} {pp3:8.1f}")

    assert isinstance(lm, TrigramLM), "fr_trigrams.msgpack.gz is missing"
    triples = [(s[i - 2], s[i - 1], s[i]) for s in all_sents for i in range(2, len(s))][:200_000]
    for label, call in [
        ("logprob", lambda: [lm.logprob(w, v) for _, v, w in triples]),
        ("logprob3", lambda: [lm.logprob3(w, u, v) for u, v, w in triples]),
        ("context_logprob", lambda: [lm.context_logprob(u, v, w, u, v) for u, v, w in triples]),
    ]:
        t = time.perf_counter()
        call()
        print(f"{label}: {(time.perf_counter() - t) / len(triples) * 1e6:.2f} µs/call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
