"""Pipeline integrations, run on real engines: datatrove's LocalPipelineExecutor, Dask's
process scheduler, pandas. Each test is skipped when its library is not installed.

The assertions compare with the plain API (``frtextfix.repair``), so they hold whatever the
engine decides.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import inspect
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
FIXTURES = ROOT / "fixtures"

if importlib.util.find_spec("frtextfix") is None:
    sys.path.insert(0, str(SRC))

import frtextfix
from frtextfix.integrations.documents import (
    METADATA_KEYS,
    fix_batch,
    fix_documents,
    fix_record,
)

CLEAN = "Le chat dort sur le canapé. Il fait beau aujourd'hui !\nQue ce soit clair.\n"


def corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` texts of 4 to 8 GSD sentences; every other one spun, plus the seed page."""
    from frtextfix.spinner import spin

    lines = [
        line
        for line in (FIXTURES / "gsd-dev-sample.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        text = " ".join(rng.sample(lines, rng.randint(4, 8)))
        texts.append(spin(text, seed=rng).text if i % 2 == 0 else text)
    texts.append((FIXTURES / "seed-damaged.txt").read_text(encoding="utf-8"))
    texts.append(CLEAN)
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return corpus(12)


@pytest.fixture(scope="module")
def expected(texts) -> dict[str, frtextfix.RepairResult]:
    return {t: frtextfix.repair(t) for t in texts}


def check_metadata(meta: dict, result: frtextfix.RepairResult) -> None:
    assert meta["frtextfix_confidence"] == pytest.approx(result.confidence)
    assert meta["frtextfix_rules"] == [r.id for r in result.rules]
    assert meta["frtextfix_n_edits"] == len(result.edits)


# ------------------------------------------------------------------ no dependency


def test_importing_frtextfix_imports_no_pipeline_library():
    code = (
        "import sys, frtextfix, frtextfix.integrations, frtextfix.integrations.documents; "
        "bad = [m for m in ('datatrove', 'dask', 'pandas', 'datasets', 'spacy') if m in sys.modules]; "
        "print(bad)"
    )
    env_path = str(SRC)
    p = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": ""},
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_fix_documents_on_dicts_and_objects(texts, expected):
    @dataclasses.dataclass
    class Doc:
        text: str
        metadata: dict = dataclasses.field(default_factory=dict)

    objects = [Doc(t) for t in texts]
    dicts = [{"id": i, "text": t} for i, t in enumerate(texts)]
    nested = [{"text": t, "metadata": {"url": "x"}} for t in texts]
    got_objects = list(fix_documents(iter(objects)))
    got_dicts = list(fix_documents(dicts, rank=1, world_size=2))  # every document is processed
    got_nested = list(fix_documents(nested))
    for t, o, d, n in zip(texts, got_objects, got_dicts, got_nested, strict=True):
        result = expected[t]
        assert o.text == d["text"] == n["text"] == result.text
        check_metadata(o.metadata, result)
        check_metadata(d, result)
        check_metadata(n["metadata"], result)
        assert n["metadata"]["url"] == "x"


def test_fix_documents_streams():
    def source():
        yield {"text": CLEAN}
        raise RuntimeError("read too far")

    stream = fix_documents(source())
    assert next(stream)["text"] == CLEAN  # the first document comes before the second is read


def test_fix_batch_and_fix_record(texts, expected):
    batch = {"id": list(range(len(texts))), "text": list(texts)}
    got = fix_batch(batch)
    assert batch["text"] == texts  # the input batch is not changed
    assert got["id"] == batch["id"]
    assert got["text"] == [expected[t].text for t in texts]
    for i, t in enumerate(texts):
        check_metadata({k: got[k][i] for k in METADATA_KEYS}, expected[t])
    record = fix_record({"body": texts[0], "k": 1}, field="body")
    assert record["body"] == expected[texts[0]].text
    assert record["k"] == 1
    strict = fix_batch({"content": texts[:2]}, field="content", min_confidence=0.99)
    assert strict["content"] == [frtextfix.repair(t, min_confidence=0.99).text for t in texts[:2]]


def test_pandas_recipes(texts, expected):
    pd = pytest.importorskip("pandas")
    repairer = frtextfix.Repairer()
    # The recipes of docs/pipelines.md, as written there.
    df = pd.DataFrame({"id": range(len(texts)), "text": texts})
    df["fixed"] = df.text.map(lambda s: frtextfix.repair(s).text)
    details = pd.DataFrame(r.to_dict() for r in repairer.repair_many(df.text))
    fixed = pd.DataFrame(fix_batch(df.to_dict(orient="list")))
    assert list(df.fixed) == [expected[t].text for t in texts]
    assert list(details.text) == list(df.fixed)
    assert list(details.changed) == [expected[t].changed for t in texts]
    assert list(fixed.text) == list(df.fixed)
    assert list(fixed.frtextfix_n_edits) == [len(expected[t].edits) for t in texts]


def test_datasets_recipe(texts, expected):
    datasets = pytest.importorskip("datasets")
    ordered = [CLEAN, CLEAN, *texts]  # a first batch without any rule, as in the docs' warning
    ds = datasets.Dataset.from_dict({"text": ordered})
    features = ds.features.copy()
    features["frtextfix_confidence"] = datasets.Value("float64")
    features["frtextfix_rules"] = datasets.Sequence(datasets.Value("string"))
    features["frtextfix_n_edits"] = datasets.Value("int64")
    ds = ds.map(fix_batch, batched=True, batch_size=2, features=features)
    assert ds["text"] == [frtextfix.repair(t).text for t in ordered]
    assert ds["frtextfix_n_edits"] == [len(frtextfix.repair(t).edits) for t in ordered]
    assert ds["frtextfix_rules"] == [[r.id for r in frtextfix.repair(t).rules] for t in ordered]


# ------------------------------------------------------------------ datatrove


def _write_jsonl(path: Path, texts: list[str], start: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i, t in enumerate(texts, start):
            f.write(json.dumps({"id": f"doc-{i}", "text": t}, ensure_ascii=False) + "\n")


def _read_output(folder: Path) -> dict[str, dict]:
    records = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                records[record["id"]] = record
    return records


def _total(stat: int | dict) -> int:
    """A datatrove stat from stats.json: a plain count, or a summary with a total."""
    return stat if isinstance(stat, int) else stat["total"]


def _datatrove_inputs(tmp_path: Path, texts: list[str]) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    half = len(texts) // 2
    _write_jsonl(src / "part-0.jsonl", texts[:half], 0)
    _write_jsonl(src / "part-1.jsonl", texts[half:], half)
    return src


def _need_datatrove() -> None:
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson", reason="datatrove's JsonlReader needs orjson")


def test_datatrove_formatter_in_a_real_pipeline(tmp_path, texts, expected):
    _need_datatrove()
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from frtextfix.integrations.datatrove import FrTextFixFormatter

    src = _datatrove_inputs(tmp_path, texts)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(src)),
            FrTextFixFormatter(),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    got = _read_output(tmp_path / "out")
    assert sorted(got) == sorted(f"doc-{i}" for i in range(len(texts)))
    for i, t in enumerate(texts):
        record = got[f"doc-{i}"]
        assert record["text"] == expected[t].text
        check_metadata(record["metadata"], expected[t])
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    formatter = next(s for s in stats if "frtextfix" in s["name"])
    assert _total(formatter["stats"]["total"]) == len(texts)
    assert _total(formatter["stats"]["frtextfix_changed"]) == sum(
        expected[t].changed for t in texts
    )
    assert _total(formatter["stats"]["frtextfix_edits"]) == sum(
        len(expected[t].edits) for t in texts
    )


def test_datatrove_filter_drops_or_labels(tmp_path, texts, expected):
    _need_datatrove()
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from frtextfix.integrations.datatrove import FrTextFixFilter

    threshold = 0.5
    src = _datatrove_inputs(tmp_path, texts)
    for label_only in (False, True):
        out = tmp_path / f"out-{label_only}"
        LocalPipelineExecutor(
            pipeline=[
                JsonlReader(str(src)),
                FrTextFixFilter(threshold=threshold, label_only=label_only),
                JsonlWriter(str(out)),
            ],
            tasks=2,
            workers=1,
            logging_dir=str(tmp_path / f"logs-{label_only}"),
        ).run()
        got = _read_output(out)
        scores = {
            f"doc-{i}": min((s.confidence for s in frtextfix.score(t)), default=1.0)
            for i, t in enumerate(texts)
        }
        damaged = {k for k, v in scores.items() if v < threshold}
        assert damaged  # the spun texts give the filter something to do
        if label_only:
            assert set(got) == set(scores)
        else:
            assert set(got) == set(scores) - damaged
        for key, record in got.items():
            assert record["metadata"]["frtextfix_confidence"] == pytest.approx(scores[key])
        stats = json.loads((tmp_path / f"logs-{label_only}" / "stats.json").read_text())
        step = next(s for s in stats if "frtextfix" in s["name"])["stats"]
        assert _total(step["frtextfix_damaged"]) == len(damaged)
        if not label_only:
            assert _total(step["dropped_frtextfix_damage"]) == len(damaged)


def test_datatrove_steps_mirror_repair_config():
    pytest.importorskip("datatrove")
    from frtextfix.integrations.datatrove import FrTextFixFilter, FrTextFixFormatter

    fields = {f.name: f.default for f in dataclasses.fields(frtextfix.RepairConfig)}
    for step in (FrTextFixFormatter, FrTextFixFilter):
        params = inspect.signature(step.__init__).parameters
        assert {name: params[name].default for name in fields} == fields
    step = FrTextFixFormatter(min_confidence=0.9)
    assert step.repairer.config == frtextfix.RepairConfig(min_confidence=0.9)
    with pytest.raises(ValueError):
        FrTextFixFilter(min_rule_confidence=2)


def test_fix_documents_as_a_datatrove_step(tmp_path, texts, expected):
    _need_datatrove()
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    src = _datatrove_inputs(tmp_path, texts)
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(src)), fix_documents, JsonlWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    got = _read_output(tmp_path / "out")
    for i, t in enumerate(texts):
        assert got[f"doc-{i}"]["text"] == expected[t].text
        check_metadata(got[f"doc-{i}"]["metadata"], expected[t])


# ------------------------------------------------------------------ Dask


def test_dask_repair_bag_on_processes(texts, expected):
    dask = pytest.importorskip("dask")
    db = pytest.importorskip("dask.bag")
    from frtextfix.integrations.dask import repair_bag

    records = [{"id": i, "text": t} for i, t in enumerate(texts)]
    with dask.config.set(scheduler="processes", num_workers=2):
        got = repair_bag(db.from_sequence(records, npartitions=3)).compute()
        got_strings = repair_bag(db.from_sequence(texts, npartitions=2)).compute()
        strict = repair_bag(db.from_sequence(texts[:3]), min_confidence=0.99).compute()
    assert [r["id"] for r in got] == list(range(len(texts)))
    for record, t in zip(got, texts, strict=True):
        assert record["text"] == expected[t].text
        check_metadata(record, expected[t])
    assert got_strings == [expected[t].text for t in texts]
    assert strict == [frtextfix.repair(t, min_confidence=0.99).text for t in texts[:3]]
    with pytest.raises(ValueError):
        repair_bag(db.from_sequence(texts), min_confidence=7)  # checked before running


def test_dask_jsonl_recipe(tmp_path, texts, expected):
    dask = pytest.importorskip("dask")
    db = pytest.importorskip("dask.bag")
    from frtextfix.integrations.dask import repair_bag

    src = tmp_path / "crawl-0.jsonl"
    _write_jsonl(src, texts, 0)
    # The recipe of docs/pipelines.md, as written there.
    with dask.config.set(scheduler="processes"):
        bag = db.read_text(str(tmp_path / "crawl-*.jsonl"), blocksize="4kB").map(json.loads)
        repair_bag(bag).map(lambda r: json.dumps(r, ensure_ascii=False)).to_textfiles(
            str(tmp_path / "fixed-*.jsonl.gz")
        )
    lines = []
    for path in sorted(tmp_path.glob("fixed-*.jsonl.gz"), key=lambda p: int(p.name[6:-9])):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            lines.extend(json.loads(line) for line in f)
    assert [r["text"] for r in lines] == [expected[t].text for t in texts]


# ------------------------------------------------------------------ docs/pipelines.md

_OPTIONAL = {"pandas", "datasets", "datatrove", "dask", "orjson", "pyarrow"}


def _python_blocks(path: Path) -> list[str]:
    import re

    return re.findall(
        r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
    )


def test_pipelines_doc_examples(tmp_path, monkeypatch):
    """Every Python example of docs/pipelines.md runs, in order, from a scratch folder that
    holds a copy of fixtures/. A block whose library is not installed is skipped."""
    import shutil

    blocks = _python_blocks(ROOT / "docs" / "pipelines.md")
    assert len(blocks) >= 5
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    skipped = []
    for i, code in enumerate(blocks):
        try:
            compiled = compile(code, f"docs/pipelines.md[python block {i}]", "exec")
            exec(compiled, {"__name__": "__main__"})  # noqa: S102 (our own docs examples)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] in _OPTIONAL:
                skipped.append(exc.name)
                continue
            raise
    assert (tmp_path / "crawl.jsonl").exists()
    if "datatrove" not in skipped and "orjson" not in skipped:
        assert list((tmp_path / "fixed").glob("*.jsonl.gz"))
    if "dask" not in skipped:
        assert list(tmp_path.glob("fixed-*.jsonl.gz"))
    if skipped:
        pytest.skip(f"examples not run, library missing: {', '.join(sorted(set(skipped)))}")


def test_spacy_component_annotates_without_rewriting() -> None:
    spacy = pytest.importorskip("spacy")
    import frtextfix.integrations.spacy

    seed = (Path(__file__).resolve().parents[1] / "fixtures" / "seed-damaged.txt").read_text(
        encoding="utf-8"
    )
    text = seed[seed.index("Nvidia présente cette puce"):]
    nlp = spacy.blank("fr")
    nlp.add_pipe("frtextfix")
    doc = nlp(text)
    expected = frtextfix.repair(text)
    assert doc.text == text  # spaCy never rewrites the text
    assert doc._.frtextfix_text == expected.text
    assert doc._.frtextfix_confidence == expected.confidence
    suggestions = {t.text: t._.frtextfix_suggestion for t in doc if t._.frtextfix_suggestion}
    assert suggestions.get("psoitr") == "pour"
    for sent_start in (0, len(text) // 2):
        span = doc.char_span(sent_start, sent_start + 5, alignment_mode="expand")
        assert 0.0 <= span._.frtextfix_confidence <= 1.0
