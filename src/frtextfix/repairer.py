"""The reusable, read-only repairer that ties the rule engine, corrector and scorer together."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property

from .config import RepairConfig
from .corrector import Proposal, propose, propose_chains, restore_case
from .document import Document
from .lexicon import Lexicon
from .parallel import ordered_map, resolve_workers
from .rules import DetectedRule, RuleEngine, UnitIndex
from .scoring import Suspect, calibrate_edit, probability, score_sentences, sentence_table
from .screen import NO_TRACE, Traces, accentless, mostly_unknown, traces
from .types import Edit, RepairResult, Rule, Sentence, apply_edits

MAX_ROUNDS = 3
# How far (tokens) a grammar check reads beside a word: ``d ' une`` puts the elided word two
# tokens before.
NEIGHBOUR_REACH = 2
# Whole passes over the text, until it no longer changes.
MAX_PASSES = 3
# The words that stay in lower case inside hyphenated names (``Saint-Germain-en-Laye``), and
# the pronouns and particles that follow a capitalised verb or pronoun (``Peut-on``,
# ``Celle-ci``, ``Lui-même``).
NAME_PARTICLES = frozenset({
    "à", "au", "aux", "d", "de", "des", "du", "en", "es", "ès", "et", "l", "la", "le", "les",
    "lès", "lez", "sous", "sur", "je", "tu", "il", "elle", "on", "nous", "vous", "ils",
    "elles", "t", "ce", "moi", "toi", "lui", "leur", "y", "là", "ci", "même", "mêmes",
})
# Rules this sure mark their stretch as spun, which raises the prior of further rules there.
SURE_RULE = 0.95
# With the screen off, every kind of rule is looked for in every text (as after a grammar
# break: nothing is left out).
EVERY_TRACE = Traces(True, True, frozenset())


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(
            "frtextfix works on str, not bytes. Decode the bytes first, for example "
            "text = data.decode('utf-8') (or fix mojibake first with ftfy)."
        )
    raise TypeError(f"frtextfix expects a str, got {type(text).__name__}")


class Repairer:
    """Holds the configuration and, lazily, the shared lexicon. Read-only after construction,
    so one instance can serve many threads; it pickles as its configuration only.
    """

    def __init__(self, config: RepairConfig | None = None, lexicon: Lexicon | None = None) -> None:
        self.config = config or RepairConfig()
        self._lexicon = lexicon

    def __getstate__(self) -> dict[str, object]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.config = state["config"]  # type: ignore[assignment]
        self._lexicon = None

    @cached_property
    def lexicon(self) -> Lexicon:
        return self._lexicon if self._lexicon is not None else _shared_lexicon()

    @cached_property
    def engine(self) -> RuleEngine:
        return RuleEngine(self.lexicon)

    # ----- public API ------------------------------------------------------------------
    def repair(self, text: str) -> RepairResult:
        """Find the rules, undo them where the evidence allows, score every sentence."""
        text = _check_text(text)
        return self._result(text, *self._run(text))

    def repair_pooled(self, texts: Sequence[str]) -> list[RepairResult]:
        """Repair documents of one source together (pages of one site, passed through the same
        spinner): the evidence for a rule is pooled across them, so rules too weak to show in
        one short document are still found; each document gets its own result.

        The documents are analysed as one text, each separated from the next by a blank line;
        keep a pool to a few tens of thousands of characters (longer text is analysed in
        segments of ``max_segment_length`` anyway)."""
        texts = [_check_text(t) for t in texts]
        separator = "\n\n"
        joined = separator.join(texts)
        edits, rules, suspects, weak = self._run(joined)
        results = []
        start = 0
        for text in texts:
            end = start + len(text)
            mine = [replace(e, start=e.start - start, end=e.end - start)
                    for e in edits if start <= e.start and e.end <= end]
            named = {part for e in mine for part in e.rule.split("+")}
            my_rules = [_local_rule(r, start, end, mine) for r in rules
                        if r.start < end and start < r.end or r.id in named]
            my_weak = [replace(r, start=max(r.start, start) - start, end=min(r.end, end) - start)
                       for r in weak if r.start < end and start < r.end]
            my_suspects = [replace(x, start=x.start - start, end=x.end - start)
                           for x in suspects if start <= x.start and x.end <= end]
            results.append(self._result(text, mine, my_rules, my_suspects, my_weak))
            start = end + len(separator)
        return results

    def repair_many(self, texts: Iterable[str], *, workers: int = 1,
                    chunk_size: int = 64) -> Iterator[RepairResult]:
        """Repair each text of an iterable, lazily, in order.

        With ``workers`` > 1 (0: one per CPU) the texts are repaired in that many processes,
        ``chunk_size`` texts at a time, a few chunks per worker in flight, so memory stays
        bounded. Each worker builds its own repairer from this one's configuration (about 1 s
        and a few hundred MB), so it pays from a few thousand texts on. The results are the
        same as with one worker; their sentences are still scored when first read, in this
        process. A text that is not a ``str`` raises ``TypeError`` once the texts before it
        are yielded, as with one worker; bad ``workers`` or ``chunk_size`` raise ``ValueError``
        at the call.
        """
        workers = resolve_workers(workers)
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise ValueError(f"chunk_size must be a whole number, 1 or more, got {chunk_size!r}")
        if workers == 1:
            return map(self.repair, texts)
        if self._lexicon is not None:
            raise ValueError("workers > 1 needs a Repairer built from its configuration alone: "
                             "each worker rebuilds it, and a lexicon given to it cannot follow")
        return self._repair_in_workers(texts, workers, chunk_size)

    def _repair_in_workers(self, texts: Iterable[str], workers: int,
                           chunk_size: int) -> Generator[RepairResult, None, None]:
        """``repair_many`` in worker processes: each returns the edits, rules and suspects of
        its texts, and the results are built here (sentences scored when first read)."""
        bad: list[TypeError] = []
        sent: deque[list[str]] = deque()  # the chunks handed out, until their results are in

        def chunks() -> Iterator[list[str]]:
            chunk: list[str] = []
            for t in texts:
                try:
                    chunk.append(_check_text(t))
                except TypeError as exc:
                    bad.append(exc)  # raised after the texts before it are yielded
                    break
                if len(chunk) == chunk_size:
                    sent.append(chunk)
                    yield chunk
                    chunk = []
            if chunk:
                sent.append(chunk)
                yield chunk

        results = ordered_map(_worker_run, chunks(), workers, _worker_init, (self.config,))
        try:
            for parts in results:
                for text, (edits, rules, suspects, weak) in zip(sent.popleft(), parts):
                    yield self._result(text, edits, rules, suspects, weak)
        finally:
            results.close()  # a consumer that stops early stops the workers
        if bad:
            raise bad[0]

    def score(self, text: str) -> list[Sentence]:
        """Per-sentence probability that the input is free of substitution damage."""
        text = _check_text(text)
        _, rules, suspects, _ = self._run(text)
        return score_sentences(self.lexicon, text, text, suspects, _spans(rules), [], after=False)

    def detect(self, text: str) -> list[Rule]:
        """The rules found in ``text``, without repairing it (with the weaker ones that
        ``RepairConfig.report_rule_confidence`` asks for, in reading order)."""
        text = _check_text(text)
        _, rules, _, weak = self._run(text)
        return _in_reading_order(rules, weak)

    def sentence_features(self, text: str) -> tuple[RepairResult, list[dict[str, object]]]:
        """The repair and, per sentence, the features behind both confidences (for
        ``benchmarks/calibrate.py``): ``input_span``, ``output_span``, ``before``, ``after``."""
        text = _check_text(text)
        edits, rules, suspects, _ = self._run(text)
        new_text = apply_edits(text, edits)
        rule_spans = _spans(rules)
        edit_spans = _spans(edits)
        before = sentence_table(self.lexicon, text, text, suspects, rule_spans, [], after=False)
        after = sentence_table(self.lexicon, text, new_text, suspects, rule_spans, edit_spans,
                               after=True)
        rows: list[dict[str, object]] = []
        for (span_in, _, fb), (_, span_out, fa) in zip(before, after):
            rows.append({"input_span": span_in, "output_span": span_out, "before": fb,
                         "after": fa})
        sentences = tuple(
            Sentence(oa, ob, new_text[oa:ob], round(probability(fa, after=True), 4))
            for _, (oa, ob), fa in after
        )
        result = RepairResult(new_text, text, tuple(edits), tuple(rules), sentences)
        return result, rows

    def _result(self, text: str, edits: list[Edit], rules: list[Rule],
                suspects: list[Suspect], weak: list[Rule]) -> RepairResult:
        """The result: the rules used (and the ``weak`` ones reported, in reading order),
        with sentence confidences that rest on the rules used alone."""
        new_text = apply_edits(text, edits)
        lexicon = self.lexicon

        def sentences() -> tuple[Sentence, ...]:  # scored when first read (types.RepairResult)
            return tuple(score_sentences(lexicon, text, new_text, suspects, _spans(rules),
                                         _spans(edits), after=True))

        return RepairResult(new_text, text, tuple(edits),
                            tuple(_in_reading_order(rules, weak)), sentences)

    def _run(self, text: str) -> tuple[list[Edit], list[Rule], list[Suspect], list[Rule]]:
        """Passes until the text no longer changes (so that ``repair`` is idempotent: a repair
        can reveal evidence, such as a restored original that now contradicts a rule), with
        every edit, rule and suspect expressed in offsets of the input. A later pass skips
        the pieces of a long text that an earlier one analysed word for word the same and left
        unchanged: the analysis depends on the piece alone, so it would find nothing again,
        and one repair in a 10 MB text does not cost a second reading of all of it.

        The last list holds the weak rules ``RepairConfig.report_rule_confidence`` asks for,
        as the first pass read the input (none where a rule used holds with the same
        replacement)."""
        settled: set[str] = set()
        edits, rules, suspects, weak = self._pass(text, settled)
        for _ in range(MAX_PASSES - 1):
            if not edits:
                break
            current = apply_edits(text, edits)
            more, more_rules, more_suspects, _ = self._pass(current, settled)
            if not more:
                break
            position = _offset_map(edits)
            edits = _compose(text, current, edits, more)
            for r in more_rules:
                start, end = position(r.start), position(r.end)
                # a rule found again where it already holds is the same rule; elsewhere (a
                # stretch the first pass did not see it in) it is reported, its edits name it
                # (``_unique_ids`` numbers it)
                if any(x.original == r.original and x.replacement == r.replacement
                       and x.start < end and start < x.end for x in rules):
                    continue
                rules.append(replace(r, start=start, end=end))
            suspects.extend(
                replace(x, start=position(x.start), end=position(x.end)) for x in more_suspects
            )
        weak = [w for w in weak if not any(
            r.replacement == w.replacement and r.start < w.end and w.start < r.end for r in rules)]
        every = _unique_ids(_with_chains(rules, edits) + weak)
        rules, weak = every[:len(rules)], every[len(rules):]
        return _naming_regions(edits, rules), rules, suspects, weak

    def _pass(self, text: str, settled: set[str]
              ) -> tuple[list[Edit], list[Rule], list[Suspect], list[Rule]]:
        """One reading of ``text``, piece by piece; adds to ``settled`` the pieces that need
        no edit and skips those already there."""
        edits: list[Edit] = []
        rules: list[Rule] = []
        suspects: list[Suspect] = []
        weak: list[Rule] = []
        for offset, piece in self._segments(text):
            if piece in settled:
                continue
            doc, detected, proposals, weak_here = self._analyse(piece)
            seg_rules = self._rules(doc, detected, offset)
            rules.extend(seg_rules)
            weak.extend(replace(r, used=False) for r in self._rules(doc, weak_here, offset))
            piece_edits = self._edits(doc, offset)
            if not piece_edits:
                settled.add(piece)
            edits.extend(piece_edits)
            best: dict[int, float] = {}
            for p in proposals:
                best[p.token] = max(best.get(p.token, 0.0), p.confidence)
            for i, p_damage in best.items():
                tok = doc.tokens[i]
                suspects.append(Suspect(tok.start + offset, tok.end + offset, p_damage,
                                        i in doc.history))
        edits.sort(key=lambda e: e.start)
        return edits, rules, suspects, weak

    # ----- internals -------------------------------------------------------------------
    def _segments(self, text: str) -> Iterator[tuple[int, str]]:
        """Cut long inputs at paragraph (else line, else space) breaks."""
        limit = self.config.max_segment_length
        pos = 0
        n = len(text)
        while n - pos > limit:
            cut = -1
            for sep in ("\n\n", "\n", " "):
                cut = text.rfind(sep, pos + limit // 2, pos + limit)
                if cut > 0:
                    cut += len(sep)
                    break
            if cut <= pos:
                cut = pos + limit
            yield pos, text[pos:cut]
            pos = cut
        yield pos, text[pos:]

    def _screen(self, text: str) -> Traces:
        """What the analysis must look for. Nothing in text not read at all: French without
        accents, mostly unknown words (another language, garbled text), and, with the screen
        on, text with no trace of damage. With the screen off, everything."""
        if accentless(text):
            return NO_TRACE
        if self.config.screen:
            return traces(text, self.engine)  # which checks mostly_unknown too
        return NO_TRACE if mostly_unknown(text, self.lexicon) else EVERY_TRACE

    def _analyse(
        self, text: str, trace: list[tuple[int, DetectedRule]] | None = None
    ) -> tuple[Document, list[DetectedRule], list[Proposal], list[DetectedRule]]:
        """Rounds of detection and correction (a later round sees the earlier repairs, which
        uncovers chains): the rules used, the proposals and the weak regions to report
        (``_weak``). ``trace`` collects every region weighed, for fitting the model."""
        found_traces = EVERY_TRACE if trace is not None else self._screen(text)
        if not found_traces:
            return Document.empty(text), [], [], []
        doc = Document.from_text(text, self.engine.joins)
        accepted: list[DetectedRule] = []
        all_proposals: list[Proposal] = []
        # the regions weighed, kept only when weak rules are to be reported (``_weak``)
        weighed: list[DetectedRule] | None = (
            [] if self.config.report_rule_confidence is not None else None)
        if not doc.tokens:
            return doc, accepted, all_proposals, []
        engine = self.engine
        for round_no in range(1, MAX_ROUNDS + 1):
            index = UnitIndex.build(doc)
            # a rule already established stays as it is where it holds; elsewhere (another
            # article spun with the same rule) it may be found again
            held: dict[tuple[str, str], list[DetectedRule]] = {}
            for r in accepted:
                held.setdefault((r.original, r.replacement), []).append(r)
            # the stretch a sure rule holds in, as far as nothing contradicts it: the swaps
            # that leave no trace (content words) are looked for there (tune split: content
            # swaps restored 27 → 32 %, multi-article texts +2 to +3 points, over the
            # supported sentences alone)
            sure_rules = [r for r in accepted if r.confidence >= SURE_RULE]
            spun = frozenset(u for r in sure_rules for u in range(r.run_first, r.run_last + 1))
            sure = sorted({(r.original, r.replacement) for r in sure_rules})
            found: list[DetectedRule] = []
            for cand in engine.candidates(doc, spun, index, sure):
                for r in engine.evaluate(doc, cand, index, spun):
                    if not any(a.first_unit <= r.last_unit and r.first_unit <= a.last_unit
                               for a in held.get((r.original, r.replacement), ())):
                        found.append(r)
            if trace is not None:
                trace.extend((round_no, r) for r in found)
            _share_among_rivals(found)
            if weighed is not None:
                weighed.extend(found)
            new = self._choose(doc, index, found, accepted, round_no)
            if not new:
                break
            changed = self._correct(doc, new, accepted, all_proposals)
            accepted.extend(new)
            if not changed and round_no > 1:
                break
        if not accepted and (found_traces.grammar or found_traces.swaps):
            # A spinner that swapped content words alone leaves few other traces than those:
            # a grammar break (``de essor``, a sentence starting in lower case) or a swap read
            # in context. (A text let in for a rare word alone, as clean text often is, rarely
            # pays: on the tune split, with the first version of the hypothesis, 14 of the 187
            # damaged tokens it restored, for a third of its time on clean text.) No rule was
            # accepted, so the text is as the last round's index read it.
            found = engine.content_hypothesis(doc, index)
            if trace is not None:
                trace.extend((MAX_ROUNDS + 1, r) for r in found)
            _share_among_rivals(found)
            if weighed is not None:
                weighed.extend(found)
            new = self._choose(doc, index, found, accepted, MAX_ROUNDS + 1)
            self._correct(doc, new, accepted, all_proposals)
            accepted.extend(new)
        return doc, accepted, all_proposals, self._weak(weighed or [], accepted)

    def _weak(self, weighed: list[DetectedRule], accepted: list[DetectedRule]
              ) -> list[DetectedRule]:
        """The regions weighed below ``min_rule_confidence`` that reach
        ``report_rule_confidence``: the surest for each replacement in a stretch, where no
        rule used holds with that replacement. They tell a spun text from a clean one where
        no rule is sure enough to repair with."""
        bar = self.config.report_rule_confidence
        if bar is None:
            return []
        out: list[DetectedRule] = []
        for r in sorted(weighed, key=lambda r: (-r.log_odds, r.original, r.replacement, r.scope)):
            if r.confidence < bar:
                break
            if r.confidence >= self.config.min_rule_confidence or any(
                    a.replacement == r.replacement and a.first_unit <= r.last_unit
                    and r.first_unit <= a.last_unit for a in accepted + out):
                continue
            out.append(r)
        return out

    def _choose(self, doc: Document, index: UnitIndex, found: list[DetectedRule],
                accepted: list[DetectedRule], round_no: int) -> list[DetectedRule]:
        """The regions weighed this round that become rules: the surest first, each sure
        enough and not in conflict with a rule already chosen."""
        found.sort(key=lambda r: (-r.log_odds, r.original, r.replacement, r.scope))
        new: list[DetectedRule] = []
        for r in found:
            if r.confidence < self.config.min_rule_confidence:
                break
            if not _make_room(r, accepted, new) or _explained_away(doc, index.unit_of, r, new):
                continue
            r.round = round_no
            new.append(r)
        return new

    def _correct(self, doc: Document, new: list[DetectedRule], accepted: list[DetectedRule],
                 all_proposals: list[Proposal]) -> bool:
        """Make the edits the ``new`` rules propose (each token its surest proposal) and
        collect every proposal; whether a word changed."""
        best: dict[int, Proposal] = {}
        for r in new:
            for p in propose(doc, r, self.lexicon):
                all_proposals.append(p)
                cur = best.get(p.token)
                if cur is None or p.confidence > cur.confidence:
                    best[p.token] = p
        # a word two rules damaged together is the chains' to repair, even where one rule
        # alone already made its spelling better (``absdansun`` → ``absenun``)
        settled = {i for i, p in best.items() if p.kind != "spelling"}
        for p in propose_chains(doc, accepted + new, self.lexicon, settled):
            all_proposals.append(p)
            best[p.token] = p
        changed = False
        for i in sorted(best):
            p = best[i]
            if p.confidence >= self.config.min_confidence and p.new_form != doc.forms[i]:
                doc.set_form(i, p.new_form, _rule_id(p.rule), p.confidence)
                changed = True
        return changed

    def _rules(self, doc: Document, detected: list[DetectedRule], offset: int) -> list[Rule]:
        """The rules of one piece, in reading order, each named by its substitution
        (``_unique_ids`` numbers them over the whole text)."""
        out: list[Rule] = []
        for r in sorted(detected, key=lambda r: (doc.unit_spans[r.first_unit][0], r.original)):
            start = doc.unit_spans[r.first_unit][0] + offset
            end = doc.unit_spans[r.last_unit][1] + offset
            examples = []
            for i in sorted(r.explained)[:10]:
                examples.append(f"{doc.tokens[i].text}→{r.explained[i]}")
            evidence = dict(r.evidence)
            evidence["examples"] = examples
            if r.via is not None:
                evidence["via"] = r.via
            out.append(Rule(
                id=_rule_id(r), original=r.original, replacement=r.replacement, scope=r.scope,
                start=start, end=end, confidence=round(r.confidence, 4),
                in_thesaurus=r.in_thesaurus, evidence=evidence,
            ))
        return out

    def _edits(self, doc: Document, offset: int) -> list[Edit]:
        out: list[Edit] = []
        for i in sorted(doc.history):
            hist = doc.history[i]
            tok = doc.tokens[i]
            first_old = hist[0][1]
            final = doc.forms[i]
            if final == first_old:
                continue
            # the part of a name is capitalised (``États-ceis`` → ``États-Unis``), unless it
            # is one of the little words names keep in lower case (``Clichy-sous-Bois``)
            capital = doc.sentence_initial[i] or (
                final not in NAME_PARTICLES and doc.in_capitalised_name(i))
            # a whole-word swap wrote every letter of the word (``lésiner`` for ``Les``)
            whole = _replacement(hist[0][0]) == first_old
            after = restore_case(tok.text, first_old, final, capital, whole)
            if after == tok.text:
                continue
            conf = 1.0
            for h in hist:
                conf *= h[3]
            rule = "+".join(dict.fromkeys(h[0] for h in hist))
            msg = " then ".join(f"{h[1]}→{h[2]}" for h in hist)
            out.append(Edit(tok.start + offset, tok.end + offset, tok.text, after, rule,
                            round(calibrate_edit(conf), 4), msg))
        return out


def _spans(items: Sequence[Edit] | Sequence[Rule]) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of edits or rules, for the sentence scorer."""
    return [(x.start, x.end, x.confidence) for x in items]


def _offset_map(edits: list[Edit]) -> Callable[[int], int]:
    """Map a position of ``apply_edits(text, edits)`` back to ``text``."""
    def position(p: int) -> int:
        delta = 0
        for e in edits:
            new_start = e.start + delta
            new_end = new_start + len(e.after)
            if p < new_start:
                break
            if p < new_end:
                return e.start if p == new_start else e.end
            delta += len(e.after) - (e.end - e.start)
        return p - delta
    return position


def _compose(text: str, middle: str, first: list[Edit], second: list[Edit]) -> list[Edit]:
    """Edits on ``text`` equivalent to ``first`` then ``second`` (made on ``middle``, the
    result of ``first``). A second edit that overlaps first ones becomes one edit with them over their
    joint span (a word edited twice; ``unux`` → ``ceux`` inside ``unux-ci``, then the compound
    ``ceux-ci`` → ``ils``); one that gives back the input is no edit."""
    position = _offset_map(first)
    # every edit as a span of the middle text: (start, end, pass, edit)
    spans: list[tuple[int, int, int, Edit]] = []
    delta = 0
    for e in first:
        spans.append((e.start + delta, e.start + delta + len(e.after), 0, e))
        delta += len(e.after) - (e.end - e.start)
    spans.extend((e.start, e.end, 1, e) for e in second)
    spans.sort(key=lambda x: (x[0], x[1], x[2]))
    # groups of overlapping spans (the edits of one pass never overlap one another)
    groups: list[list[tuple[int, int, int, Edit]]] = []
    group_end = -1
    for span in spans:
        if groups and span[0] < group_end:
            groups[-1].append(span)
            group_end = max(group_end, span[1])
        else:
            groups.append([span])
            group_end = span[1]
    out: list[Edit] = []
    for group in groups:
        if len(group) == 1 and group[0][2] == 0:
            out.append(group[0][3])
            continue
        lo, hi = group[0][0], max(span[1] for span in group)
        after = middle[lo:hi]
        for s_start, s_end, n_pass, e in reversed(group):  # right to left: offsets hold
            if n_pass == 1:
                after = after[:s_start - lo] + e.after + after[s_end - lo:]
        start, end = position(lo), position(hi)
        before = text[start:end]
        if after == before:
            continue  # the second pass undid the first
        edits = [e for _, _, _, e in sorted(group, key=lambda x: x[2])]
        if len(edits) == 1:
            out.append(replace(edits[0], start=start, end=end, before=before))
            continue
        rules = dict.fromkeys(part for e in edits for part in e.rule.split("+"))
        confidence = math.prod(e.confidence for e in edits)
        out.append(Edit(start, end, before, after, "+".join(rules), round(confidence, 4),
                        " then ".join(e.message for e in edits if e.message)))
    return out


def _in_reading_order(rules: list[Rule], weak: list[Rule]) -> list[Rule]:
    """The rules used and the weak ones reported, together, by where they start."""
    if not weak:
        return rules
    return sorted(rules + weak, key=lambda r: (r.start, not r.used))


def _with_chains(rules: list[Rule], edits: list[Edit]) -> list[Rule]:
    """The rules, each naming in ``chains_with`` the rules undone with it in one word
    (``ce→le+pays→race``; across passes too: ``ce→un+ils→ceux-ci``)."""
    partners: dict[str, set[str]] = {}
    for e in edits:
        parts = {_substitution(part) for part in e.rule.split("+")}
        if len(parts) > 1:
            for part in parts:
                partners.setdefault(part, set()).update(parts - {part})
    return [replace(r, chains_with=tuple(sorted(partners[_substitution(r.id)])))
            if _substitution(r.id) in partners else r for r in rules]


def _unique_ids(rules: list[Rule]) -> list[Rule]:
    """The rules with ids unique over the whole text: the pieces of a long text number their
    rules apart (``la→une`` in two pieces becomes ``la→une`` and ``la→une#2``)."""
    used: set[str] = set()
    out = []
    for r in rules:
        rid = r.id
        if rid in used:
            base, n = _substitution(rid), 2
            while f"{base}#{n}" in used:
                n += 1
            rid = f"{base}#{n}"
        used.add(rid)
        out.append(r if rid == r.id else replace(r, id=rid))
    return out


def _local_rule(r: Rule, start: int, end: int, edits: list[Edit]) -> Rule:
    """Rule ``r`` of a pooled text as one document of it (``start``..``end``) reports it: its
    span clamped to the document, or, when the span lies in another document but an edit of
    this one names it (``_naming_regions`` names the nearest region), the span of those
    edits (``edits`` in the document's offsets)."""
    if r.start < end and start < r.end:
        return replace(r, start=max(r.start, start) - start, end=min(r.end, end) - start)
    named = [e for e in edits if r.id in e.rule.split("+")]
    return replace(r, start=min(e.start for e in named), end=max(e.end for e in named))


def _naming_regions(edits: list[Edit], rules: list[Rule]) -> list[Edit]:
    """The edits, each naming the rules it was made under by their ids (``la→une#2``: the
    stretch where that rule holds), not by the substitution alone (``la→une``): the rule that
    covers the edit, else the nearest one."""
    regions: dict[str, list[Rule]] = {}
    for r in sorted(rules, key=lambda r: r.start):
        regions.setdefault(_substitution(r.id), []).append(r)
    starts = {base: [r.start for r in found] for base, found in regions.items()}

    def region(part: str, e: Edit) -> str:
        base = _substitution(part)
        found = regions.get(base)
        if not found:
            return part
        k = bisect_right(starts[base], e.start)
        near = found[max(k - 1, 0):k + 1]
        return min(near, key=lambda r: max(r.start - e.start, e.end - r.end, 0)).id

    out = []
    for e in edits:
        rule = "+".join(dict.fromkeys(region(part, e) for part in e.rule.split("+")))
        out.append(e if rule == e.rule else replace(e, rule=rule))
    return out


def _rule_id(r: DetectedRule) -> str:
    return f"{r.original}→{r.replacement}"


def _replacement(rule_id: str) -> str:
    """The replacement a rule id names (:func:`_rule_id`; ``la→une#2`` → ``une``)."""
    return _substitution(rule_id).split("→", 1)[1]


def _substitution(rule_id: str) -> str:
    """The substitution a rule id names, without its number (``la→une#2`` → ``la→une``)."""
    return rule_id.split("#")[0]


def _share_among_rivals(found: list[DetectedRule]) -> None:
    """Whole-word rules that explain the same replacement in the same stretch exclude each
    other (``croissance``, ``développement`` and ``progrès`` all list ``essor``). Treated as
    exclusive hypotheses beside "no rule", each keeps its share of the belief, so an
    undecided choice among originals is left alone."""
    by_replacement: dict[str, list[DetectedRule]] = {}
    for r in found:
        if r.scope == "word" and r.log_odds > -8.0:
            by_replacement.setdefault(r.replacement, []).append(r)
    for group in by_replacement.values():
        if len(group) < 2:
            continue
        adjusted = []
        for r in group:
            rivals = sum(
                math.exp(min(other.log_odds, 30.0)) for other in group
                if other is not r and other.original != r.original
                and other.first_unit <= r.last_unit and r.first_unit <= other.last_unit
            )
            # log-odds of r against (no rule or any rival)
            adjusted.append(r.log_odds - math.log1p(rivals))
        for r, lo in zip(group, adjusted):
            r.log_odds = lo


def _explained_away(doc: Document, unit_of: list[int], r: DetectedRule,
                    chosen: list[DetectedRule]) -> bool:
    """Whether a grammar break that speaks for ``r`` stands beside a word that a rule already
    chosen this round will change (``de une``: ``la → une`` explains it, not ``comme → de``).
    Such a rule waits for the next round, which weighs it on the repaired text."""
    if not r.grammar_tokens or not chosen:
        return False
    forms = doc.forms
    for i in r.grammar_tokens:
        span = doc.unit_token_ranges[unit_of[i]]
        for j in range(max(span.start, i - NEIGHBOUR_REACH), min(span.stop, i + NEIGHBOUR_REACH + 1)):
            if j == i:
                continue
            for a in chosen:
                if a.first_unit <= unit_of[j] <= a.last_unit and (
                        forms[j] == a.replacement
                        or (a.scope == "substring" and a.replacement in forms[j])):
                    return True
    return False


def _make_room(r: DetectedRule, accepted: list[DetectedRule], new: list[DetectedRule]) -> bool:
    """Whether ``r`` can join the rules already chosen. Two rules with the same original (or
    replacement) cannot hold in the same stretch: when their well-supported cores are apart
    (two articles spun differently), the stretch between them is split; when the cores
    overlap, the weaker rule (``r``, chosen later) is dropped."""
    for a in accepted + new:
        if not _conflict(r, a):
            continue
        same = a.original == r.original or a.replacement == r.replacement
        if not same or (r.core_first <= a.core_last and a.core_first <= r.core_last):
            return False
        movable = a in new  # a rule of an earlier round has already been applied
        if r.core_first > a.core_last:
            r.first_unit = max(r.first_unit, (a.core_last if movable else a.last_unit) + 1)
            if movable:
                a.last_unit = min(a.last_unit, r.core_first - 1)
        else:
            r.last_unit = min(r.last_unit, (a.core_first if movable else a.first_unit) - 1)
            if movable:
                a.first_unit = max(a.first_unit, r.core_last + 1)
        if r.first_unit > r.core_first or r.last_unit < r.core_last:
            return False
    return True


def _conflict(a: DetectedRule, b: DetectedRule) -> bool:
    overlap = a.first_unit <= b.last_unit and b.first_unit <= a.last_unit
    if not overlap:
        return False
    if a.original == b.original and (a.via == b.replacement or b.via == a.replacement):
        return False  # a chain and the rule it continues (``de → aussi → conséquemment``)
    if a.original == b.original or a.replacement == b.replacement:
        return True
    shared = set(a.explained) & set(b.explained)
    return any(a.explained[i] != b.explained[i] for i in shared)


_LEXICON: Lexicon | None = None


def _shared_lexicon() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = Lexicon()
    return _LEXICON


# ----- worker processes of ``repair_many``: each builds its Repairer once

_WORKER_REPAIRER: Repairer | None = None


def _worker_init(config: RepairConfig) -> None:
    global _WORKER_REPAIRER
    _WORKER_REPAIRER = Repairer(config)


def _worker_run(texts: list[str]) -> list[tuple[list[Edit], list[Rule], list[Suspect], list[Rule]]]:
    assert _WORKER_REPAIRER is not None, "_worker_init was not run"
    return [_WORKER_REPAIRER._run(t) for t in texts]
