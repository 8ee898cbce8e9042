"""Speed at web scale: frtextfix next to ftfy.fix_text, in the same process.

Measures, on held-out text (the test split):

* words per second of ``frtextfix.repair`` and ``ftfy.fix_text`` on clean and on spun
  documents, interleaved so that the ratio holds on a noisy machine;
* throughput against document size (clean text), plotted to ``docs/img/speed.png``;
* linearity: a 1 MB and a 10 MB string (clean), the time ratio;
* cold start (import and first call, in a fresh interpreter) and peak memory.

    python benchmarks/speed.py --write-docs      # writes docs/speed.md and docs/img/speed.png
"""

from __future__ import annotations

import argparse
import itertools
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import ftfy  # noqa: E402

import frtextfix  # noqa: E402
from corpora import iter_documents  # noqa: E402
from frtextfix.spinner import spin  # noqa: E402

CORPORA = ("fr-gsd", "fr-wivico", "fr-an-debats", "fr-framabook")


def documents(n: int) -> list[str]:
    per = n // len(CORPORA)
    return [d for c in CORPORA for _, d in itertools.islice(iter_documents("test", c), per)]


def rate(fn: Callable[[str], object], texts: list[str]) -> float:
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return words / (time.perf_counter() - start)


def paired(texts: list[str], repeats: int) -> tuple[float, float]:
    """Median words/s of repair and of ftfy, runs interleaved."""
    ours, theirs = [], []
    for _ in range(repeats):
        ours.append(rate(frtextfix.repair, texts))
        theirs.append(rate(ftfy.fix_text, texts))
    return statistics.median(ours), statistics.median(theirs)


def cold_start() -> tuple[float, float]:
    code = (
        "import time; t = time.perf_counter(); import frtextfix; "
        "frtextfix.repair('Le chat dort sur le canapé.'); "
        "import resource; print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    env_path = str(ROOT / "src")
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r}); {code}"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def peak_memory(text: str) -> float:
    code = (
        "import sys, resource; sys.path.insert(0, sys.argv[1]); import frtextfix; "
        "frtextfix.repair(open(sys.argv[2], encoding='utf-8').read()); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    path = ROOT / "benchmarks" / "out" / "speed-memory.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "src"), str(path)],
                         capture_output=True, text=True, check=True).stdout
    return float(out.split()[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-docs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()
    docs = documents(args.n_docs)
    spun = [spin(d, seed=k).text for k, d in enumerate(docs)]
    frtextfix.repair(docs[0])  # load the data once
    for d in docs + spun:  # warm the per-form caches as a long crawl would
        frtextfix.repair(d)
    clean_r, clean_f = paired(docs, args.repeats)
    spun_r, spun_f = paired(spun, args.repeats)

    big = "\n\n".join(docs)
    sizes = [300, 1_000, 3_000, 10_000, 30_000, 100_000]
    by_size = []
    for size in sizes:
        pieces = [big[i:i + size] for i in range(0, min(len(big), 40 * size), size)]
        pieces = [p for p in pieces if len(p) == size][:40] or [big[:size]]
        by_size.append((size, rate(frtextfix.repair, pieces), rate(ftfy.fix_text, pieces)))

    one_mb = (big * (1_000_000 // len(big) + 1))[:1_000_000]
    ten_mb = (big * (10_000_000 // len(big) + 1))[:10_000_000]
    t = time.perf_counter()
    frtextfix.repair(one_mb)
    t1 = time.perf_counter() - t
    t = time.perf_counter()
    frtextfix.repair(ten_mb)
    t10 = time.perf_counter() - t
    cold, cold_mem = cold_start()
    mem = peak_memory(one_mb)

    lines = [
        "# Speed",
        "",
        "frtextfix next to `ftfy.fix_text` in the same process, on held-out text (the test split",
        "of the corpora), one core. Regenerate with the command below.",
        "",
        f"- Command: `python benchmarks/speed.py --n-docs {args.n_docs} --repeats {args.repeats}"
        " --write-docs`",
        f"- Machine: {platform.platform()}, {platform.machine()}, Python "
        f"{platform.python_version()}; ftfy {ftfy.__version__}",
        "",
        "| text | frtextfix.repair (words/s) | ftfy.fix_text (words/s) | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| clean documents | {clean_r:,.0f} | {clean_f:,.0f} | {clean_r / clean_f:.2f} |",
        f"| spun documents | {spun_r:,.0f} | {spun_f:,.0f} | {spun_r / spun_f:.2f} |",
        "",
        "Throughput against document size (clean text cut into pieces of that many characters):",
        "",
        "| characters | frtextfix (words/s) | ftfy (words/s) |",
        "| ---: | ---: | ---: |",
        *[f"| {s:,} | {a:,.0f} | {b:,.0f} |" for s, a, b in by_size],
        "",
        "![throughput against document size](img/speed.png)",
        "",
        f"- Linearity: a 1 MB string takes {t1:.1f} s, a 10 MB string {t10:.1f} s "
        f"(ratio {t10 / t1:.1f}; long text is analysed in segments of 20,000 characters).",
        f"- Cold start (import and first call, fresh interpreter): {cold:.2f} s; peak memory "
        f"then {cold_mem:.0f} MB; peak memory repairing a 1 MB string: {mem:.0f} MB.",
        "- Most of the first call is loading the word frequencies, the language model and the",
        "  thesaurus; the per-word caches then warm up over a crawl (the figures above are warm).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write_docs:
        (ROOT / "docs" / "speed.md").write_text(text, encoding="utf-8")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot([s for s, _, _ in by_size], [a for _, a, _ in by_size], "o-", label="frtextfix.repair")
        ax.plot([s for s, _, _ in by_size], [b for _, _, b in by_size], "s--", label="ftfy.fix_text")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("document size (characters)")
        ax.set_ylabel("words per second")
        ax.set_title("Throughput on clean French (test split)")
        ax.legend()
        fig.tight_layout()
        (ROOT / "docs" / "img").mkdir(exist_ok=True)
        fig.savefig(ROOT / "docs" / "img" / "speed.png", dpi=120)


if __name__ == "__main__":
    main()
