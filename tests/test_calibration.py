"""The shipped sentence / edit calibration: it loads, matches the code, behaves monotonically.

Relations only, never exact coefficients: ``benchmarks/calibrate.py --write`` refits them.
"""

from __future__ import annotations

import math

import pytest

import frtextfix
from frtextfix import resources, scoring
from frtextfix.resources import CALIBRATION_FORMAT, CALIBRATION_VERSION
from frtextfix.scoring import FEATURES, calibrate_edit, probability


@pytest.fixture(autouse=True)
def _fresh_model() -> None:
    """Each test sees the shipped file, whatever an earlier test or import cached."""
    resources.calibration.cache_clear()
    scoring._coefficients.cache_clear()


def clean_features(**changes: float) -> list[float]:
    """A plausible clean 12-word sentence, with some features changed."""
    base = dict.fromkeys(FEATURES, 0.0)
    base.update(bias=1.0, log_tokens=math.log1p(12), fluency=1.0)
    base.update(changes)
    return [base[name] for name in FEATURES]


def test_shipped_file_loads_with_header() -> None:
    model = resources.calibration()
    header = model["header"]
    assert header["format"] == CALIBRATION_FORMAT
    assert header["version"] == CALIBRATION_VERSION
    for key in ("source", "built", "license"):
        assert header[key]


def test_features_and_shapes_match_the_code() -> None:
    model = resources.calibration()
    assert tuple(model["features"]) == FEATURES
    assert len(model["before"]) == len(FEATURES)
    assert len(model["after"]) == len(FEATURES)
    assert len(model["edits"]) == 2
    assert all(math.isfinite(v) for v in (*model["before"], *model["after"], *model["edits"]))
    # The shipped coefficients are the ones in use, not the built-in fallback.
    assert scoring._coefficients()["before"] == tuple(model["before"])


@pytest.mark.parametrize("after", [False, True])
def test_probabilities_are_probabilities(after: bool) -> None:
    for suspect_mass in (0.0, 0.5, 3.0, 20.0):
        for unknown in (0.0, 2.0, 10.0):
            f = clean_features(suspect_mass=suspect_mass, unexplained_unknown=unknown,
                               rule_activity=1.0, applied_mass=1.0, n_edits=2.0)
            assert 0.0 <= probability(f, after=after) <= 1.0
    for raw in (0.0, 1e-9, 0.3, 0.5, 0.9, 0.99, 1.0):
        assert 0.0 <= calibrate_edit(raw) <= 1.0


def test_more_suspected_damage_lowers_before_probability() -> None:
    probs = [probability(clean_features(suspect_mass=m), after=False)
             for m in (0.0, 0.5, 2.0, 8.0)]
    assert probs == sorted(probs, reverse=True)
    assert probs[0] > probs[-1] + 0.2
    # Unknown words no rule explains and an active rule also count against the sentence.
    base = probability(clean_features(), after=False)
    assert probability(clean_features(unexplained_unknown=3.0), after=False) < base
    assert probability(clean_features(rule_activity=1.0), after=False) < base


def test_edit_mapping_is_increasing() -> None:
    raws = [0.5, 0.7, 0.9, 0.99, 0.999]
    cal = [calibrate_edit(r) for r in raws]
    assert cal == sorted(cal)
    assert cal[0] < cal[-1]


def test_scores_end_to_end() -> None:
    """Clean text scores high; text with an obvious spun rule scores lower somewhere."""
    clean = "La croissance de la France se présente bien cette année."
    spun = ("chez 2024, la essor chez France se préschezte bichez. Il chez parle souvchezt "
            "et chez rit, mais pas chez public.")
    clean_min = min(s.confidence for s in frtextfix.Repairer().score(clean))
    spun_min = min(s.confidence for s in frtextfix.Repairer().score(spun))
    assert 0.0 <= spun_min < clean_min <= 1.0
