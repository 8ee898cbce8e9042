"""Measure (and optionally refit) the rule model: which weighed candidate regions are rules
the spinner really applied, and how calibrated the rule confidences are.

Every region the engine weighs (all rounds) on spun and clean documents of the *tune* split
becomes a row of ``frtextfix.rules.RULE_FEATURES``; its label is whether the spinner applied
that ``original → replacement`` to the document. A logistic regression (L2, Newton steps)
turns the features into calibrated log-odds; the weights are written into the calibration
data file, next to the sentence and edit models (``benchmarks/calibrate.py``).

    python benchmarks/fit_rules.py --n-docs 400            # report only
    python benchmarks/fit_rules.py --model full --write    # refit every weight, ship them

Finding (2026-11-25, see docs/calibration.md): the hand-set weights are already close to
calibrated on these rows (ECE about 0.03), and a fully refitted model, better on the rows,
repaired less end to end (its errors concentrate on the regions that win the selection), so
the package ships the hand-set weights.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import frtextfix  # noqa: E402
from corpora import iter_documents  # noqa: E402
from frtextfix import resources  # noqa: E402
from frtextfix.rules import RULE_FEATURES  # noqa: E402
from frtextfix.spinner import spin  # noqa: E402

CORPORA = ("fr-gsd", "fr-wivico", "fr-an-debats", "fr-framabook")


def documents(split: str, n: int, seed: int) -> list[str]:
    per = n // len(CORPORA)
    out: list[str] = []
    for corpus in CORPORA:
        docs = [d for _, d in itertools.islice(iter_documents(split, corpus), per * 4)]
        random.Random(seed).shuffle(docs)
        out.extend(docs[:per])
    return out


def collect(split: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    repairer = frtextfix.Repairer()
    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    for k, doc in enumerate(documents(split, n, seed)):
        for spun_it in (True, False):
            if spun_it:
                sp = spin(doc, seed=seed * 100_003 + k)
                text, truth = sp.text, {(r.original, r.replacement) for r in sp.rules}
            else:
                text, truth = doc, set()
            trace: list = []
            repairer._analyse(text, trace)
            seen = set()
            for _, r in trace:
                feats = tuple(r.evidence["features"][f] for f in RULE_FEATURES)
                key = (r.original, r.replacement, r.scope, r.first_unit, feats)
                if key in seen:
                    continue
                seen.add(key)
                xs.append(feats)
                ys.append(int((r.original, r.replacement) in truth))
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> np.ndarray:
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0  # no penalty on the bias
    for _ in range(iters):
        z = np.clip(x @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        g = x.T @ (p - y) + reg @ w
        h = (x * (p * (1 - p))[:, None]).T @ x + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(h, g)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def report(name: str, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> None:
    p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
    acc = p >= 0.5
    tp = int((acc & (y == 1)).sum())
    fp = int((acc & (y == 0)).sum())
    fn = int((~acc & (y == 1)).sum())
    bins = np.minimum((p * 10).astype(int), 9)
    ece = sum(abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).sum()
              for b in range(10) if (bins == b).any()) / len(y)
    print(f"{name}: rows {len(y)}, positives {int(y.sum())}, at 0.5: tp {tp} fp {fp} fn {fn}, "
          f"ECE {ece:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-docs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write", action="store_true", help="store the weights in the package")
    ap.add_argument("--unexplained-only", action="store_true",
                    help="fit only the regions that explain no unknown word")
    ap.add_argument("--model", choices=("platt", "full"), default="full",
                    help="platt: rescale the hand-set log-odds; full: fit every weight")
    args = ap.parse_args()
    x, y = collect("tune", args.n_docs, args.seed)
    if args.unexplained_only:
        keep = x[:, RULE_FEATURES.index("unexplained")] == 1.0
        x, y = x[keep], y[keep]
    from frtextfix.rules import DEFAULT_RULE_WEIGHTS

    hand = np.array(DEFAULT_RULE_WEIGHTS)
    if args.model == "full":
        w = fit_logistic(x, y)
    else:
        # Platt scaling of the hand-set log-odds: keeps their ranking, calibrates them
        b, a = fit_logistic(np.column_stack([np.ones(len(y)), x @ hand]), y, l2=0.0)
        w = a * hand
        w[0] += b
    print("weights:")
    for name, v in zip(RULE_FEATURES, w):
        print(f"  {name:22s} {v:+.3f}")
    report("tune, hand-set weights", x, y, hand)
    report("tune (fit)", x, y, w)
    xt, yt = collect("test", args.n_docs // 2, args.seed + 1)
    if args.unexplained_only:
        keep = xt[:, RULE_FEATURES.index("unexplained")] == 1.0
        xt, yt = xt[keep], yt[keep]
    report("test (held out)", xt, yt, w)
    if args.write:
        path = ROOT / "src" / "frtextfix" / "data" / resources.CALIBRATION_FILE
        try:
            body = dict(resources.read_data_file(path, resources.CALIBRATION_FORMAT,
                                                 resources.CALIBRATION_VERSION))
        except resources.DataFileError:
            body = {"header": {
                "format": resources.CALIBRATION_FORMAT, "version": resources.CALIBRATION_VERSION,
                "source": "fitted on spun and clean documents of the tune split",
                "license": "MIT", "built": "2026-11-25",
            }}
        header = body.pop("header")
        key = "unexplained_rules" if args.unexplained_only else "rules"
        body[key] = {"features": list(RULE_FEATURES), "weights": [round(float(v), 6) for v in w]}
        resources.write_data_file(path, header, body)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
