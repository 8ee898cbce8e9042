"""Sentence confidences: calibrated probabilities, not scores.

``score(text)`` gives, for every sentence of the input, the probability that it is sound
French free of substitution damage. ``repair(text).sentences`` gives, for every sentence of
the repaired text, the probability that it is now exactly the original (token for token,
case-insensitively). Both come from a logistic model over a handful of features of the
sentence — the damage the engine found or suspected there, unknown words it could not
explain, grammar breaks, fluency under the language model, whether a rule is active around
it — fitted on text spun at random from held-apart corpus documents
(``benchmarks/calibrate.py``; reliability diagrams in ``docs/calibration.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .grammar import GAP, adjacency, as_seen, violations
from .lexicon import KNOWN_FREQUENCY, Lexicon
from .tokenize import normalize, prose, sentence_spans, words
from .types import Sentence

FEATURES = (
    "bias",
    "log_tokens",
    "suspect_mass",       # Σ −log(1 − p) over suspected damage (before) / unapplied suspects (after)
    "applied_mass",       # Σ −log(p) over the edits made in the sentence (after only)
    "n_edits",            # edits made in the sentence (after only)
    "unexplained_unknown",  # lower-case unknown words no rule explains
    "grammar_breaks",
    "fluency",            # mean PMI of consecutive words under the bigram model
    "rule_activity",      # confidence of the surest rule whose stretch covers the sentence
)


@dataclass(frozen=True, slots=True)
class Suspect:
    """A token the engine believes may be damaged: ``p`` is the probability it is, and
    ``applied`` whether an edit was made there (offsets into the input)."""

    start: int
    end: int
    p: float
    applied: bool


# Fallback coefficients, used only if the shipped calibration is missing.
_DEFAULT: dict[str, tuple[float, ...]] = {
    "before": (3.0, 0.0, -1.0, 0.0, 0.0, -0.8, -1.0, 0.3, -2.0),
    "after": (3.0, 0.0, -1.0, -1.0, 0.0, -0.8, -1.0, 0.3, -1.5),
}


@lru_cache(maxsize=1)
def _coefficients() -> dict[str, tuple[float, ...]]:
    from . import resources

    try:
        model = resources.calibration()
    except resources.DataFileError:
        return _DEFAULT
    if tuple(model.get("features", ())) != FEATURES:
        return _DEFAULT
    return {"before": tuple(model["before"]), "after": tuple(model["after"])}


def sentence_features(
    lex: Lexicon,
    text: str,
    span: tuple[int, int],
    suspects: Sequence[Suspect],
    rule_activity: float,
    *,
    after: bool,
    edit_confidences: Sequence[float] = (),
) -> list[float]:
    """The feature vector of one sentence (``text[span[0]:span[1]]``), in ``FEATURES`` order."""
    sentence = text[span[0]:span[1]]
    toks = words(prose(sentence))
    forms = [normalize(t.text) for t in toks]
    n = len(forms)
    unknown = 0
    for t, f in zip(toks, forms):
        if t.text[:1].islower() and len(f) > 1 and lex.frequency(f) < KNOWN_FREQUENCY and f not in lex.lm:
            unknown += 1
    breaks = 0
    lm = lex.lm
    pmi = 0.0
    # the checks judge adjacent words only: ``le 28 avril`` is no ``le avril``
    joined = adjacency(sentence, toks)
    prev = "<s>"
    for k, f in enumerate(forms):
        nxt = "</s>" if k + 1 == n else forms[k + 1] if joined[k + 1] else GAP
        seen = prev
        if k > 0:
            gap = sentence[toks[k - 1].end:toks[k].start]
            seen = as_seen(prev, gap in ("'", "’")) if joined[k] else GAP
        if violations(seen, f, nxt):
            breaks += 1
        pmi += lm.logprob(f, prev) - lm.unigram_logprob(f)
        prev = f
    fluency = pmi / n if n else 0.0
    mass = sum(-math.log(max(1.0 - s.p, 1e-6)) for s in suspects if not (after and s.applied))
    applied = sum(-math.log(max(c, 1e-6)) for c in edit_confidences) if after else 0.0
    return [
        1.0,
        math.log1p(n),
        min(mass, 20.0),
        min(applied, 20.0),
        float(len(edit_confidences)) if after else 0.0,
        float(unknown),
        float(breaks),
        max(min(fluency, 5.0), -5.0),
        rule_activity,
    ]


def probability(features: Sequence[float], *, after: bool) -> float:
    w = _coefficients()["after" if after else "before"]
    z = sum(a * b for a, b in zip(w, features))
    z = max(min(z, 30.0), -30.0)
    return 1.0 / (1.0 + math.exp(-z))


def sentence_table(
    lex: Lexicon,
    input_text: str,
    output_text: str,
    suspects: Sequence[Suspect],
    rule_spans: Sequence[tuple[int, int, float]],
    edit_spans: Sequence[tuple[int, int, float]],
    *,
    after: bool,
) -> list[tuple[tuple[int, int], tuple[int, int], list[float]]]:
    """For each sentence: its input span, its span in the scored text, and its features.

    Edits never cross a sentence boundary, so input and output sentences correspond one to
    one; suspects, rules and edits (input offsets) are assigned through the input spans.
    """
    in_spans = list(sentence_spans(input_text))
    out_spans = list(sentence_spans(output_text)) if after else in_spans
    if len(out_spans) != len(in_spans):  # defensive: should not happen
        in_spans = out_spans
    text = output_text if after else input_text
    table = []
    si = ei = 0
    suspects = sorted(suspects, key=lambda s: s.start)
    edit_spans = sorted(edit_spans)
    for (a, b), (oa, ob) in zip(in_spans, out_spans):
        while si < len(suspects) and suspects[si].start < a:
            si += 1
        mine = []
        k = si
        while k < len(suspects) and suspects[k].start < b:
            mine.append(suspects[k])
            k += 1
        while ei < len(edit_spans) and edit_spans[ei][0] < a:
            ei += 1
        confs = []
        k = ei
        while k < len(edit_spans) and edit_spans[k][0] < b:
            confs.append(edit_spans[k][2])
            k += 1
        activity = max((c for s, e, c in rule_spans if s < b and a < e), default=0.0)
        feats = sentence_features(
            lex, text, (oa, ob), mine, activity, after=after, edit_confidences=confs
        )
        table.append(((a, b), (oa, ob), feats))
    return table


def score_sentences(
    lex: Lexicon,
    input_text: str,
    output_text: str,
    suspects: Sequence[Suspect],
    rule_spans: Sequence[tuple[int, int, float]],
    edit_spans: Sequence[tuple[int, int, float]],
    *,
    after: bool,
) -> list[Sentence]:
    """Sentences of the output (``after``) or of the input, each with its probability."""
    text = output_text if after else input_text
    return [
        Sentence(oa, ob, text[oa:ob], round(probability(feats, after=after), 4))
        for _, (oa, ob), feats in sentence_table(
            lex, input_text, output_text, suspects, rule_spans, edit_spans, after=after
        )
    ]


def calibrate_edit(raw: float) -> float:
    """Map the engine's raw edit confidence to a calibrated probability (Platt scaling
    fitted with the sentence model; identity when no calibration is shipped)."""
    from . import resources

    try:
        a, b = resources.calibration()["edits"]
    except (resources.DataFileError, KeyError, TypeError, ValueError):
        return raw
    # raw confidences of exactly 1.0 would sit at an extreme logit and drag the fitted slope
    p = min(max(raw, 0.01), 0.99)
    z = a * math.log(p / (1 - p)) + b
    z = max(min(z, 30.0), -30.0)
    return 1.0 / (1.0 + math.exp(-z))
