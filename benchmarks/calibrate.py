"""Fit, ship and check frtextfix's confidences: a confidence of 0.9 must be right 9 times in 10.

    python benchmarks/calibrate.py                 # fit on tune, evaluate on test, write docs
    python benchmarks/calibrate.py --write         # also ship src/frtextfix/data/calibration.msgpack.gz

Three confidences are calibrated (see ``docs/calibration.md`` for what each one means):

* **edits** – ``Edit.confidence``: P(the edit restores the original token). Platt scaling of
  the engine's raw confidence, ``sigmoid(a·logit(raw) + b)``.
* **before** – ``Repairer.score()``: P(the input sentence is free of damage). Logistic model
  over ``frtextfix.scoring.FEATURES``.
* **after** – ``RepairResult.sentences``: P(the repaired sentence equals the original, token
  for token, case-insensitively). Logistic model over the same features.

A fourth, ``Rule.confidence`` (P(the spinner applied this swap where the rule holds)), comes
from the rule model (``frtextfix.rules``, hand-set weights) and is not refitted here; its
reliability on the test split is measured and shown next to the others.

Steps: (a) on the **tune** split, collect (raw edit confidence, correct) pairs with the edit
mapping forced to the identity, and fit Platt scaling; (b) with that mapping in place, collect
sentence features and labels and fit the two logistic models (Newton/IRLS, small L2 penalty,
bias unpenalized); (c) with ``--write``, save the data file (deterministic bytes); (d) on the
**test** split, measure expected calibration error (10 equal-width bins) of the built-in
defaults and of the fitted model, loaded fresh from the shipped file (or from the same bytes in
memory without ``--write``), draw reliability diagrams to ``docs/img/calibration.png`` and
write ``docs/calibration.md``.

Texts: ``--n-docs`` documents per split, half repaired clean (every sentence labelled clean),
half spun by :func:`frtextfix.spinner.spin` — 60 % of them as single documents, the rest as
4-document multi-article texts (:func:`frtextfix.spinner.spin_articles`). The clean half has
the same single / multi mix. ``train`` built the models and is never used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts"), str(ROOT / "benchmarks")]

import corpora
import run_benchmarks

import frtextfix
import frtextfix.repairer
import frtextfix.resources
import frtextfix.scoring
from frtextfix.resources import (
    CALIBRATION_FILE,
    CALIBRATION_FORMAT,
    CALIBRATION_VERSION,
    DataFileError,
    read_data_file,
    write_data_file,
)
from frtextfix.evaluation import tokens
from frtextfix.scoring import FEATURES
from frtextfix.spinner import SpunText, spin, spin_articles
from frtextfix.tokenize import Token, sentence_spans, words
from frtextfix.types import Edit

Array = npt.NDArray[np.float64]

OUTPUT = ROOT / "src" / "frtextfix" / "data" / CALIBRATION_FILE
DOC_MD = ROOT / "docs" / "calibration.md"
DOC_PNG = ROOT / "docs" / "img" / "calibration.png"
ARTICLES_PER_MULTI = 4
SINGLE_SHARE = 0.6  # share of documents used as single texts (the rest: 4-document texts)
N_BINS = 10
DEFAULT_N_DOCS = 1000
BOOTSTRAP = 200  # resamples of texts for the ECE intervals
L2 = 1.0  # ridge penalty on the non-bias coefficients (sum of log-losses, not the mean)
EDIT_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)
RULE_BINS = ((0.5, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 1.01))
DOC_THRESHOLDS = (0.3, 0.5, 0.7, 0.9)
SOURCE = (
    "benchmarks/calibrate.py: text spun at random (frtextfix.spinner) from the tune split "
    "(scripts/corpora.py) of UD French-GSD dev, Débats de l'Assemblée nationale (Common Voice "
    "FR), WiViCo v2, Framabook (Common Voice FR); half the documents left clean"
)


# --------------------------------------------------------------------------- texts


@dataclass(frozen=True)
class Text:
    """One text to repair and its truth."""

    kind: str  # "single", "multi", "clean-single", "clean-multi"
    truth: str
    input: str
    # per article of a spun text: its (start, end) in ``input`` and the (original,
    # replacement) pairs the spinner applied there; empty for a clean text
    applied: tuple[tuple[int, int, frozenset[tuple[str, str]]], ...] = ()


def _applied(s: SpunText) -> tuple[tuple[int, int, frozenset[tuple[str, str]]], ...]:
    """Where each article of ``s`` lies in its text, and the swaps applied to it."""
    articles, spans = (s.articles, s.spans) if s.spans else ((s,), ((0, len(s.text)),))
    return tuple((a, b, frozenset((r.original, r.replacement) for r in art.rules))
                 for art, (a, b) in zip(articles, spans))


def rule_applied(original: str, replacement: str, start: int, end: int,
                 applied: Sequence[tuple[int, int, frozenset[tuple[str, str]]]]) -> bool:
    """Whether an article overlapping ``[start, end)`` had the swap applied, directly or as a
    chain through a middle word (``en → dans``, then ``dans → parmi``: ``en → parmi``)."""
    for a, b, pairs in applied:
        if a < end and start < b and (
                (original, replacement) in pairs
                or any((original, x) in pairs and (x, replacement) in pairs for _, x in pairs)):
            return True
    return False


def sample_documents(split: str, n: int, rng: random.Random) -> list[str]:
    """``n`` distinct non-blank documents, shared as evenly as the corpora allow (the same
    sampler as ``run_benchmarks.py``)."""
    if split == "train":
        raise ValueError("the train split built the models; calibrate on tune, report on test")
    return [doc for _, doc in run_benchmarks.sample_documents(split, n, rng)]


def build_texts(split: str, n_docs: int, seed: int) -> list[Text]:
    """Half the documents clean, half spun; in each half 60 % single, 40 % in 4-doc texts."""
    rng = random.Random(seed)
    docs = sample_documents(split, n_docs, rng)
    half = len(docs) // 2
    texts: list[Text] = []
    for part, spun in ((docs[:half], True), (docs[half:], False)):
        n_single = round(SINGLE_SHARE * len(part))
        singles, rest = part[:n_single], part[n_single:]
        for doc in singles:
            if spun:
                s: SpunText = spin(doc, seed=rng.randrange(2**32))
                texts.append(Text("single", s.original, s.text, _applied(s)))
            else:
                texts.append(Text("clean-single", doc, doc))
        for i in range(0, len(rest) - ARTICLES_PER_MULTI + 1, ARTICLES_PER_MULTI):
            group = rest[i : i + ARTICLES_PER_MULTI]
            if spun:
                s = spin_articles(group, seed=rng.randrange(2**32))
                texts.append(Text("multi", s.original, s.text, _applied(s)))
            else:
                joined = "\n\n".join(group)
                texts.append(Text("clean-multi", joined, joined))
    return texts


# --------------------------------------------------------------------------- observations


@dataclass
class Observations:
    """What one pass of the engine over a set of texts gives, with the truth labels."""

    edit_conf: list[float] = field(default_factory=list)
    edit_exact: list[bool] = field(default_factory=list)
    edit_nocase: list[bool] = field(default_factory=list)
    edit_text: list[int] = field(default_factory=list)  # index of the text, for the bootstrap
    before_x: list[list[float]] = field(default_factory=list)
    before_y: list[bool] = field(default_factory=list)
    before_p: list[float] = field(default_factory=list)
    after_x: list[list[float]] = field(default_factory=list)
    after_y: list[bool] = field(default_factory=list)
    after_p: list[float] = field(default_factory=list)
    sentence_text: list[int] = field(default_factory=list)
    rule_conf: list[float] = field(default_factory=list)
    rule_right: list[bool] = field(default_factory=list)  # applied by the spinner there
    rule_text: list[int] = field(default_factory=list)
    rule_on_clean: list[bool] = field(default_factory=list)
    # per text: (kind, input damaged, repaired exactly, min before p, min after p)
    docs: list[tuple[str, bool, bool, float, float]] = field(default_factory=list)
    skipped_sentences: int = 0  # texts whose sentence counts differ (all their sentences)
    skipped_edits: int = 0  # edits that no truth words can be aligned to
    n_words: int = 0
    seconds: float = 0.0


def truth_at(truth: str, truth_words: list[Token], input_words: list[Token],
             edits: Sequence[Edit]) -> list[str | None]:
    """The text of the truth where each edit stands (None when it cannot be told).

    When truth and input have as many words, word k of one is word k of the other (the
    spinner swaps words one for one). Otherwise (a hyphenated replacement: ``il`` became
    ``celui-là``, two words) the word sequences are aligned, and an edit maps to the truth
    words of the aligned block it covers exactly, or position by position inside a block of
    equal length.
    """
    start_of = {w.start: k for k, w in enumerate(input_words)}
    end_of = {w.end: k for k, w in enumerate(input_words)}
    if len(truth_words) == len(input_words):
        def block(k1: int, k2: int) -> tuple[int, int] | None:
            return (k1, k2)
    else:
        sm = difflib.SequenceMatcher(a=[w.text.lower() for w in input_words],
                                     b=[w.text.lower() for w in truth_words], autojunk=False)
        opcodes = sm.get_opcodes()

        def block(k1: int, k2: int) -> tuple[int, int] | None:
            for _, i1, i2, j1, j2 in opcodes:
                if i1 <= k1 and k2 < i2:
                    if i2 - i1 == j2 - j1:
                        return (j1 + k1 - i1, j1 + k2 - i1)
                    if (k1, k2) == (i1, i2 - 1) and j2 > j1:
                        return (j1, j2 - 1)
                    return None
            return None

    out: list[str | None] = []
    for e in edits:
        k1, k2 = start_of.get(e.start), end_of.get(e.end)
        span = block(k1, k2) if k1 is not None and k2 is not None else None
        out.append(None if span is None
                   else truth[truth_words[span[0]].start:truth_words[span[1]].end])
    return out


def observe(texts: Sequence[Text]) -> Observations:
    """Repair every text and record confidences and labels (with the mapping now in place)."""
    repairer = frtextfix.Repairer()
    obs = Observations()
    start = time.perf_counter()
    for i, t in enumerate(texts):
        result, rows = repairer.sentence_features(t.input)
        obs.n_words += len(words(t.input))
        for r in result.rules:
            obs.rule_conf.append(r.confidence)
            obs.rule_right.append(rule_applied(r.original, r.replacement, r.start, r.end,
                                               t.applied))
            obs.rule_text.append(i)
            obs.rule_on_clean.append(t.kind.startswith("clean"))
        # Edits: what the truth has where each edit is (see ``truth_at``).
        truth_words, input_words = words(t.truth), words(t.input)
        wanted = truth_at(t.truth, truth_words, input_words, result.edits)
        for e, want in zip(result.edits, wanted):
            if want is None:
                obs.skipped_edits += 1
                continue
            obs.edit_conf.append(e.confidence)
            obs.edit_exact.append(e.after == want)
            obs.edit_nocase.append(e.after.lower() == want.lower())
            obs.edit_text.append(i)
        # Sentences correspond one to one between truth, input and repaired text.
        truth_spans = list(sentence_spans(t.truth))
        if len(truth_spans) != len(rows):
            obs.skipped_sentences += len(rows)
            continue
        min_b, min_a = 1.0, 1.0
        for (ta, tb), row in zip(truth_spans, rows):
            ia, ib = row["input_span"]  # type: ignore[misc]
            oa, ob = row["output_span"]  # type: ignore[misc]
            truth_toks = tokens(t.truth[ta:tb])
            fb = [float(v) for v in row["before"]]  # type: ignore[attr-defined]
            fa = [float(v) for v in row["after"]]  # type: ignore[attr-defined]
            pb = frtextfix.scoring.probability(fb, after=False)
            pa = frtextfix.scoring.probability(fa, after=True)
            obs.before_x.append(fb)
            obs.before_y.append(tokens(t.input[ia:ib]) == truth_toks)
            obs.before_p.append(pb)
            obs.after_x.append(fa)
            obs.after_y.append(tokens(result.text[oa:ob]) == truth_toks)
            obs.after_p.append(pa)
            obs.sentence_text.append(i)
            min_b, min_a = min(min_b, pb), min(min_a, pa)
        damaged = tokens(t.input) != tokens(t.truth)
        exact = tokens(result.text) == tokens(t.truth)
        obs.docs.append((t.kind, damaged, exact, min_b, min_a))
    obs.seconds = time.perf_counter() - start
    return obs


# --------------------------------------------------------------------------- model switching


def platt(a: float, b: float) -> Callable[[float], float]:
    """The edit mapping ``sigmoid(a·logit(raw) + b)``, exactly as ``scoring.calibrate_edit``."""

    def mapping(raw: float) -> float:
        p = min(max(raw, 0.01), 0.99)
        z = max(min(a * math.log(p / (1 - p)) + b, 30.0), -30.0)
        return 1.0 / (1.0 + math.exp(-z))

    return mapping


_LOAD_CALIBRATION = frtextfix.resources.calibration  # the real, cached loader


def _clear_caches() -> None:
    frtextfix.scoring._coefficients.cache_clear()
    _LOAD_CALIBRATION.cache_clear()


@contextmanager
def model(calibration: Callable[[], dict[str, Any]] | None, edit_map: Callable[[float], float]
          | None = None) -> Iterator[None]:
    """Run with ``resources.calibration`` replaced (None: the file is absent → defaults) and,
    optionally, the repairer's edit mapping replaced; everything restored on exit."""
    saved_cal = frtextfix.resources.calibration
    saved_map = frtextfix.repairer.calibrate_edit

    def absent() -> dict[str, Any]:
        raise DataFileError("calibration disabled by benchmarks/calibrate.py")

    frtextfix.resources.calibration = calibration or absent  # type: ignore[assignment]
    if edit_map is not None:
        frtextfix.repairer.calibrate_edit = edit_map
    _clear_caches()
    try:
        yield
    finally:
        frtextfix.resources.calibration = saved_cal
        frtextfix.repairer.calibrate_edit = saved_map
        _clear_caches()


# --------------------------------------------------------------------------- fitting


def sigmoid(z: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def fit_logistic(x: Array, y: Array, l2: float = L2, iterations: int = 100) -> Array:
    """Newton / IRLS for L2-penalized logistic regression; column 0 (the bias) unpenalized."""
    d = x.shape[1]
    w = np.zeros(d)
    penalty = np.full(d, l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = sigmoid(x @ w)
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(d)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def logit(p: Array) -> Array:
    q = np.clip(p, 0.01, 0.99)  # as scoring.calibrate_edit
    return np.log(q / (1 - q))


def fit_platt(raw: Sequence[float], correct: Sequence[bool]) -> tuple[float, float]:
    """[a, b] with calibrated = sigmoid(a·logit(raw) + b)."""
    x = np.column_stack([np.ones(len(raw)), logit(np.asarray(raw, dtype=float))])
    b, a = fit_logistic(x, np.asarray(correct, dtype=float), l2=1e-3)
    return float(a), float(b)


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Reliability:
    counts: list[int]
    confidence: list[float]  # mean confidence per bin (nan when empty)
    accuracy: list[float]  # observed frequency per bin (nan when empty)
    ece: float
    n: int
    mean_confidence: float
    accuracy_all: float


def reliability(conf: Sequence[float], correct: Sequence[bool], bins: int = N_BINS) -> Reliability:
    """Equal-width bins on [0, 1]; ECE = Σ (n_bin / n) · |mean confidence − accuracy|."""
    p = np.asarray(conf, dtype=float)
    y = np.asarray(correct, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    counts, confs, accs = [], [], []
    ece = 0.0
    for k in range(bins):
        m = idx == k
        c = int(m.sum())
        counts.append(c)
        confs.append(float(p[m].mean()) if c else math.nan)
        accs.append(float(y[m].mean()) if c else math.nan)
        if c:
            ece += c / len(p) * abs(confs[-1] - accs[-1])
    return Reliability(counts, confs, accs, ece, len(p),
                       float(p.mean()) if len(p) else math.nan,
                       float(y.mean()) if len(y) else math.nan)


def ece_interval(conf: Sequence[float], correct: Sequence[bool], text: Sequence[int],
                 reps: int = BOOTSTRAP, seed: int = 0) -> tuple[float, float]:
    """90 % interval of the ECE, resampling whole texts (edits and sentences of one text are
    not independent: one rule makes many edits)."""
    p = np.asarray(conf, dtype=float)
    y = np.asarray(correct, dtype=bool)
    g = np.asarray(text)
    groups = np.unique(g)
    members = {k: np.flatnonzero(g == k) for k in groups}
    rng = np.random.default_rng(seed)
    eces = []
    for _ in range(reps):
        idx = np.concatenate([members[k] for k in rng.choice(groups, len(groups))])
        eces.append(reliability(p[idx], y[idx]).ece)
    lo, hi = np.percentile(eces, [5, 95])
    return float(lo), float(hi)


def log_loss(conf: Sequence[float], correct: Sequence[bool]) -> float:
    """Mean negative log-likelihood (a proper score: rewards sharpness as well as calibration)."""
    p = np.clip(np.asarray(conf, dtype=float), 1e-6, 1 - 1e-6)
    y = np.asarray(correct, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def at_threshold(conf: Sequence[float], correct: Sequence[bool], t: float) -> tuple[int, float]:
    """How many have confidence ≥ t, and the share of them that are right."""
    kept = [c for p, c in zip(conf, correct) if p >= t]
    return len(kept), (sum(kept) / len(kept) if kept else math.nan)


def _fmt(x: float, pct: bool = True) -> str:
    if math.isnan(x):
        return "n/a"
    return f"{100 * x:.1f} %" if pct else f"{x:.3f}"


# --------------------------------------------------------------------------- outputs


def draw(panels: list[tuple[str, Reliability, Reliability]], path: Path) -> None:
    """One PNG, one column per confidence: reliability diagram (fitted bars, built-in default
    line) over a histogram of how many items fell in each bin (log scale, with the counts)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, len(panels), figsize=(5.2 * len(panels), 6.6), dpi=110,
                             gridspec_kw={"height_ratios": [3, 1.1]}, sharex="col")
    width = 1.0 / N_BINS
    lefts = np.arange(N_BINS) * width
    for col, (title, fitted, default) in enumerate(panels):
        ax, hx = axes[0, col], axes[1, col]
        acc = np.nan_to_num(np.asarray(fitted.accuracy), nan=0.0)
        ax.bar(lefts, acc, width=width, align="edge", color="#4C72B0", edgecolor="white",
               alpha=0.85, label=f"fitted: frequency right (ECE {fitted.ece:.3f})")
        fc, fa = np.asarray(fitted.confidence), np.asarray(fitted.accuracy)
        ok = ~np.isnan(fc)
        ax.plot(fc[ok], fa[ok], "s", color="#1f3a66", ms=4, label="fitted: mean confidence")
        dc, da = np.asarray(default.confidence), np.asarray(default.accuracy)
        ok = ~np.isnan(dc)
        ax.plot(dc[ok], da[ok], "o-", color="#DD8452", ms=4, lw=1.2,
                label=f"built-in default (ECE {default.ece:.3f})")
        ax.plot([0, 1], [0, 1], "--", color="grey", lw=1, label="perfect calibration")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.set_ylabel("observed frequency right")
        ax.set_title(f"{title}\nn = {fitted.n}", fontsize=10)
        ax.legend(loc="upper left", fontsize=7.5)
        ax.grid(alpha=0.3)

        counts = np.asarray(fitted.counts)
        hx.bar(lefts, np.maximum(counts, 0.8), width=width, align="edge", color="#4C72B0",
               edgecolor="white", alpha=0.85, label="fitted")
        hx.step(np.append(lefts, 1.0), np.append(default.counts, default.counts[-1]),
                where="post", color="#DD8452", lw=1.2, label="built-in default")
        for k, n in enumerate(counts):
            if n:
                hx.text(lefts[k] + width / 2, n * 1.15, str(n), ha="center", va="bottom",
                        fontsize=7)
        hx.set_yscale("log")
        hx.set_ylim(0.8, max(int(counts.max()), max(default.counts), 1) * 8)
        hx.set_xlabel("confidence (10 equal-width bins)")
        hx.set_ylabel("items per bin")
        hx.legend(loc="upper left", fontsize=7)
        hx.grid(alpha=0.3, axis="y")
    fig.suptitle("frtextfix: calibration on held-out text (test split)", fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                             capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, text=True,
                               capture_output=True, check=True).stdout.strip()
        return out + (" (src/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def coefficient_table(body: dict[str, Any]) -> str:
    lines = ["| feature | before | after |", "| --- | ---: | ---: |"]
    for name, b, a in zip(body["features"], body["before"], body["after"]):
        lines.append(f"| `{name}` | {b:+.3f} | {a:+.3f} |")
    return "\n".join(lines)


def markdown(
    args: argparse.Namespace,
    body: dict[str, Any],
    tune: Observations,
    test_default: Observations,
    test: Observations,
    meta: dict[str, str],
) -> str:
    rows = [
        ("edit (`Edit.confidence`)", test_default.edit_conf, test_default.edit_exact,
         test.edit_conf, test.edit_exact, test.edit_text),
        ("sentence before repair (`score`)", test_default.before_p, test_default.before_y,
         test.before_p, test.before_y, test.sentence_text),
        ("sentence after repair (`repair(...).sentences`)", test_default.after_p,
         test_default.after_y, test.after_p, test.after_y, test.sentence_text),
        ("rule (`Rule.confidence`; not refitted)", test_default.rule_conf,
         test_default.rule_right, test.rule_conf, test.rule_right, test.rule_text),
    ]
    ece_lines = [
        ("| confidence | n (test) | frequency right | mean confidence (fitted) "
         "| ECE built-in default | ECE fitted | 90 % interval (fitted) "
         "| log loss default → fitted |"),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, d_conf, d_right, f_conf, f_right, group in rows:
        d, f = reliability(d_conf, d_right), reliability(f_conf, f_right)
        lo, hi = ece_interval(f_conf, f_right, group)
        ece_lines.append(f"| {name} | {f.n} | {_fmt(f.accuracy_all)} | "
                         f"{_fmt(f.mean_confidence)} | {d.ece:.3f} | **{f.ece:.3f}** | "
                         f"{lo:.3f}–{hi:.3f} | {log_loss(d_conf, d_right):.3f} → "
                         f"{log_loss(f_conf, f_right):.3f} |")

    edit_lines = [("| keep edits with confidence ≥ | edits kept | share of all edits | "
                   "right (exact) | right (ignoring case) |"), "| ---: | ---: | ---: | ---: | ---: |"]
    for t in (0.0, *EDIT_THRESHOLDS):
        n, prec = at_threshold(test.edit_conf, test.edit_exact, t)
        _, prec_nc = at_threshold(test.edit_conf, test.edit_nocase, t)
        share = n / len(test.edit_conf) if test.edit_conf else math.nan
        edit_lines.append(f"| {t:.2f} | {n} | {_fmt(share)} | {_fmt(prec)} | {_fmt(prec_nc)} |")

    # Documents: flag as damaged when the least 'before' confidence is below t.
    docs = test.docs
    n_damaged = sum(d[1] for d in docs)
    flag_lines = [("| flag text when min sentence `score` < | flagged | precision (text really "
                   "damaged) | recall (damaged texts flagged) | clean texts flagged |"),
                  "| ---: | ---: | ---: | ---: | ---: |"]
    n_clean = sum(not d[1] for d in docs)
    for t in DOC_THRESHOLDS:
        flagged = [d for d in docs if d[3] < t]
        tp = sum(d[1] for d in flagged)
        fp = len(flagged) - tp
        flag_lines.append(
            f"| {t:.2f} | {len(flagged)} | {_fmt(tp / len(flagged) if flagged else math.nan)} | "
            f"{_fmt(tp / n_damaged if n_damaged else math.nan)} | "
            f"{_fmt(fp / n_clean if n_clean else math.nan)} |")
    trust_lines = [("| trust repaired text when `result.confidence` ≥ | texts trusted | "
                    "exactly the original | of which spun |"), "| ---: | ---: | ---: | ---: |"]
    for t in DOC_THRESHOLDS:
        kept = [d for d in docs if d[4] >= t]
        exact = sum(d[2] for d in kept)
        spun = sum(d[1] for d in kept)
        trust_lines.append(f"| {t:.2f} | {len(kept)} | "
                           f"{_fmt(exact / len(kept) if kept else math.nan)} | {spun} |")

    rule_lines = ["| `Rule.confidence` | rules | applied by the spinner there |",
                  "| --- | ---: | ---: |"]
    for lo, hi in RULE_BINS:
        sel = [y for c, y in zip(test.rule_conf, test.rule_right) if lo <= c < hi]
        label = f"{lo:.2f} to {hi:.2f}" if hi <= 1.0 else f"{lo:.2f} and up"
        rule_lines.append(f"| {label} | {len(sel)} | "
                          f"{_fmt(sum(sel) / len(sel) if sel else math.nan)} |")
    n_clean_rules = sum(test.rule_on_clean)

    doc_lines = ["| texts | n | repaired exactly | mean `result.confidence` | mean least `score` |",
                 "| --- | ---: | ---: | ---: | ---: |"]
    for label, keep in (("clean", lambda k: k.startswith("clean")),
                        ("spun", lambda k: not k.startswith("clean"))):
        sel = [d for d in docs if keep(d[0])]
        if sel:
            doc_lines.append(
                f"| {label} | {len(sel)} | {_fmt(sum(d[2] for d in sel) / len(sel))} | "
                f"{_fmt(sum(d[4] for d in sel) / len(sel))} | "
                f"{_fmt(sum(d[3] for d in sel) / len(sel))} |")
    d_edit, f_edit = (reliability(test_default.edit_conf, test_default.edit_exact),
                      reliability(test.edit_conf, test.edit_exact))
    edit_note = (
        "Platt scaling did **not** lower the edits' ECE on test "
        f"({d_edit.ece:.3f} → {f_edit.ece:.3f}; the raw confidences were already close)"
        if f_edit.ece >= d_edit.ece else
        f"Platt scaling lowered the edits' ECE on test ({d_edit.ece:.3f} → {f_edit.ece:.3f})")

    kinds: dict[str, int] = {}
    for kind, *_ in docs:
        kinds[kind] = kinds.get(kind, 0) + 1
    mix = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items()))
    a, b = body["edits"]
    n90, p90 = at_threshold(test.edit_conf, test.edit_exact, 0.9)
    f50 = [d for d in docs if d[3] < 0.5]
    f50_prec = sum(d[1] for d in f50) / len(f50) if f50 else math.nan
    f50_rec = sum(d[1] for d in f50) / n_damaged if n_damaged else math.nan

    return f"""# Confidences and their calibration

frtextfix gives four confidences. Each is meant as a **probability**: of all the items that
get confidence 0.9, about 9 in 10 should be right. This page shows how well that holds on
held-out text and how the numbers were fitted.

| confidence | where | what it is the probability of |
| --- | --- | --- |
| edit | `Edit.confidence` (`repair(text).edits`) | that this edit restores the original token exactly (case included) |
| sentence, before repair | `score(text)`, `Repairer.score` | that the **input** sentence is free of substitution damage (token for token equal to the original, ignoring case) |
| sentence, after repair | `repair(text).sentences`; `RepairResult.confidence` is the least of them | that the **repaired** sentence is exactly the original (token for token, ignoring case) |
| rule | `Rule.confidence` (`repair(text).rules`, `detect(text)`) | that the spinner applied this swap in the stretch the rule covers (directly, or as a chain through a middle word: `en → dans`, then `dans → parmi`) |

"Right" is judged against the truth the spinner recorded; tokens are
`regex.findall(r"\\w+|[^\\w\\s]", s)`, lower-cased (the benchmark's metric).

## How it was fitted

Command (from the repository root; {meta['seconds']} s on this machine):

```
{meta['command']}
```

- Texts: `--n-docs {args.n_docs}` documents per split, drawn as evenly across the four corpora
  as their sizes allow (`scripts/corpora.py`), seed {args.seed}. Half are left **clean** (every
  sentence labelled clean), half are **spun** by `frtextfix.spinner.spin` (1–4 thesaurus
  rules per article); in each half 60 % of the documents are single texts and the rest are
  joined four by four into multi-article texts (`spin_articles` for the spun ones).
- **Fit on the `tune` split**: {len(tune.edit_conf)} edits, {len(tune.before_y)} sentences
  ({sum(not y for y in tune.before_y)} damaged in the input, {sum(not y for y in tune.after_y)}
  still wrong after repair).
  1. Edits: the engine's raw confidence (product of the confidences of the steps that made the
     edit) is collected with the mapping forced to the identity, then Platt-scaled:
     `calibrated = sigmoid(a·logit(raw) + b)` with **a = {a:.4f}, b = {b:+.4f}**.
  2. Sentences: with that mapping in place (the `after` features use the edits' calibrated
     confidences), two logistic regressions over `frtextfix.scoring.FEATURES`, fitted by
     Newton/IRLS with an L2 penalty of {L2} on every coefficient but the bias (numpy only).
- **Reported on the `test` split** (never used for fitting): {len(test.docs)} texts ({mix}),
  {test.n_words} words, with the shipped file loaded fresh. `train` built the language model
  and is not used.
- Shipped as `src/frtextfix/data/{CALIBRATION_FILE}` (format `{CALIBRATION_FORMAT}`,
  version {CALIBRATION_VERSION}; deterministic bytes). Without it, built-in default
  coefficients and the identity edit mapping are used: the "built-in default" column below.
- Rules are not fitted here: their confidence is the rule model's (`frtextfix.rules`,
  hand-set weights; `benchmarks/fit_rules.py` measures refits). A rule reported for a text
  counts as right when an article it overlaps had that swap applied; the rules reported on
  clean test texts ({n_clean_rules}) count as wrong.
- Commit {meta['commit']}, {meta['date']}, Python {meta['python']} on {meta['machine']}.
  Texts whose sentence count differs between truth and input are left out of the sentence
  figures ({test.skipped_sentences} sentences on test). An edit is judged against the truth
  word at its position; where a hyphenated replacement changed the word count (``celui-là``
  for ``il``), against the truth words of the aligned block it covers; edits that cover part
  of a block of another length are left out ({test.skipped_edits} on test).

## Calibration on held-out text (test split)

Expected calibration error, 10 equal-width bins: Σ (items in bin / items) · |mean confidence
in bin − frequency right in bin|. 0 is perfect. The interval resamples whole test texts
({BOOTSTRAP} times): edits and sentences of one text are not independent (one rule makes many
edits), so it is wider than the item counts suggest.

{chr(10).join(ece_lines)}

![Reliability diagrams](img/calibration.png)

Top row: bars are the frequency right in each confidence bin for the fitted model; squares put
each bin's mean confidence against its frequency right (on the diagonal when calibrated); the
orange line is the same for the built-in defaults. Bottom row: how many items fell in each bin
(log scale). Bins with few items are noisy.

Coefficients (features as in `frtextfix.scoring.FEATURES`):

{coefficient_table(body)}

## Which threshold to use

**Edits.** Keeping only edits at or above a confidence trades coverage for precision:

{chr(10).join(edit_lines)}

**Is a text damaged?** Flag a text when its least `score` sentence confidence is below a
threshold (clean and spun texts, test split; {n_damaged} of {len(docs)} texts damaged):

{chr(10).join(flag_lines)}

**Which rules to believe?** The rules `repair` reports (`min_rule_confidence` 0.5), by
confidence:

{chr(10).join(rule_lines)}

**Can the repaired text be trusted as is?** `RepairResult.confidence` (least sentence
confidence after repair) at or above a threshold:

{chr(10).join(trust_lines)}

Recommendation:

- **Flag for review** texts whose least sentence `score` is **< 0.5**: on the test split that
  flags damaged texts with precision {_fmt(f50_prec)} and recall {_fmt(f50_rec)}.
- **Apply edits automatically** only at confidence **≥ 0.9** when a wrong change costs more
  than a missed one: {n90} test edits kept, {_fmt(p90)} of them exactly right. Lower edits are
  better shown as suggestions.
- Because the sentence confidences are calibrated, averaging them over a corpus estimates the
  share of clean sentences; summing `1 − confidence` estimates how many sentences are still
  wrong.

## Limits

- **Edits.** {edit_note}. Raw edit confidences are clipped to [0.01, 0.99] before the logit
  (both here and in `scoring.calibrate_edit`), so that raw values of exactly 1.0 do not drag
  the Platt slope. The fitted slope still moves between runs (edits come in clusters: one rule
  makes many edits).
- **`RepairResult.confidence` is not a calibrated text-level probability.** It is the least
  sentence confidence, an upper bound on P(every sentence right), and sentences of one text
  are not independent. On the test split:

{chr(10).join(doc_lines)}

  Use it to rank texts, not as a probability; the sentence confidences are the calibrated
  quantity.
- The fit reflects the engine at the time it ran (commit above): re-run
  `benchmarks/calibrate.py --write` after changing the rule engine, the corrector or the
  features.

Caveat: calibration holds for text like the test mix (half spun, 1–4 thesaurus rules per
article, four corpora). On a corpus that is almost all clean, or spun by another kind of
spinner, the probabilities shift; refit with `benchmarks/calibrate.py` on text like yours.
"""


# --------------------------------------------------------------------------- main


def header(built: str) -> dict[str, Any]:
    return {
        "format": CALIBRATION_FORMAT,
        "version": CALIBRATION_VERSION,
        "source": SOURCE,
        "license": "MIT",
        "built": built,
        "fitted_by": "benchmarks/calibrate.py",
    }


def build_date() -> str:
    """``$SOURCE_DATE_EPOCH`` if set, else the newest corpus file's date (as build_lm.py):
    the same corpora and code give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        ts = int(epoch)
    else:
        root = corpora.default_shared() / "corpora"
        ts = int(max(p.stat().st_mtime for p in root.rglob("*") if p.is_file()))
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).date().isoformat()


def summary(name: str, conf: Sequence[float], correct: Sequence[bool]) -> str:
    r = reliability(conf, correct)
    return (f"  {name:14} n={r.n:6d}  right={_fmt(r.accuracy_all):>8}  "
            f"mean conf={_fmt(r.mean_confidence):>8}  ECE={r.ece:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-docs", type=int, default=DEFAULT_N_DOCS,
                    help=f"documents per split (default {DEFAULT_N_DOCS})")
    ap.add_argument("--seed", type=int, default=0, help="sampling and spinning seed")
    ap.add_argument("--write", action="store_true",
                    help=f"write src/frtextfix/data/{CALIBRATION_FILE} (else evaluate in memory)")
    ap.add_argument("--no-docs", action="store_true",
                    help="do not write docs/calibration.md and docs/img/calibration.png")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()

    tune_texts = build_texts("tune", args.n_docs, args.seed)
    test_texts = build_texts("test", args.n_docs, args.seed + 1)
    print(f"tune: {len(tune_texts)} texts; test: {len(test_texts)} texts")

    # (a) raw edit confidences on tune → Platt scaling.
    with model(None, edit_map=lambda p: p):
        raw = observe(tune_texts)
    a, b = fit_platt(raw.edit_conf, raw.edit_exact)
    print(f"(a) tune: {len(raw.edit_conf)} edits, {raw.n_words} words in {raw.seconds:.0f} s; "
          f"Platt a={a:.4f} b={b:+.4f}")
    print(summary("raw edits", raw.edit_conf, raw.edit_exact))

    # (b) sentence features with the fitted edit mapping → two logistic models.
    with model(None, edit_map=platt(a, b)):
        tune = observe(tune_texts)
    w_before = fit_logistic(np.asarray(tune.before_x), np.asarray(tune.before_y, dtype=float))
    w_after = fit_logistic(np.asarray(tune.after_x), np.asarray(tune.after_y, dtype=float))
    body: dict[str, Any] = {
        "features": list(FEATURES),
        "before": [round(float(v), 6) for v in w_before],
        "after": [round(float(v), 6) for v in w_after],
        "edits": [round(a, 6), round(b, 6)],
    }
    print(f"(b) tune: {len(tune.before_y)} sentences; clean before "
          f"{_fmt(float(np.mean(tune.before_y)))}, right after {_fmt(float(np.mean(tune.after_y)))}")
    print("    before:", " ".join(f"{n}={v:+.3f}" for n, v in zip(FEATURES, body["before"])))
    print("    after: ", " ".join(f"{n}={v:+.3f}" for n, v in zip(FEATURES, body["after"])))

    # (c) the data file: written when asked, else the same bytes kept in memory.
    hdr = header(build_date())
    if args.write:
        size = write_data_file(OUTPUT, hdr, body)
        print(f"(c) wrote {OUTPUT.relative_to(ROOT)} ({size} bytes)")
        shipped: Callable[[], dict[str, Any]] | None = None
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / CALIBRATION_FILE
            write_data_file(path, hdr, body)
            data = read_data_file(path.read_bytes(), CALIBRATION_FORMAT, CALIBRATION_VERSION)
        shipped = lambda: data
        print("(c) not written (no --write): evaluating the fitted model in memory")

    # (d) test split: built-in defaults, then the fitted model loaded fresh.
    with model(None):
        test_default = observe(test_texts)
    if shipped is None:
        _clear_caches()  # the real loader reads the file just written
        frtextfix.resources.calibration()  # fails loudly if the file is not loadable
        test = observe(test_texts)
    else:
        with model(shipped):
            test = observe(test_texts)
    print(f"(d) test: {len(test_texts)} texts, {test.n_words} words in {test.seconds:.0f} s")
    for label, obs in (("default", test_default), ("fitted", test)):
        print(f"  [{label}]")
        print(summary("edits", obs.edit_conf, obs.edit_exact))
        print(summary("before", obs.before_p, obs.before_y))
        print(summary("after", obs.after_p, obs.after_y))
        print(summary("rules", obs.rule_conf, obs.rule_right))
    n90, p90 = at_threshold(test.edit_conf, test.edit_exact, 0.9)
    print(f"  edits ≥ 0.9: {n90} kept, {_fmt(p90)} exactly right")

    if not args.no_docs:
        panels = [
            ("Edits: P(edit restores the original)", reliability(test.edit_conf, test.edit_exact),
             reliability(test_default.edit_conf, test_default.edit_exact)),
            ("Sentences before repair: P(input clean)", reliability(test.before_p, test.before_y),
             reliability(test_default.before_p, test_default.before_y)),
            ("Sentences after repair: P(repaired = original)",
             reliability(test.after_p, test.after_y),
             reliability(test_default.after_p, test_default.after_y)),
            ("Rules: P(the spinner applied the swap there), not refitted",
             reliability(test.rule_conf, test.rule_right),
             reliability(test_default.rule_conf, test_default.rule_right)),
        ]
        draw(panels, DOC_PNG)
        command = "python benchmarks/calibrate.py" + (f" --n-docs {args.n_docs}"
                                                      if args.n_docs != DEFAULT_N_DOCS else "") + (
            f" --seed {args.seed}" if args.seed else "") + (" --write" if args.write else "")
        meta = {
            "command": command,
            "seconds": f"{time.perf_counter() - t0:.0f}",
            "commit": git_commit(),
            "date": dt.date.today().isoformat(),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPU",
        }
        DOC_MD.write_text(markdown(args, body, tune, test_default, test, meta), encoding="utf-8")
        print(f"wrote {DOC_MD.relative_to(ROOT)} and {DOC_PNG.relative_to(ROOT)}")
    print(f"total {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
