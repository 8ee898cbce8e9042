"""Measure frtextfix on your own clean French text: spin it, repair it, compare.

How well the library does depends on the text: its genre, its length, its vocabulary. The
figures in ``docs/benchmarks.md`` come from the project's corpora; :func:`evaluate` gives the
same figures on yours. Each text is spun at random by :mod:`frtextfix.spinner` (the truth is
known), the spun text is repaired, and so is the clean text, since a false edit on clean text
is what a corpus can least afford:

    from frtextfix.evaluation import evaluate

    report = evaluate(texts, seed=0)   # texts: an iterable of clean French documents
    print(report.summary())
    report.error_reduction, report.clean_tokens_changed, report.detection_recall

The measures are the benchmark's own (``benchmarks/run_benchmarks.py`` imports them from
here): texts are compared as sequences of tokens (words and punctuation marks, lower-cased),
and the damage is the token edit distance to the original.
"""

from __future__ import annotations

import difflib
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import regex

from .parallel import resolve_workers
from .repairer import Repairer
from .resources import word_frequencies
from .rules import FUNCTION_WORD_FREQUENCY
from .spinner import SpinRule, SpunText, spin, spin_articles
from .types import RepairResult

__all__ = [
    "Evaluation",
    "TokenTally",
    "bootstrap_interval",
    "distance",
    "evaluate",
    "tally_tokens",
    "text_distance",
    "tokens",
    "wilson_interval",
]

TOKEN_RE = regex.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """The tokens texts are compared on: words and single punctuation marks, lower-cased
    (a case restored differently is not counted as damage left)."""
    return [t.lower() for t in TOKEN_RE.findall(text)]


def distance(a: list[str], b: list[str]) -> int:
    """Token edit distance: the size of every non-equal difflib opcode."""
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


# A function word is one of the ~100 most frequent words, as for the engine.
UNKNOWN, REAL_WORD = "unknown", "real word"
RULE_CLASSES = tuple(f"{word} word, {how}" for word in ("function", "content")
                     for how in ("whole-word swap", "inside a word"))


@dataclass(frozen=True, slots=True)
class TokenTally:
    """Damaged tokens of one spun text and how many the repair restored, by kind.

    ``by_kind``: ``"unknown"`` (the damaged token is no word of French) or ``"real word"``;
    ``by_rule``: the class of the rule that made the damage (``RULE_CLASSES``); each maps to
    ``[damaged, restored]``. ``broken``: tokens right before the repair and wrong after.
    """

    by_kind: dict[str, list[int]]
    by_rule: dict[str, list[int]]
    broken: int


def tally_tokens(truth: list[str], spun: list[str], repaired: list[str],
                 rules: Sequence[SpinRule]) -> TokenTally | None:
    """Compare the three token sequences position by position; None when they do not have
    the same length (a hyphenated replacement such as ``celui-là`` splits a token), where
    positions do not match."""
    if not len(truth) == len(spun) == len(repaired):
        return None
    freqs = word_frequencies()
    by_kind: dict[str, list[int]] = {}
    by_rule: dict[str, list[int]] = {}
    broken = 0
    for t, g, o in zip(truth, spun, repaired):
        if t == g:
            broken += o != t
            continue
        known = not g.isalpha() or g in freqs  # digits count as known
        counts = by_kind.setdefault(REAL_WORD if known else UNKNOWN, [0, 0])
        counts[0] += 1
        counts[1] += o == t
        rule_class = _rule_class(g, rules, freqs)
        if rule_class:
            counts = by_rule.setdefault(rule_class, [0, 0])
            counts[0] += 1
            counts[1] += o == t
    return TokenTally(by_kind, by_rule, broken)


def _rule_class(damaged: str, rules: Sequence[SpinRule], freqs: Mapping[str, float]) -> str:
    """Which kind of rule made a damaged token: the first rule of the spin whose replacement
    it contains. A whole-word swap is one where the token is the replacement."""
    for r in rules:
        if r.replacement in damaged:
            function = freqs.get(r.original, 0.0) >= FUNCTION_WORD_FREQUENCY
            whole = damaged == r.replacement
            return (("function" if function else "content") + " word, "
                    + ("whole-word swap" if whole else "inside a word"))
    return ""


# Beyond this many tokens, texts with the same lines are compared line by line: difflib's
# matching grows about as the square of the length (60,000 tokens: 6 s), and neither the
# spinner nor the repair moves a line break.
LONG_TEXT_TOKENS = 20_000


def text_distance(a: str, b: str, a_tokens: list[str] | None = None,
                  b_tokens: list[str] | None = None) -> int:
    """:func:`distance` between the tokens of two texts (pass them if already at hand); for
    long texts with as many lines, the sum over their lines (identical lines cost nothing),
    so that the time stays linear."""
    ta = tokens(a) if a_tokens is None else a_tokens
    tb = tokens(b) if b_tokens is None else b_tokens
    if max(len(ta), len(tb)) <= LONG_TEXT_TOKENS:
        return distance(ta, tb)
    lines_a, lines_b = a.split("\n"), b.split("\n")
    if len(lines_a) != len(lines_b):
        return distance(ta, tb)
    return sum(distance(tokens(x), tokens(y)) for x, y in zip(lines_a, lines_b) if x != y)


# Every share comes with a 95 % interval, so that a difference between two runs (or two
# corpora) can be told from sampling noise. Documents are the unit of sampling: the tokens of
# one text are not independent (one rule damages many of them), so token shares are
# bootstrapped over documents; document counts (detection) get Wilson score intervals.
BOOTSTRAP_RESAMPLES = 1000
Z95 = 1.959964


def bootstrap_interval(
    pairs: Sequence[tuple[float, float]], stat: Callable[[float, float], float],
    seed: int = 0,
) -> tuple[float, float]:
    """95 % percentile interval of ``stat(sum of firsts, sum of seconds)`` over documents
    resampled with replacement (``pairs``: one ``(numerator, denominator)`` per document)."""
    if not pairs:
        return (float("nan"), float("nan"))
    rng = random.Random(seed)
    n = len(pairs)
    values = []
    for _ in range(BOOTSTRAP_RESAMPLES):
        a = b = 0.0
        for _ in range(n):
            x, y = pairs[rng.randrange(n)]
            a += x
            b += y
        values.append(stat(a, b))
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def wilson_interval(k: int, n: int) -> tuple[float, float]:
    """95 % Wilson score interval of the proportion ``k / n`` (not empty at 0 or n)."""
    if not n:
        return (float("nan"), float("nan"))
    p = k / n
    den = 1 + Z95**2 / n
    mid = (p + Z95**2 / (2 * n)) / den
    half = Z95 * (p * (1 - p) / n + Z95**2 / (4 * n * n)) ** 0.5 / den
    return max(0.0, mid - half), min(1.0, mid + half)


Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What :func:`evaluate` measured.

    Shares are in [0, 1], each with a 95 % interval (``*_interval``); a share with nothing to
    measure (no damage, no flagged text) is None, as is its interval.

    * ``texts``, ``tokens``, ``words``: the clean texts measured (blank ones are left out);
      with ``articles`` > 1, ``texts`` counts the joined texts.
    * ``spun_texts``: those the spinner could change (a text with no thesaurus headword
      cannot be spun); ``spinner_rules``: the rules it applied.
    * ``errors_before`` / ``errors_after``: token edit distance to the original, of the
      spun text and of its repair; ``error_reduction`` is ``1 - after / before``.
    * ``clean_tokens_changed``: token edit distance between each clean text and its repair
      (false edits), summed; ``clean_change_rate`` divides it by ``tokens``;
      ``clean_texts_changed``: clean texts with any change (its interval is that of the
      share of texts, which stays informative when nothing changed).
    * ``detection_precision`` / ``detection_recall``: a text counts as flagged when
      ``repair`` reports a rule; spun texts are the positives, clean texts the negatives.
    * ``restored``: for each kind of damaged token, ``(damaged, restored)``: the kind of
      token the spinner left (``"unknown"``, ``"real word"``) and the class of the rule
      that made it (``RULE_CLASSES``: function or content word, whole-word swap or inside a
      word); ``sound_tokens_broken``: tokens of spun texts right before the repair and
      wrong after, of ``sound_tokens``. These compare tokens position by position, so they
      count the ``aligned_texts`` only (spun texts whose truth, spun and repaired versions
      have the same number of tokens: most of them).
    * ``clean_seconds`` / ``spun_seconds``: time spent repairing the clean texts (all of
      them first) and the spun ones, after warm-up calls that load the models (not
      counted). The engine still builds some tables on first need (up to a second or two
      once), which weighs on a small sample; ``benchmarks/speed.py`` measures throughput
      properly. The spun texts come second and find the words of their clean versions
      cached, so their figure is a little optimistic. With ``workers`` > 1 they are the
      wall-clock time of that many processes.
    """

    seed: int
    articles: int
    texts: int
    tokens: int
    words: int
    spun_texts: int
    spinner_rules: int
    errors_before: int
    errors_after: int
    error_reduction: float | None
    error_reduction_interval: Interval | None
    clean_tokens_changed: int
    clean_change_rate: float | None
    clean_change_rate_interval: Interval | None
    clean_texts_changed: int
    clean_texts_interval: Interval | None
    detection_precision: float | None
    detection_precision_interval: Interval | None
    detection_recall: float | None
    detection_recall_interval: Interval | None
    aligned_texts: int
    restored: dict[str, tuple[int, int]]
    sound_tokens: int
    sound_tokens_broken: int
    spun_seconds: float
    clean_seconds: float
    workers: int = 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (intervals as two-item lists)."""
        d: dict[str, Any] = json.loads(json.dumps(asdict(self)))  # tuples become lists
        return d

    def summary(self) -> str:
        """A few lines for a human: what was measured, and every share with its interval."""
        if not self.texts:
            return ("frtextfix evaluation: nothing to measure (no text that is not blank, or fewer "
                    "texts than articles to join).")
        # resampling cannot move a count of zero: the share of texts changed (a Wilson
        # interval) says how far from zero the truth may be
        rate_bounds = self.clean_change_rate_interval if self.clean_tokens_changed else None
        kind = "texts" if self.articles == 1 else f"texts of {self.articles} articles"
        lines = [
            (f"frtextfix evaluation: {self.texts:,} {kind} ({self.tokens:,} tokens), each "
             f"spun at random (seed {self.seed}; {self.spun_texts:,} could be spun, "
             f"{self.spinner_rules:,} rules) and repaired, and repaired clean"),
            (f"  damage undone: {_share(self.error_reduction, self.error_reduction_interval)}"
             f" ({self.errors_before:,} token errors before repair, {self.errors_after:,} after)"),
            (f"  clean text changed: {self.clean_tokens_changed:,} of {self.tokens:,} tokens, "
             f"{_share(self.clean_change_rate, rate_bounds, 3)}; {self.clean_texts_changed:,} "
             f"of {self.texts:,} texts, "
             f"{_share(self.clean_texts_changed / self.texts, self.clean_texts_interval)}"),
            (f"  spun texts flagged (a rule found): precision "
             f"{_share(self.detection_precision, self.detection_precision_interval)}, recall "
             f"{_share(self.detection_recall, self.detection_recall_interval)}"),
        ]
        if self.aligned_texts:
            def shares(kinds: Iterable[str]) -> str:
                return "; ".join(f"{kind} {100 * ok / n:.0f} % of {n:,}"
                                 for kind in kinds for n, ok in [self.restored[kind]] if n)

            lines += [
                f"  damaged tokens restored ({self.aligned_texts:,} aligned texts):",
                f"    what the spinner left: {shares((UNKNOWN, REAL_WORD))}",
                f"    the rule that did it: {shares(RULE_CLASSES)}",
                (f"  sound tokens of spun texts broken: {self.sound_tokens_broken:,} of "
                 f"{self.sound_tokens:,}"),
            ]
        lines.append(f"  time: clean text {self.clean_seconds:.1f} s "
                     f"({_rate(self.words, self.clean_seconds)}), spun text "
                     f"{self.spun_seconds:.1f} s ({_rate(self.words, self.spun_seconds)}); "
                     + ("one process" if self.workers == 1 else f"{self.workers} processes")
                     + ", tables built on first need included")
        return "\n".join(lines)


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f} words/s" if seconds > 0 else "n/a"


def _share(value: float | None, bounds: Interval | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    text = f"{100 * value:.{digits}f} %"
    if bounds is not None:
        text += f" (95 % interval {100 * bounds[0]:.{digits}f}–{100 * bounds[1]:.{digits}f} %)"
    return text


@dataclass(frozen=True, slots=True)
class _Measured:
    """One text: its damage before and after repair, and what repair did to it clean."""

    tokens: int
    words: int
    spun: bool
    rules: int
    before: int
    after: int
    flagged_spun: bool
    clean_changed: int
    flagged_clean: bool
    tally: TokenTally | None


def evaluate(
    texts: Iterable[str],
    *,
    seed: int = 0,
    articles: int = 1,
    repair: Callable[[str], RepairResult] | Repairer | None = None,
    progress: Callable[[int, int], object] | None = None,
    workers: int = 1,
    **spin_options: Any,
) -> Evaluation:
    """Spin each of ``texts`` at random, repair it, and repair it clean; return the figures.

    texts:
        Clean French documents (an iterable of ``str``; a single ``str`` is refused, since
        it would be read as its characters). Blank texts are left out.
    seed:
        Makes the spins reproducible: the same texts and seed give the same damage.
    articles:
        Join this many consecutive texts into one, each spun its own way (a page holding
        several articles, as the seed page does).
    repair:
        What to measure; default :func:`frtextfix.repair`. Pass ``Repairer(config)`` (or its
        ``repair``) to measure another configuration.
    progress:
        Called as ``progress(done, total)`` after each repair (a progress bar, a log line);
        ``total`` is twice the number of texts (each is repaired clean and spun).
    workers:
        Repair in this many processes (0: one per CPU) with
        :meth:`Repairer.repair_many`; ``repair`` must then be None, a ``Repairer`` or its
        ``repair``. The figures are the same as with one; the times are wall-clock.
    spin_options:
        Passed to :func:`frtextfix.spinner.spin` (``n_rules``, ``off_thesaurus_rate``…).
    """
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError(
            "evaluate expects an iterable of texts (a list of str), not a single "
            f"{type(texts).__name__}; pass [text] to measure one document"
        )
    if not isinstance(articles, int) or articles < 1:
        raise ValueError(f"articles must be an int >= 1, got {articles!r}")
    workers = resolve_workers(workers)
    if repair is None:
        repair = Repairer()  # the default configuration (the models are shared)
    if isinstance(repair, Repairer):
        repair = repair.repair
    many = _repair_many(repair, workers)
    kept: list[str] = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"text {i} is {type(text).__name__}, not str")
        if text.strip():
            kept.append(text)
    groups = [kept[i:i + articles] for i in range(0, len(kept) - articles + 1, articles)]
    rng = random.Random(seed)
    spins: list[SpunText] = []
    for group in groups:
        spin_seed = rng.randrange(2**32)
        spins.append(spin(group[0], seed=spin_seed, **spin_options) if articles == 1
                     else spin_articles(group, seed=spin_seed, **spin_options))
    for spun in spins[:3]:  # load the models and build most of the engine's tables first
        repair(spun.text)
    # all the clean texts first, so that their time is not helped by their spun versions'
    cleaned: list[RepairResult] = []
    start = time.perf_counter()
    for clean in many([spun.original for spun in spins]):
        cleaned.append(clean)
        if progress is not None:
            progress(len(cleaned), 2 * len(spins))
    clean_seconds = time.perf_counter() - start
    repaired: list[RepairResult] = []
    start = time.perf_counter()
    for fixed in many([spun.text for spun in spins]):
        repaired.append(fixed)
        if progress is not None:
            progress(len(spins) + len(repaired), 2 * len(spins))
    spun_seconds = time.perf_counter() - start
    measured: list[_Measured] = []
    for spun, clean, fixed in zip(spins, cleaned, repaired):
        truth, given, out = tokens(spun.original), tokens(spun.text), tokens(fixed.text)
        measured.append(_Measured(
            tokens=len(truth),
            words=len(spun.original.split()),
            spun=spun.changed,
            rules=len(spun.rules),
            before=text_distance(spun.original, spun.text, truth, given),
            after=text_distance(spun.original, fixed.text, truth, out),
            flagged_spun=spun.changed and bool(fixed.rules),
            clean_changed=text_distance(spun.original, clean.text, truth),
            flagged_clean=bool(clean.rules),
            tally=tally_tokens(truth, given, out, spun.rules) if spun.changed else None,
        ))
    return _summarise(measured, seed, articles, spun_seconds, clean_seconds, workers)


def _repair_many(repair: Callable[[str], RepairResult],
                 workers: int) -> Callable[[list[str]], Iterator[RepairResult]]:
    """How ``evaluate`` repairs a list of texts: one by one with ``repair``, or, when it is a
    ``Repairer``'s, with ``Repairer.repair_many`` in ``workers`` processes."""
    if workers == 1:
        return partial(map, repair)
    owner = getattr(repair, "__self__", None)
    if not isinstance(owner, Repairer) or getattr(repair, "__func__", None) is not Repairer.repair:
        raise ValueError("workers > 1 needs repair to be None, a Repairer or its repair "
                         "method: each worker rebuilds the repairer from its configuration")
    return partial(owner.repair_many, workers=workers)


def _summarise(measured: list[_Measured], seed: int, articles: int,
               spun_seconds: float, clean_seconds: float, workers: int = 1) -> Evaluation:
    n_tokens = sum(m.tokens for m in measured)
    before = sum(m.before for m in measured)
    after = sum(m.after for m in measured)
    changed = sum(m.clean_changed for m in measured)
    n_spun = sum(m.spun for m in measured)
    tp = sum(m.flagged_spun for m in measured)
    fp = sum(m.flagged_clean for m in measured)
    n_changed_texts = sum(m.clean_changed > 0 for m in measured)
    tallies = [m.tally for m in measured if m.tally is not None]
    restored: dict[str, tuple[int, int]] = {}
    for kind in (UNKNOWN, REAL_WORD, *RULE_CLASSES):
        pairs = [t.by_kind.get(kind) or t.by_rule.get(kind) or [0, 0] for t in tallies]
        restored[kind] = (sum(p[0] for p in pairs), sum(p[1] for p in pairs))
    n_aligned_tokens = sum(m.tokens for m in measured if m.tally is not None)
    n_damaged = restored[UNKNOWN][0] + restored[REAL_WORD][0]
    reduction_pairs = [(float(m.after), float(m.before)) for m in measured]
    change_pairs = [(float(m.clean_changed), float(m.tokens)) for m in measured]
    return Evaluation(
        seed=seed,
        articles=articles,
        texts=len(measured),
        tokens=n_tokens,
        words=sum(m.words for m in measured),
        spun_texts=n_spun,
        spinner_rules=sum(m.rules for m in measured),
        errors_before=before,
        errors_after=after,
        error_reduction=1 - after / before if before else None,
        error_reduction_interval=(
            bootstrap_interval(reduction_pairs, lambda a, b: 1 - a / b if b else 0.0)
            if before else None),
        clean_tokens_changed=changed,
        clean_change_rate=changed / n_tokens if n_tokens else None,
        clean_change_rate_interval=(
            bootstrap_interval(change_pairs, lambda a, b: a / b if b else 0.0)
            if n_tokens else None),
        clean_texts_changed=n_changed_texts,
        clean_texts_interval=wilson_interval(n_changed_texts, len(measured)) if measured else None,
        detection_precision=tp / (tp + fp) if tp + fp else None,
        detection_precision_interval=wilson_interval(tp, tp + fp) if tp + fp else None,
        detection_recall=tp / n_spun if n_spun else None,
        detection_recall_interval=wilson_interval(tp, n_spun) if n_spun else None,
        aligned_texts=len(tallies),
        restored=restored,
        sound_tokens=n_aligned_tokens - n_damaged,
        sound_tokens_broken=sum(t.broken for t in tallies),
        spun_seconds=spun_seconds,
        clean_seconds=clean_seconds,
        workers=workers,
    )
