"""Does pooling the documents of one source help? (``Repairer.repair_pooled``)

Pages of one site are spun by the same tool with the same rules. This benchmark makes sources
of short documents from the test split (each source: ``--per-source`` documents of
``--lines`` lines, all spun with one rule set), and measures the error reduction of repairing
each document alone against repairing the documents of a source together.

    python benchmarks/pooling.py --sources 150 --per-source 8 --lines 3
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import frtextfix  # noqa: E402
from corpora import iter_documents  # noqa: E402
from frtextfix.evaluation import distance as token_distance  # noqa: E402
from frtextfix.evaluation import tokens  # noqa: E402
from frtextfix.spinner import spin  # noqa: E402

CORPORA = ("fr-gsd", "fr-wivico", "fr-an-debats", "fr-framabook")


def short_documents(split: str, lines: int, seed: int) -> list[str]:
    out: list[str] = []
    for corpus in CORPORA:
        for _, doc in itertools.islice(iter_documents(split, corpus), 400):
            rows = [r for r in doc.split("\n") if r.strip()]
            for k in range(0, len(rows) - lines + 1, lines):
                out.append("\n".join(rows[k:k + lines]))
    random.Random(seed).shuffle(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=150)
    ap.add_argument("--per-source", type=int, default=8)
    ap.add_argument("--lines", type=int, default=3, help="lines (sentences) per document")
    ap.add_argument("--split", default="test")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    docs = short_documents(args.split, args.lines, args.seed)
    repairer = frtextfix.Repairer()
    before = alone = pooled = 0
    n_docs = n_words = 0
    clean_tokens = clean_changed = 0
    for k in range(args.sources):
        group = docs[k * args.per_source:(k + 1) * args.per_source]
        if len(group) < args.per_source:
            break
        # one rule set for the whole source: spin the joined text, then split it back
        joined = "\n\n".join(group)
        spun = spin(joined, seed=args.seed * 1_000_003 + k)
        spun_docs = spun.text.split("\n\n")
        if len(spun_docs) != len(group):
            continue
        together = repairer.repair_pooled(spun_docs)
        for truth, result in zip(group, repairer.repair_pooled(group)):
            clean_tokens += len(tokens(truth))
            clean_changed += token_distance(tokens(truth), tokens(result.text))
        for truth, damaged, result in zip(group, spun_docs, together):
            t = tokens(truth)
            before += token_distance(t, tokens(damaged))
            alone += token_distance(t, tokens(repairer.repair(damaged).text))
            pooled += token_distance(t, tokens(result.text))
            n_docs += 1
            n_words += len(truth.split())
    print(f"sources: {k + 1}, documents: {n_docs}, words: {n_words} "
          f"(about {n_words / max(n_docs, 1):.0f} words a document), split {args.split}")
    print(f"token errors before repair: {before}")
    print(f"each document alone:  {alone} left, error reduction {100 * (1 - alone / before):.1f} %")
    print(f"pooled by source:     {pooled} left, error reduction {100 * (1 - pooled / before):.1f} %")
    print(f"clean documents pooled the same way: {clean_changed} of {clean_tokens} tokens "
          f"changed ({100 * clean_changed / max(clean_tokens, 1):.3f} %)")


if __name__ == "__main__":
    main()
