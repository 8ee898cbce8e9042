"""Random inputs against the contract: ``repair`` never raises on a str, its edits replay onto
the input, characters outside them are untouched, sentence offsets index the output, and a
second repair changes nothing.

    python benchmarks/fuzz.py                      # 10 minutes, seed 0
    python benchmarks/fuzz.py --minutes 60 --seed 3 --out /tmp/fuzz

Each input is a random slice of a bundled fixture (the seed page, clean French), spun at random
half the time (``frtextfix.spinner.spin``), then altered a few to a few dozen times: odd
characters inserted (combining marks, format characters, lone surrogates, emoji, other
scripts, markup, punctuation, line and paragraph separators), letters deleted, a stretch
repeated. Inputs longer than 1,000 characters are also repaired in pieces of 1,000
characters (``RepairConfig.max_segment_length``), as long texts are, and one input in five
is a pool of two to four such documents (``Repairer.repair_pooled``). It needs only the
repository (no corpora). An input that breaks the contract is written to ``--out`` as JSON
with its error, and the exit status is 1.

Not a test: it runs for as long as it is given. The test suite keeps the inputs it found
(``tests/test_invariants.py``). Found so: a chain through a compound (``ils`` → ``ceux-ci``,
then ``ce`` → ``un`` inside words) whose two passes' edits overlapped and were left out, so
that the repair was not idempotent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from _invariants import check_all, check_result, read_fixture

import frtextfix
from frtextfix.spinner import spin

SOURCES = ("seed-damaged.txt", "gsd-dev-sample.txt", "clean-mixed.txt")
ODD = (
    "\u0301", "\u0300\u0327", "\u200b", "\u00ad", "\u200d", "\ufeff", "\u202e", "\u2028",
    "\u2029", "\x00", "\x0b", "\x0c", "\r", "\r\n", "\t", "\ud800", "\udfff", "😀",
    "👩\u200d👩\u200d👧", "🇫🇷", "ﬁ", "ﬀ", "Ǆ", "ß", "İ", "ŉ", "ΐ", "א", "ب", "中文", "한",
    "𝔘𝔫𝔦", "Ⅻ", "²", "½", "<p>", "</div>", "&amp;", "&#233;", "<!--", "-->", "<script>",
    "http://ex.fr/de-le/", "@user", "l'", "’", "'", "-", "--", "—", "…", "...", ".", "!",
    "?", " ", "  ", "\n", "\n\n", "«", "»", '"', "(", ")", "[", "]",
)


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 30)):
        op = rng.random()
        p = rng.randrange(len(chars) + 1)
        if op < 0.5:
            chars[p:p] = list(rng.choice(ODD))
        elif op < 0.7 and chars:
            del chars[p:p + rng.randint(1, 5)]
        elif op < 0.8:
            chars[p:p] = chars[max(0, p - 50):p]
        elif op < 0.9:
            chars[p:p] = [chr(rng.randrange(0x20, 0x3000))]
        else:
            code = (rng.randrange(0x10000, 0x110000) if rng.random() < 0.5
                    else rng.randrange(0xD800, 0xE000))
            chars[p:p] = [chr(code)]
    return "".join(chars)


def make_input(sources: list[str], rng: random.Random) -> str:
    source = rng.choice(sources)
    start = rng.randrange(len(source))
    text = source[start:start + rng.randint(0, 3000)]
    if text.strip() and rng.random() < 0.5:
        text = spin(text, seed=rng.randrange(2**32)).text
    return mutate(text, rng)


# Long texts are read in pieces, and later passes read again only the pieces that changed:
# the same contract with pieces of 1,000 characters (the least allowed).
SEGMENTED = frtextfix.Repairer(frtextfix.RepairConfig(max_segment_length=1000))
POOLED = frtextfix.Repairer()
# Weak rules reported too: the same contract, and the same repair as the default's.
REPORTING = frtextfix.Repairer(frtextfix.RepairConfig(report_rule_confidence=0.05))


def check(text: str) -> None:
    """Every invariant of ``tests/_invariants.py``, with the default repairer, with one that
    cuts the text into small pieces and with one that reports weak rules, and ``score`` and
    ``detect`` too."""
    result = check_all(text)
    reported = check_all(text, repairer=REPORTING)
    assert (reported.text, reported.edits) == (result.text, result.edits), "weak rules changed the repair"
    if len(text) > 1000:
        check_all(text, repairer=SEGMENTED)
    sentences = frtextfix.score(text)
    assert all(0.0 <= s.confidence <= 1.0 for s in sentences)
    for r in frtextfix.detect(text):
        assert 0 <= r.start <= r.end <= len(text), r


def check_pooled(texts: list[str]) -> None:
    """``repair_pooled``: each document's result keeps the contract, and pooling the repaired
    documents again changes nothing."""
    results = POOLED.repair_pooled(texts)
    assert len(results) == len(texts)
    for text, result in zip(texts, results):
        check_result(text, result)
    again = POOLED.repair_pooled([r.text for r in results])
    assert [r.text for r in again] == [r.text for r in results], "pooling is not idempotent"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "fuzz")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    sources = [read_fixture(name) for name in SOURCES]
    deadline = time.monotonic() + 60.0 * args.minutes
    n = 0
    failures: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        n += 1
        # one input in five is a pool of two to four documents of one source
        pool = [make_input(sources, rng) for _ in range(rng.randint(2, 4) if n % 5 == 0 else 1)]
        try:
            if len(pool) == 1:
                check(pool[0])
            else:
                check_pooled(pool)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, none stops the run
            failures.append({"input": pool if len(pool) > 1 else pool[0],
                             "error": f"{type(exc).__name__}: {exc}"[:2000],
                             "traceback": traceback.format_exc()[-3000:]})
            print(f"input {n}: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
    if failures:
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"failures-seed{args.seed}.json"
        # ASCII JSON: the lone surrogates of an input survive the round trip
        path.write_text(json.dumps(failures, indent=1), encoding="utf-8")
        print(f"{n} inputs, {len(failures)} broke the contract: {path}")
        return 1
    print(f"{n} inputs in {args.minutes:g} minutes (seed {args.seed}): the contract held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
