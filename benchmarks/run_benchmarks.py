"""Measure frtextfix on French text spun at random from the held-out corpora.

    python benchmarks/run_benchmarks.py                  # print the markdown report
    python benchmarks/run_benchmarks.py --write-docs     # also write docs/benchmarks.md

Documents come from the ``test`` split of ``scripts/corpora.py`` by default (``--split tune`` is
what developers tune on; ``train`` builds the models and is refused). Each document is spun
with its own random seed by :func:`frtextfix.spinner.spin`; multi-article texts join 4
documents, each spun its own way (:func:`frtextfix.spinner.spin_articles`). The same documents
are also repaired clean, to count false edits. See ``benchmarks/README.md`` for what each
figure means. Per-case results go to ``benchmarks/out/`` as JSONL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts")]  # measure this working tree

from corpora import CORPORA, iter_documents

import frtextfix
from frtextfix.evaluation import (
    REAL_WORD,
    RULE_CLASSES,
    UNKNOWN,
    bootstrap_interval,
    distance,
    tally_tokens,
    tokens,
    wilson_interval,
)
from frtextfix.spinner import SpunText, spin, spin_articles
from frtextfix.tokenize import WORD_RE
from frtextfix.types import RepairResult

ARTICLES_PER_MULTI = 4
SEED_DAMAGED = ROOT / "fixtures" / "seed-damaged.txt"
SEED_GOLD = ROOT / "fixtures" / "seed-gold.txt"
SEED_CLEAN_END = "Les plus récents"  # the seed page's first article (clean) ends here
Repairer = Callable[[str], RepairResult]


def identity_repair(text: str) -> RepairResult:
    """The do-nothing baseline (``--identity``): every figure of the harness must read 0."""
    return RepairResult(text=text, original=text, edits=(), rules=(), sentences=())


# --------------------------------------------------------------------------- measures


def flagged(result: RepairResult) -> bool:
    """Document-level detection: the text is flagged as spun when a rule was found."""
    return bool(result.rules)


def n_words(text: str) -> int:
    return len(WORD_RE.findall(text))


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    """One repaired text and what it is measured against."""

    kind: str  # "single", "multi", "clean-single", "clean-multi"
    corpora: tuple[str, ...]
    truth: str
    spun: SpunText | None  # None for clean texts
    spin_seed: int | None
    repaired: str = ""
    flag: bool = False
    n_edits: int = 0
    n_rules_found: int = 0
    error: str = ""
    seconds: float = 0.0
    d_before: int = 0
    d_after: int = 0
    n_tokens: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [damaged, restored]
    # (function or content word, whole-word damage or not) -> [damaged, restored]
    by_rule: dict[str, list[int]] = field(default_factory=dict)
    broken: int = 0  # tokens right in the input, wrong after repair (aligned texts only)
    # the surest rule reported too weak to repair with (``report_rule_confidence``), or 0
    weak_confidence: float = 0.0
    aligned: bool = False

    @property
    def input(self) -> str:
        return self.spun.text if self.spun is not None else self.truth

    @property
    def is_spun(self) -> bool:
        return self.spun is not None and self.spun.changed

    def run(self, repair: Repairer) -> None:
        start = time.perf_counter()
        try:
            result = repair(self.input)
        except Exception as exc:  # noqa: BLE001 - the contract says never; count, don't stop
            self.error = f"{type(exc).__name__}: {exc}"
            self.repaired = self.input
        else:
            self.repaired = result.text
            self.flag = flagged(result)
            self.n_edits = len(result.edits)
            self.n_rules_found = len(result.rules)
        self.seconds = time.perf_counter() - start
        truth, given, out = tokens(self.truth), tokens(self.input), tokens(self.repaired)
        self.n_tokens = len(truth)
        self.d_before = distance(truth, given)
        self.d_after = distance(truth, out)
        tally = tally_tokens(truth, given, out, self.spun.rules if self.spun is not None else ())
        self.aligned = tally is not None
        if tally is not None:  # position-wise breakdown when no token was split or merged
            self.by_kind, self.by_rule, self.broken = tally.by_kind, tally.by_rule, tally.broken

    def record(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "corpora": list(self.corpora),
            "spin_seed": self.spin_seed,
            "rules": [str(r) for r in self.spun.rules] if self.spun else [],
            "flagged": self.flag,
            "weak_confidence": round(self.weak_confidence, 4),
            "rules_found": self.n_rules_found,
            "edits": self.n_edits,
            "error": self.error,
            "seconds": round(self.seconds, 4),
            "tokens": self.n_tokens,
            "distance_before": self.d_before,
            "distance_after": self.d_after,
            "broken": self.broken,
            "truth": self.truth,
            "input": self.input,
            "repaired": self.repaired,
        }


def sample_documents(split: str, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` distinct documents, shared as evenly as the corpora allow, in random order."""
    by_corpus: dict[str, list[str]] = {name: [] for name in CORPORA}
    for name, text in iter_documents(split):
        if text.strip():
            by_corpus[name].append(text)
    quota = dict.fromkeys(by_corpus, 0)
    left = min(n, sum(len(docs) for docs in by_corpus.values()))
    while left:  # water-filling: small corpora give all they have, the rest share the remainder
        open_ = [c for c in by_corpus if quota[c] < len(by_corpus[c])]
        share = max(1, left // len(open_))
        for c in open_:
            take = min(share, len(by_corpus[c]) - quota[c], left)
            quota[c] += take
            left -= take
    picked = [(c, doc) for c, docs in by_corpus.items() for doc in rng.sample(docs, quota[c])]
    rng.shuffle(picked)
    return picked


def build_cases(split: str, n_docs: int, n_multi: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    docs = sample_documents(split, n_docs + ARTICLES_PER_MULTI * n_multi, rng)
    singles, rest = docs[:n_docs], docs[n_docs:]
    cases: list[Case] = []
    for name, text in singles:
        s = rng.randrange(2**32)
        cases.append(Case("single", (name,), text, spin(text, seed=s), s))
        cases.append(Case("clean-single", (name,), text, None, None))
    for i in range(min(n_multi, len(rest) // ARTICLES_PER_MULTI)):
        group = rest[i * ARTICLES_PER_MULTI : (i + 1) * ARTICLES_PER_MULTI]
        names = tuple(name for name, _ in group)
        s = rng.randrange(2**32)
        spun = spin_articles([text for _, text in group], seed=s)
        cases.append(Case("multi", names, spun.original, spun, s))
        cases.append(Case("clean-multi", names, spun.original, None, None))
    return cases


# --------------------------------------------------------------------------- speed


def forget_contexts() -> None:
    """Empty the cache of context fits, which a repeated run over the same text would hit."""
    frtextfix._default_repairer().lexicon.forget_contexts()


def words_per_second(
    functions: dict[str, Callable[[str], object]], texts: dict[str, list[str]], repeats: int
) -> dict[tuple[str, str], float]:
    """Median words/s of each function on each text set, runs interleaved in one process."""
    words = {name: sum(n_words(t) for t in ts) for name, ts in texts.items()}
    times: dict[tuple[str, str], list[float]] = {(f, t): [] for f in functions for t in texts}
    for _ in range(repeats):
        for tname, ts in texts.items():
            for fname, fn in functions.items():
                forget_contexts()
                start = time.perf_counter()
                for text in ts:
                    fn(text)
                times[fname, tname].append(time.perf_counter() - start)
    return {k: words[k[1]] / max(statistics.median(v), 1e-9) for k, v in times.items()}


# --------------------------------------------------------------------------- report


def pct(num: float, den: float, digits: int = 1) -> str:
    return f"{100 * num / den:.{digits}f} %" if den else "n/a"


def interval(bounds: tuple[float, float], digits: int = 1) -> str:
    lo, hi = bounds
    if math.isnan(lo):  # no data
        return "n/a"
    return f"{100 * lo:.{digits}f}–{100 * hi:.{digits}f} %"


def share_interval(pairs: Sequence[tuple[float, float]], digits: int = 1) -> str:
    """Interval of ``sum(num) / sum(den)`` over documents."""
    return interval(bootstrap_interval(pairs, lambda a, b: a / b if b else 0.0), digits)


def reduction_interval(cases: Sequence[Case]) -> str:
    """Interval of the error reduction ``1 - after / before`` over documents."""
    pairs = [(c.d_after, c.d_before) for c in cases]
    return interval(bootstrap_interval(pairs, lambda a, b: 1 - a / b if b else 0.0))


def prf(cases: Sequence[Case], weak_bar: float | None = None) -> tuple[str, str, str, int, int]:
    """Precision, recall (each with its 95 % Wilson interval) and F1 of the flag (with
    ``weak_bar``: or a weak rule reported at that confidence)."""
    def flag(c: Case) -> bool:
        return c.flag or (weak_bar is not None and c.weak_confidence >= weak_bar)

    pos = [c for c in cases if c.is_spun]
    neg = [c for c in cases if c.spun is None]
    tp = sum(map(flag, pos))
    fp = sum(map(flag, neg))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / len(pos) if pos else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return (
        f"{100 * p:.1f} % ({interval(wilson_interval(tp, tp + fp))})",
        f"{100 * r:.1f} % ({interval(wilson_interval(tp, len(pos)))})",
        f"{100 * f:.1f} %",
        len(pos),
        len(neg),
    )


# The bars of ``report_rule_confidence`` the detection table reads (0.5: rules used only).
WEAK_BARS = (0.5, 0.2, 0.1, 0.05)

DAMAGE_BINS = ((1, 1), (2, 3), (4, 9), (10, 10**9))


def recall_by_damage(single: Sequence[Case]) -> list[str]:
    """Recall of single documents by how many tokens the spinner damaged, and how much of
    all the damage sits in the documents left unflagged: what the recall figure means."""
    spun = [c for c in single if c.is_spun]
    total = sum(c.d_before for c in spun)
    lines = [
        ("Recall of single documents by how many tokens the spinner damaged (a short text "
         "where one or two rules found one or two words to swap leaves little to see):"),
        "",
        ("| damaged tokens | spun texts | flagged | recall | share of all damage | "
         "damage in unflagged texts |"),
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lo, hi in DAMAGE_BINS:
        sub = [c for c in spun if lo <= c.d_before <= hi]
        if not sub:
            continue
        flagged_n = sum(c.flag for c in sub)
        damage = sum(c.d_before for c in sub)
        missed = sum(c.d_before for c in sub if not c.flag)
        label = str(lo) if lo == hi else (f"{lo}–{hi}" if hi < 10**9 else f"{lo} or more")
        lines.append(
            f"| {label} | {len(sub)} | {flagged_n} | {pct(flagged_n, len(sub))} | "
            f"{pct(damage, total)} | {pct(missed, total)} |"
        )
    return lines


def repair_rows(label: str, cases: Sequence[Case]) -> str:
    before = sum(c.d_before for c in cases)
    after = sum(c.d_after for c in cases)
    words = sum(n_words(c.truth) for c in cases)
    rules = sum(len(c.spun.rules) for c in cases if c.spun)
    reduction = f"{100 * (1 - after / before):.1f} %" if before else "n/a"
    return (f"| {label} | {len(cases)} | {words} | {rules} | {before} | {after} | {reduction} | "
            f"{reduction_interval(cases)} |")


def report(
    cases: list[Case],
    seed_page: dict[str, Any],
    speed: dict[tuple[str, str], float],
    meta: dict[str, str],
) -> str:
    single = [c for c in cases if c.kind == "single"]
    multi = [c for c in cases if c.kind == "multi"]
    clean_single = [c for c in cases if c.kind == "clean-single"]
    clean_multi = [c for c in cases if c.kind == "clean-multi"]
    spun_all = single + multi
    out = [
        "## Results",
        "",
        f"- Command: `{meta['command']}`",
        f"- Date: {meta['date']}; frtextfix {frtextfix.__version__}, commit {meta['commit']}",
        f"- Machine: {meta['machine']}",
        (
            f"- Split: `{meta['split']}` of `scripts/corpora.py`; sampling seed {meta['seed']}; "
            f"total running time {meta['elapsed']}"
        ),
    ]
    crashes = [c for c in cases if c.error]
    if crashes:
        out.append(f"- **`repair` raised on {len(crashes)} texts** (see the JSONL: `error`).")
    out += [
        "",
        "### Repair of spun text",
        "",
        ("| texts | n | words | spinner rules | token errors before | after repair | "
         "error reduction | 95 % interval |"),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        repair_rows("single documents", single),
        repair_rows(f"multi-article texts ({ARTICLES_PER_MULTI} documents)", multi),
    ]
    for name in CORPORA:
        subset = [c for c in single if c.corpora == (name,)]
        if subset:
            out.append(repair_rows(f"single, {name}", subset))
    aligned = [c for c in spun_all if c.aligned]
    out += [
        "",
        (
            f"Damage by kind of damaged token ({len(aligned)} of {len(spun_all)} spun texts where "
            "truth, spun and repaired text have the same number of tokens):"
        ),
        "",
        "| damaged token after spinning | tokens | restored | share restored | 95 % interval |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind in (UNKNOWN, REAL_WORD):
        pairs = [(c.by_kind.get(kind, [0, 0])[1], c.by_kind.get(kind, [0, 0])[0])
                 for c in aligned]
        dmg = sum(d for _, d in pairs)
        ok = sum(k for k, _ in pairs)
        out.append(f"| {kind} | {dmg} | {ok} | {pct(ok, dmg)} | {share_interval(pairs)} |")
    sound_pairs = [
        (c.broken, c.n_tokens - sum(v[0] for v in c.by_kind.values())) for c in aligned
    ]
    broken = sum(b for b, _ in sound_pairs)
    sound = sum(s for _, s in sound_pairs)
    out += [
        (
            f"| *sound tokens of spun texts broken by the repair* | {sound} | {broken} broken | "
            f"{pct(broken, sound)} | {share_interval(sound_pairs, 2)} |"
        ),
    ]
    out += [
        "",
        "By the rule that made the damage (function word: one of the ~100 most frequent words):",
        "",
        "| rule | damaged tokens | restored | share restored | 95 % interval |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for rule_class in RULE_CLASSES:
        pairs = [(c.by_rule.get(rule_class, [0, 0])[1], c.by_rule.get(rule_class, [0, 0])[0])
                 for c in aligned]
        dmg = sum(d for _, d in pairs)
        ok = sum(k for k, _ in pairs)
        out.append(f"| {rule_class} | {dmg} | {ok} | {pct(ok, dmg)} | {share_interval(pairs)} |")
    out += [
        "",
        "### False edits on clean text",
        "",
        ("| clean texts | n | tokens | tokens changed | rate | 95 % interval of the rate | "
         "texts with any edit (95 % interval) |"),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, subset in (("single documents", clean_single), ("multi-article texts", clean_multi)):
        pairs = [(c.d_after, c.n_tokens) for c in subset]
        toks = sum(n for _, n in pairs)
        changed = sum(k for k, _ in pairs)
        edited = sum(bool(c.n_edits) or c.repaired != c.truth for c in subset)
        # no change at all leaves the bootstrap nothing to resample: the texts' Wilson
        # interval (which a zero count does not collapse) bounds it instead
        rate_interval = share_interval(pairs, 3) if changed else "none changed"
        out.append(
            f"| {label} | {len(subset)} | {toks} | {changed} | {pct(changed, toks, 3)} | "
            f"{rate_interval} | {edited} ({pct(edited, len(subset))}; "
            f"{interval(wilson_interval(edited, len(subset)))}) |"
        )
    out += [
        "",
        "### Detection (a text is flagged when `repair` reports a rule)",
        "",
        "| texts | spun | clean | precision (95 % interval) | recall (95 % interval) | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, subset in (
        ("single documents", single + clean_single),
        ("multi-article texts", multi + clean_multi),
    ):
        p, r, f, npos, nneg = prf(subset)
        out.append(f"| {label} | {npos} | {nneg} | {p} | {r} | {f} |")
    out += ["", *recall_by_damage(single)]
    if any(c.weak_confidence for c in single + clean_single):
        out += [
            "",
            ("Flagged also when a rule too weak to repair with is reported "
             "(`RepairConfig(report_rule_confidence=X)`, `--report-rule-confidence X`; "
             "the repairs do not change), single documents:"),
            "",
            "| report_rule_confidence | precision (95 % interval) | recall (95 % interval) | F1 |",
            "| --- | ---: | ---: | ---: |",
        ]
        for bar in WEAK_BARS:
            p, r, f, _, _ = prf(single + clean_single, bar)
            out.append(f"| {bar} | {p} | {r} | {f} |")
    out += [
        "",
        "### Seed page (`fixtures/seed-damaged.txt` against `seed-gold.txt`)",
        "",
        (
            f"- Damaged tokens restored: **{seed_page['restored']} of {seed_page['before']}** "
            f"({seed_page['after']} differences to gold left)."
        ),
        f"- Clean first article unchanged: **{'yes' if seed_page['clean_untouched'] else 'no'}**.",
        "",
        (
            "### Speed (words per second, median of "
            f"{meta['repeats']} interleaved runs over {meta['speed_docs']} documents)"
        ),
        "",
        "| text | frtextfix.repair | ftfy.fix_text | repair / ftfy |",
        "| --- | ---: | ---: | ---: |",
    ]
    for tname in ("clean", "spun"):
        ours = speed.get(("frtextfix.repair", tname), 0.0)
        theirs = speed.get(("ftfy.fix_text", tname))
        ratio = f"{ours / theirs:.2f}" if theirs else "n/a"
        theirs_s = f"{theirs:,.0f}" if theirs else "not installed"
        out.append(f"| {tname} documents | {ours:,.0f} | {theirs_s} | {ratio} |")
    out += [
        "",
        "These documents were repaired once before they are timed (the quality run above), so the",
        "per-word caches are warm, as deep into a crawl; the cache of context windows is emptied",
        "before every run. [speed.md](speed.md) times documents the process has never seen, and",
        "shows throughput against document size, linearity, cold start and memory.",
    ]
    return "\n".join(out) + "\n"


def seed_page_result(repair: Repairer) -> dict[str, Any]:
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    gold = SEED_GOLD.read_text(encoding="utf-8")
    out = repair(damaged).text
    before = distance(tokens(gold), tokens(damaged))
    after = distance(tokens(gold), tokens(out))
    clean = damaged.split(SEED_CLEAN_END)[0]
    return {
        "kind": "seed-page",
        "before": before,
        "after": after,
        "restored": before - after,
        "clean_untouched": out.startswith(clean),
        "repaired": out,
    }


def git_commit() -> str:
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout.strip()

        rev = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
        return rev + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


DOCS_HEADER = """# Benchmarks

How well frtextfix repairs French text spun at random, how much it changes clean text, and how
fast it runs. Regenerate this page with the command below; `benchmarks/README.md` explains
every figure. The text comes from a held-out split of the corpora (never `train`, which builds
the models), spun by `frtextfix.spinner` with rules drawn at random from the thesaurus.

Other measurements: [peers.md](peers.md) runs the spell and grammar checkers people use today
on the same spun text (`benchmarks/compare_peers.py`); [calibration.md](calibration.md) shows
how well the confidences are calibrated (`benchmarks/calibrate.py`); [speed.md](speed.md) has
throughput against document size, linearity, cold start and memory (`benchmarks/speed.py`);
`benchmarks/pooling.py` measures pooling by source ([pipelines.md](pipelines.md));
`benchmarks/fit_rules.py` measures the rule model; [ceiling.md](ceiling.md) shows how much of
the damage left is rules not found rather than tokens decided wrong (`benchmarks/ceiling.py`);
[out-of-domain.md](out-of-domain.md) repairs French the models never saw, manual pages
(`benchmarks/out_of_domain.py`).
Parameters were tuned on the `tune` split
only. [benchmarks-no-screen.md](benchmarks-no-screen.md) has the same benchmark with every
text analysed (`RepairConfig(screen=False)`, `--no-screen`): what the screen costs in repair.

"""

NO_SCREEN_HEADER = """# Benchmarks without the screen

The benchmark of [benchmarks.md](benchmarks.md), same texts, with every text analysed
(`RepairConfig(screen=False)`, `frtextfix repair --no-screen`): the difference is the damage
the screen lets through because it leaves no trace the screen looks for (mostly short
documents with one or two whole-word swaps), and the speed is what clean text costs without
it.

"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-docs", type=int, default=300, help="single spun documents (default 300)")
    ap.add_argument(
        "--n-multi",
        type=int,
        default=100,
        help=f"multi-article texts of {ARTICLES_PER_MULTI} documents (default 100)",
    )
    ap.add_argument("--seed", type=int, default=0, help="sampling and spinning seed (default 0)")
    ap.add_argument(
        "--split",
        choices=("test", "tune"),
        default="test",
        help="held-out split to draw documents from (default test)",
    )
    ap.add_argument(
        "--speed-docs",
        type=int,
        default=60,
        help="documents timed for speed, clean and spun (default 60)",
    )
    ap.add_argument("--repeats", type=int, default=5, help="timing repeats (default 5)")
    ap.add_argument(
        "--out",
        type=Path,
        default=ROOT / "benchmarks" / "out",
        help="folder for the per-case JSONL (default benchmarks/out)",
    )
    ap.add_argument(
        "--write-docs",
        action="store_true",
        help="also write docs/benchmarks.md (docs/benchmarks-no-screen.md with --no-screen)",
    )
    ap.add_argument(
        "--no-screen",
        action="store_true",
        help="analyse every text (RepairConfig(screen=False)): what the screen costs",
    )
    ap.add_argument(
        "--identity",
        action="store_true",
        help="measure the identity instead of frtextfix.repair (checks the harness)",
    )
    args = ap.parse_args(argv)

    started = time.perf_counter()
    repair: Repairer = identity_repair if args.identity else frtextfix.repair
    if args.no_screen and not args.identity:
        repair = frtextfix.Repairer(frtextfix.RepairConfig(screen=False)).repair
    cases = build_cases(args.split, args.n_docs, args.n_multi, args.seed)
    for i, case in enumerate(cases, 1):
        case.run(repair)
        if i % 100 == 0:
            print(f"... {i}/{len(cases)} texts repaired", file=sys.stderr)
    seed_page = seed_page_result(repair)
    if not args.identity:
        # detection with the weak rules reported too: the same repairs, more texts flagged
        reporting = frtextfix.Repairer(frtextfix.RepairConfig(
            screen=not args.no_screen, report_rule_confidence=min(WEAK_BARS)))
        for case in cases:
            if case.kind in ("single", "clean-single"):
                case.weak_confidence = max(
                    (r.confidence for r in reporting.detect(case.input) if not r.used),
                    default=0.0)

    functions: dict[str, Callable[[str], object]] = {"frtextfix.repair": repair}
    try:
        import ftfy

        functions["ftfy.fix_text"] = ftfy.fix_text
    except ImportError:
        print("ftfy is not installed: no speed comparison", file=sys.stderr)
    timed = [c for c in cases if c.kind == "single"][: args.speed_docs]
    speed = words_per_second(
        functions,
        {"clean": [c.truth for c in timed], "spun": [c.input for c in timed]},
        args.repeats,
    )

    command = "python benchmarks/run_benchmarks.py " + " ".join(
        [
            f"--n-docs {args.n_docs}",
            f"--n-multi {args.n_multi}",
            f"--seed {args.seed}",
            f"--split {args.split}",
        ]
        + (["--identity"] if args.identity else [])
        + (["--no-screen"] if args.no_screen else [])
    )
    meta = {
        "command": command,
        "date": dt.date.today().isoformat(),
        "commit": git_commit(),
        "machine": f"{platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "split": args.split,
        "seed": str(args.seed),
        "repeats": str(args.repeats),
        "speed_docs": str(len(timed)),
        "elapsed": f"{time.perf_counter() - started:.0f} s",
    }
    text = report(cases, seed_page, speed, meta)
    print(text)

    args.out.mkdir(parents=True, exist_ok=True)
    jsonl = args.out / f"cases-{args.split}-seed{args.seed}.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case.record(), ensure_ascii=False) + "\n")
        f.write(json.dumps(seed_page, ensure_ascii=False) + "\n")
    print(f"per-case results: {jsonl}", file=sys.stderr)
    if args.write_docs:
        name = "benchmarks-no-screen.md" if args.no_screen else "benchmarks.md"
        docs = ROOT / "docs" / name
        docs.parent.mkdir(parents=True, exist_ok=True)
        docs.write_text((NO_SCREEN_HEADER if args.no_screen else DOCS_HEADER) + text,
                        encoding="utf-8")
        print(f"wrote {docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
