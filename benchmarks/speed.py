"""Speed at web scale: frtextfix next to ftfy.fix_text, in the same process.

Measures, on held-out text (the test split):

* words per second of ``frtextfix.repair`` and ``ftfy.fix_text`` on clean and on spun
  documents, interleaved so that the ratio holds on a noisy machine;
* throughput against document size (clean text), plotted to ``docs/img/speed.png``;
* linearity: a 1 MB and a 10 MB string (clean), each in a fresh interpreter, the ratio of
  their CPU times (the 1 MB string timed before and after the other);
* cold start (import and first call, in a fresh interpreter) and peak memory.

    python benchmarks/speed.py --write-docs      # writes docs/speed.md and docs/img/speed.png
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import ftfy
from corpora import iter_documents
from run_benchmarks import forget_contexts

import frtextfix
from frtextfix.screen import traces
from frtextfix.spinner import spin

CORPORA = ("fr-gsd", "fr-wivico", "fr-an-debats", "fr-framabook")


def documents(n: int) -> list[str]:
    """``n`` test-split documents, taken from the four corpora in turn (a corpus that runs out
    is skipped)."""
    streams = [iter_documents("test", c) for c in CORPORA]
    out: list[str] = []
    while streams and len(out) < n:
        for stream in list(streams):
            doc = next(stream, None)
            if doc is None:
                streams.remove(stream)
            elif len(out) < n:
                out.append(doc[1])
    return out


def linearity_documents(n_chars: int) -> list[str]:
    """Distinct documents of the test, tune and then train splits, about ``n_chars``
    characters in all, shuffled."""
    out: list[str] = []
    total = 0
    for split in ("test", "tune", "train"):
        for _, doc in iter_documents(split):
            if total >= n_chars:
                break
            out.append(doc)
            total += len(doc) + 2
    random.Random(0).shuffle(out)
    return out


def n_words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def rate(fn: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return n_words(texts) / (time.perf_counter() - start)


def cut(text: str, size: int) -> list[str]:
    """Consecutive pieces of about ``size`` characters, cut at a line break (else a space)
    before the limit, as documents are: a cut in the middle of a word or sentence would leave
    fragments that look damaged."""
    pieces = []
    pos = 0
    while len(text) - pos >= size:
        end = text.rfind("\n", pos + size // 2, pos + size)
        if end < 0:
            end = text.rfind(" ", pos + size // 2, pos + size)
        if end < 0:
            end = pos + size
        pieces.append(text[pos:end].strip())
        pos = end + 1
    return [p for p in pieces if p]


def timed(texts: list[str]) -> tuple[float, float, float]:
    """Words/s of ``repair`` (text only), of ``repair`` with every sentence confidence read,
    and of ``ftfy.fix_text``, on texts this process has not seen."""
    forget_contexts()
    start = time.perf_counter()
    results = [frtextfix.repair(t) for t in texts]
    t_repair = time.perf_counter() - start
    start = time.perf_counter()
    for r in results:
        r.sentences  # noqa: B018 - scored on first access
    t_score = time.perf_counter() - start
    words = n_words(texts)
    return words / t_repair, words / (t_repair + t_score), rate(ftfy.fix_text, texts)


def clean_breakdown(texts: list[str]) -> tuple[float, float, int]:
    """Where the time on clean text goes: words/s of the screen alone (``screen.traces``, what
    every text pays), words/s of ``repair`` over the same texts, and how many of them the
    screen lets in to be analysed; on texts whose per-word caches are warm, the cache of
    context windows emptied before each timing."""
    repairer = frtextfix._default_repairer()
    words = n_words(texts)
    forget_contexts()
    start = time.perf_counter()
    let_in = sum(bool(traces(t, repairer.engine)) for t in texts)
    t_screen = time.perf_counter() - start
    forget_contexts()
    start = time.perf_counter()
    for t in texts:
        repairer.repair(t)
    t_repair = time.perf_counter() - start
    return words / t_screen, words / t_repair, let_in


# Peak resident memory of this process. Read from /proc (VmHWM), not from getrusage: on Linux
# ru_maxrss survives exec, so a child started by a large benchmark process would report the
# parent's peak instead of its own.
_PEAK_MB = (
    "def peak_mb():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1]) / 1024\n"
    "    import resource\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
)


def _child(code: str, *args: str) -> list[float]:
    script = f"import sys\nsys.path.insert(0, {str(ROOT / 'src')!r})\n{_PEAK_MB}{code}"
    out = subprocess.run([sys.executable, "-c", script, *args],
                         capture_output=True, text=True, check=True).stdout
    return [float(x) for x in out.split()]


def cold_start() -> tuple[float, float, float]:
    """Import and first call in a fresh interpreter: seconds, peak MB; then seconds for the
    first damaged text (the seed page), which reads or builds the tables the rule engine
    needs."""
    seed = ROOT / "fixtures" / "seed-damaged.txt"
    t, mb, t_seed = _child(
        "import time\nt = time.perf_counter()\nimport frtextfix\n"
        "frtextfix.repair('Le chat dort sur le canapé.')\n"
        "a = time.perf_counter() - t; m = peak_mb()\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "t = time.perf_counter(); frtextfix.repair(text)\n"
        "print(a, m, time.perf_counter() - t)\n",
        str(seed),
    )
    return t, mb, t_seed


def _child_on_text(code: str, text: str, *args: str) -> list[float]:
    """:func:`_child` with ``text`` written to a file whose path is ``sys.argv[1]`` (removed
    afterwards): a long text does not fit on a command line."""
    path = ROOT / "benchmarks" / "out" / "speed-text.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        return _child(code, str(path), *args)
    finally:
        path.unlink()


def fresh_repair_seconds(text: str) -> float:
    """CPU seconds to repair ``text`` in a fresh interpreter, once the models and the rule
    engine's tables are loaded (the seed page repaired first): every size starts from the
    same state, with no per-word cache warmed by an earlier run. CPU time, not wall time: on a
    shared machine other processes would otherwise count in a run of a minute or more."""
    return _child_on_text(
        "import time\nimport frtextfix\n"
        "frtextfix.repair(open(sys.argv[2], encoding='utf-8').read())\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "t = time.process_time(); frtextfix.repair(text)\n"
        "print(time.process_time() - t)\n",
        text, str(ROOT / "fixtures" / "seed-damaged.txt"),
    )[0]


def peak_memory(text: str) -> float:
    """Peak MB of a fresh process that repairs ``text`` and reads every sentence confidence."""
    return _child_on_text(
        "import frtextfix\n"
        "r = frtextfix.repair(open(sys.argv[1], encoding='utf-8').read())\n"
        "r.sentences\nprint(peak_mb())\n",
        text,
    )[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-docs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()
    # Each timed run is on documents never seen before in this process; the first chunk only
    # warms the per-word caches (explanations of rare forms), as the start of a crawl would.
    chunks_n = args.repeats + 1
    docs = documents(args.n_docs * chunks_n)
    chunks = [docs[k::chunks_n] for k in range(chunks_n)]
    for k, d in enumerate(chunks[0]):
        frtextfix.repair(d)
        frtextfix.repair(spin(d, seed=10_000 + k).text)
    runs: dict[str, list[tuple[float, float, float]]] = {"clean": [], "spun": []}
    for chunk in chunks[1:]:
        runs["clean"].append(timed(chunk))
        runs["spun"].append(timed([spin(d, seed=k).text for k, d in enumerate(chunk)]))
    med = {kind: tuple(statistics.median(r[j] for r in rs) for j in range(3))
           for kind, rs in runs.items()}
    clean_r, clean_s, clean_f = med["clean"]
    spun_r, spun_s, spun_f = med["spun"]
    docs = chunks[1]
    breakdowns = [clean_breakdown(chunk) for chunk in chunks[1:]]
    screen_rate, breakdown_rate, let_in = (
        statistics.median(b[j] for b in breakdowns) for j in range(3))

    forget_contexts()
    big = "\n\n".join(docs)
    sizes = [300, 1_000, 3_000, 10_000, 30_000, 100_000]
    by_size = []
    for size in sizes:
        pieces = cut(big, size)[:40]
        by_size.append((size, rate(frtextfix.repair, pieces), rate(ftfy.fix_text, pieces)))

    # 10 MB of documents that never repeat (a repeat would hit the per-word caches): the test
    # and tune splits (7.8 MB), then train documents, shuffled (seeded) so that the first
    # megabyte has the mix of the whole. (In corpus order it would hold a quarter of each
    # corpus and the rest mostly the two largest: the ratio would compare two kinds of text
    # rather than two sizes.) Only speed is measured here, so the train split may serve.
    ten_mb = "\n\n".join(linearity_documents(10_000_000))[:10_000_000]
    one_mb = ten_mb[:1_000_000]
    # the 1 MB string timed before and after the 10 MB one: a machine whose speed drifts
    # during the long run shows as two different times
    t1_before = fresh_repair_seconds(one_mb)
    t10 = fresh_repair_seconds(ten_mb)
    t1_after = fresh_repair_seconds(one_mb)
    t1 = (t1_before + t1_after) / 2
    cold, cold_mem, cold_seed = cold_start()
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
        f"Documents of the test split, about {n_words(docs) // max(len(docs), 1)} words each: "
        f"{args.repeats} runs of {len(docs)} documents that the process has never seen (a first "
        "chunk only warms the per-word caches, as the start of a crawl would); the median run.",
        "`repair` alone is what a pipeline that keeps the repaired text pays; sentence "
        "confidences are scored when first read (`RepairResult.sentences`), and the second "
        "column reads them all.",
        "",
        "| text | frtextfix.repair (words/s) | repair + sentence confidences (words/s) "
        "| ftfy.fix_text (words/s) | ratio repair / ftfy |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| clean documents | {clean_r:,.0f} | {clean_s:,.0f} | {clean_f:,.0f} "
        f"| {clean_r / clean_f:.2f} |",
        f"| spun documents | {spun_r:,.0f} | {spun_s:,.0f} | {spun_f:,.0f} "
        f"| {spun_r / spun_f:.2f} |",
        "",
        (f"Where the time on clean documents goes: the same documents timed again (their "
         f"per-word caches now warm, so both figures are higher than above; median of the "
         f"runs), the screen alone at {screen_rate:,.0f} words/s, letting in {let_in:.0f} of "
         f"{len(docs)} documents to be analysed, and `repair` at {breakdown_rate:,.0f} "
         f"words/s: the screen is about {100 * breakdown_rate / screen_rate:.0f} % of the time, "
         "the analysis of the few documents let in the rest."),
        "",
        "Throughput against document size (clean text cut at line breaks into pieces of about "
        "that many characters, 40 of each size):",
        "",
        "| characters | frtextfix (words/s) | ftfy (words/s) |",
        "| ---: | ---: | ---: |",
        *[f"| {s:,} | {a:,.0f} | {b:,.0f} |" for s, a, b in by_size],
        "",
        "![throughput against document size](img/speed.png)",
        "",
        f"- Linearity: a 1 MB string takes {t1:.1f} s of CPU time (timed before and after "
        f"the 10 MB one: {t1_before:.1f} s and {t1_after:.1f} s), a 10 MB string {t10:.1f} s "
        f"(ratio {t10 / t1:.1f}; each in a fresh interpreter with the models loaded; the 10 MB "
        "string is distinct documents of the test, tune and train splits shuffled, the 1 MB "
        "one its first megabyte; long text is analysed in segments of 20,000 characters).",
        f"- Cold start (import and first call, fresh interpreter): {cold:.2f} s; peak memory "
        f"then {cold_mem:.0f} MB. The first *damaged* text after that (the seed page) takes "
        f"{cold_seed:.2f} s: it reads the tables the rule engine needs (the word tables "
        "shipped in `engine_tables.msgpack.gz`, the trigrams, the word vectors) and builds "
        "the thesaurus's inverse index.",
        f"- Peak memory of a fresh process repairing a 1 MB string and reading every sentence "
        f"confidence: {mem:.0f} MB (read from `/proc/self/status`, VmHWM).",
        "- Most of the first call is loading the word frequencies, the language model and the",
        "  thesaurus.",
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
