"""Where the damage left after repair comes from: finding the rules, or deciding the tokens.

    python benchmarks/ceiling.py                  # print the markdown report
    python benchmarks/ceiling.py --write-docs     # also write docs/ceiling.md

The same spun texts as ``run_benchmarks.py`` (same split, seed and sampling) are repaired three
ways:

* **as shipped**: ``frtextfix.repair``;
* **true rules proposed**: the rule engine also weighs the spinner's true rules as candidates,
  then decides as usual (what is lost because a rule was never a candidate);
* **true rules given**: the engine accepts the spinner's true rules wherever nothing
  contradicts them, and nothing else; the corrector decides each token as usual (what is
  lost in the token decisions, given perfect rules).

The gap between the first and the last is what detection costs; the gap between the last and
100 % is the corrector's. The two oracles reach into the engine (``RuleEngine.candidates`` and
``RuleEngine.evaluate`` are wrapped here); they measure, they are not a way to repair.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT)]

# run_benchmarks puts this tree's src/ and scripts/ on the path
import run_benchmarks as rb

import frtextfix
from frtextfix import rules
from frtextfix.evaluation import RULE_CLASSES
from frtextfix.rules import Candidate, DetectedRule, RuleEngine, UnitIndex

# The log-odds given to a true rule's regions in the "true rules given" oracle: certain.
CERTAIN = 30.0
CLASSES = RULE_CLASSES


@contextmanager
def oracle(true_rules: set[tuple[str, str, str]], give: bool) -> Iterator[None]:
    """Within the block, the engine also weighs ``true_rules`` (``give=False``), or accepts
    them and nothing else (``give=True``). ``true_rules`` is read at each call, so one
    context serves every text."""
    candidates, evaluate = RuleEngine.candidates, RuleEngine.evaluate

    def with_truth(self: RuleEngine, doc: Any, spun: frozenset[int] = frozenset(),
                   index: UnitIndex | None = None,
                   sure: Sequence[tuple[str, str]] = ()) -> list[Candidate]:
        # every candidate the engine would weigh, so that the true ones keep their explained
        # words
        found = candidates(self, doc, spun, index, sure)
        have = {(c.original, c.replacement, c.scope) for c in found}
        if give:
            found = [c for c in found if (c.original, c.replacement, c.scope) in true_rules]
        for o, s, scope in sorted(true_rules - have):
            found.append(Candidate(o, s, scope, self.lex.thesaurus.lists(o, s)))  # type: ignore[arg-type]
        return found

    def certain(self: RuleEngine, doc: Any, c: Candidate, index: UnitIndex,
                spun: frozenset[int] = frozenset()) -> list[DetectedRule]:
        regions = evaluate(self, doc, c, index, spun)
        for r in regions:
            r.log_odds = CERTAIN
        return regions

    RuleEngine.candidates = with_truth  # type: ignore[method-assign]
    hypothesis = rules.CONTENT_HYPOTHESIS_PENALTY
    if give:
        RuleEngine.evaluate = certain  # type: ignore[method-assign]
        # the true rules and nothing else: no content swaps weighed on a hypothesis
        rules.CONTENT_HYPOTHESIS_PENALTY = None
    try:
        yield
    finally:
        RuleEngine.candidates = candidates  # type: ignore[method-assign]
        RuleEngine.evaluate = evaluate  # type: ignore[method-assign]
        rules.CONTENT_HYPOTHESIS_PENALTY = hypothesis


def run_mode(cases: list[rb.Case], mode: str) -> dict[str, Any]:
    """Repair every spun case one way; the totals."""
    truth: set[tuple[str, str, str]] = set()
    repair: Callable[[str], Any] = frtextfix.repair
    if mode != "shipped":
        # every text is analysed: the screen knows nothing of the truth
        repair = frtextfix.Repairer(frtextfix.RepairConfig(screen=False)).repair
    start = time.perf_counter()
    with oracle(truth, give=mode == "given") if mode != "shipped" else nullcontext():
        for case in cases:
            truth.clear()
            if case.spun is not None:
                truth.update((r.original, r.replacement, r.scope) for r in case.spun.rules)
            case.by_kind, case.by_rule, case.broken = {}, {}, 0
            case.run(repair)
            if case.error:  # an oracle out of step with the engine must not report zeros
                raise SystemExit(f"{mode}: repair raised on a text: {case.error}")
    totals: dict[str, Any] = {"seconds": time.perf_counter() - start}
    for kind in ("single", "multi"):
        mine = [c for c in cases if c.kind == kind]
        before = sum(c.d_before for c in mine)
        after = sum(c.d_after for c in mine)
        totals[kind] = (before, after)
        totals[kind + " broken"] = sum(c.broken for c in mine)
        for cls in CLASSES:
            dmg = sum(c.by_rule.get(cls, [0, 0])[0] for c in mine if c.aligned)
            ok = sum(c.by_rule.get(cls, [0, 0])[1] for c in mine if c.aligned)
            totals[kind, cls] = (dmg, ok)
    return totals


MODES = (("shipped", "as shipped"), ("proposed", "true rules proposed"),
         ("given", "true rules given"))


def report(results: dict[str, dict[str, Any]], command: str, n_single: int,
           n_multi: int) -> str:
    out = [
        "# Where the remaining damage is",
        "",
        ("The texts of the benchmark ([benchmarks.md](benchmarks.md)) repaired three ways: as "
        "shipped; with the spinner's true rules added to the candidates the engine weighs "
        "(*true rules proposed*: it still decides); and with the true rules accepted wherever "
        "nothing contradicts them and no other rule (*true rules given*: the corrector "
        "decides each token as usual). What separates the first column from the last is what "
        "finding the rules costs; what separates the last from 100 % is the token decisions'. "
        "The oracles run with the screen off (the screen cannot know the truth)."),
        "",
        f"- Command: `{command}`",
        (f"- Date: {dt.date.today().isoformat()}, commit {rb.git_commit()}, "
        f"Python {platform.python_version()}"),
        f"- {n_single} single documents and {n_multi} texts of four articles each spun its own way",
        "",
        "| figure | " + " | ".join(label for _, label in MODES) + " |",
        "| --- | " + " | ".join("---:" for _ in MODES) + " |",
    ]
    for kind, label in (("single", "single documents"), ("multi", "four-article texts")):
        cells = []
        for mode, _ in MODES:
            before, after = results[mode][kind]
            cells.append(f"{100 * (1 - after / before):.1f} %" if before else "n/a")
        out.append(f"| error reduction, {label} | " + " | ".join(cells) + " |")
        for cls in CLASSES:
            cells = []
            for mode, _ in MODES:
                dmg, ok = results[mode][kind, cls]
                cells.append(f"{rb.pct(ok, dmg)} of {dmg}")
            out.append(f"| {label}: {cls} restored | " + " | ".join(cells) + " |")
        cells = [str(results[mode][kind + " broken"]) for mode, _ in MODES]
        out.append(f"| {label}: sound tokens broken | " + " | ".join(cells) + " |")
    out += [
        "",
        ("Read it this way: with the rules known, the corrector restores nearly every "
        "whole-word swap, content words included; as shipped, most of what is left is a rule "
        "the engine did not establish. For a whole-word swap between content words the "
        "language model seldom has the evidence (the original was never seen beside the "
        "neighbours), and a short document with one or two swaps offers little else; "
        "`docs/design.md` (*Known limits*) says why precision keeps such rules out."),
        "",
    ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n-docs", type=int, default=300, help="single spun documents (default 300)")
    ap.add_argument("--n-multi", type=int, default=50,
                    help="texts of four articles (default 50)")
    ap.add_argument("--seed", type=int, default=0, help="sampling and spinning seed (default 0)")
    ap.add_argument("--split", choices=("test", "tune"), default="test",
                    help="held-out split to draw documents from (default test)")
    ap.add_argument("--write-docs", action="store_true", help="also write docs/ceiling.md")
    args = ap.parse_args(argv)
    cases = [c for c in rb.build_cases(args.split, args.n_docs, args.n_multi, args.seed)
             if c.spun is not None]
    results = {}
    for mode, label in MODES:
        results[mode] = run_mode(cases, mode)
        print(f"... {label}: {results[mode]['seconds']:.0f} s", file=sys.stderr)
    command = (f"python benchmarks/ceiling.py --n-docs {args.n_docs} --n-multi {args.n_multi} "
               f"--seed {args.seed} --split {args.split}")
    n_single = sum(c.kind == "single" for c in cases)
    text = report(results, command, n_single, len(cases) - n_single)
    print(text)
    if args.write_docs:
        (ROOT.parent / "docs" / "ceiling.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
