"""How much faster is ``Repairer.repair_many(texts, workers=N)`` than one worker?

Each run is a fresh interpreter that loads the models and repairs one warm-up document (as a
notebook would have done), then times ``repair_many`` over the same documents of the test
split, a third of them spun, reading every result's text. Runs with one worker and with
``--workers`` alternate; the outputs must be identical.

    python benchmarks/workers.py --n-docs 3000 --workers 2 --pairs 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def documents(n: int) -> list[str]:
    """``n`` test-split documents (``speed.documents``), every third one spun."""
    from speed import documents as test_documents

    from frtextfix.spinner import spin

    docs = test_documents(n + 1)
    return [spin(d, seed=i).text if i % 3 == 0 else d for i, d in enumerate(docs)]


def one_run(n_docs: int, workers: int) -> dict[str, object]:
    """Time ``repair_many`` in this process (called in a fresh interpreter)."""
    import frtextfix

    docs = documents(n_docs)
    repairer = frtextfix.Repairer()
    repairer.repair(docs[-1])  # the models loaded, as after a first call
    docs = docs[:-1]
    start = time.perf_counter()
    digest = hashlib.sha1()
    for result in repairer.repair_many(docs, workers=workers):
        digest.update(result.text.encode("utf-8"))
    seconds = time.perf_counter() - start
    words = sum(len(d.split()) for d in docs)
    return {"workers": workers, "seconds": seconds, "words": words,
            "digest": digest.hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-docs", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_run(args.n_docs, args.one)))
        return
    print(f"# repair_many, {args.n_docs} test documents (a third spun); "
          f"{platform.platform()}, Python {platform.python_version()}")
    print(f"| pair | workers=1 | workers={args.workers} | speed-up |")
    print("| --- | ---: | ---: | ---: |")
    speedups = []
    digests = set()
    for pair in range(1, args.pairs + 1):
        runs = {}
        order = (1, args.workers) if pair % 2 else (args.workers, 1)
        for w in order:
            out = subprocess.run(
                [sys.executable, __file__, "--n-docs", str(args.n_docs), "--one", str(w)],
                check=True, capture_output=True, text=True).stdout
            runs[w] = json.loads(out.splitlines()[-1])
            digests.add(runs[w]["digest"])
        a, b = runs[1], runs[args.workers]
        speedups.append(a["seconds"] / b["seconds"])
        print(f"| {pair} | {a['seconds']:.1f} s ({a['words'] / a['seconds']:,.0f} words/s) "
              f"| {b['seconds']:.1f} s ({b['words'] / b['seconds']:,.0f} words/s) "
              f"| {speedups[-1]:.2f}× |")
    speedups.sort()
    print(f"\nMedian speed-up {speedups[len(speedups) // 2]:.2f}×; "
          f"outputs identical: {'yes' if len(digests) == 1 else 'NO'}")


if __name__ == "__main__":
    main()
