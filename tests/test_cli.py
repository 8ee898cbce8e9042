"""The command line, run as users run it: ``python -m frtextfix`` in a subprocess.

Works with the package installed (``pip install -e .`` or a wheel) and from a bare checkout
(``src/`` is then put on ``PYTHONPATH`` for the subprocess and for this module).
The assertions compare the CLI with the library, so they hold whatever the engine decides.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
FIXTURES = ROOT / "fixtures"
SEED_DAMAGED = FIXTURES / "seed-damaged.txt"

_INSTALLED = importlib.util.find_spec("frtextfix") is not None
if not _INSTALLED:
    sys.path.insert(0, str(SRC))

import frtextfix  # noqa: E402

CLEAN = "Le chat dort sur le canapé. Il fait beau aujourd'hui !\nQue ce soit clair.\n"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    if not _INSTALLED:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def run(
    *args: str | os.PathLike[str], stdin: str | bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "frtextfix", *map(str, args)],
        input=data,
        capture_output=True,
        env=_env(),
        cwd=cwd,
        timeout=300,
    )


def out(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stdout.decode("utf-8")


def err(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stderr.decode("utf-8")


def assert_one_line_error(p: subprocess.CompletedProcess[bytes]) -> str:
    e = err(p)
    assert "Traceback" not in e
    assert len(e.strip().splitlines()) == 1, e
    assert e.startswith("frtextfix")
    return e


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def parse_jsonl(s: str) -> list[dict]:
    return [json.loads(line) for line in s.splitlines()]


# ------------------------------------------------------------------ text mode


def test_help_and_version():
    p = run("--help")
    assert p.returncode == 0
    assert "repair" in out(p) and "score" in out(p) and "detect" in out(p)
    p = run("--version")
    assert p.returncode == 0
    assert frtextfix.__version__ in out(p)


def test_clean_text_from_stdin_is_unchanged_byte_for_byte():
    for text in (CLEAN, CLEAN.rstrip("\n"), CLEAN.replace("\n", "\r\n"), ""):
        p = run("repair", stdin=text)
        assert p.returncode == 0, err(p)
        assert p.stdout == text.encode("utf-8")
        assert err(p) == ""


def test_repair_file_matches_library(tmp_path):
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    expected = frtextfix.repair(text).text
    for args in (("repair", SEED_DAMAGED), (SEED_DAMAGED,), ("repair", "-")):
        p = run(*args, stdin=text if "-" in args else b"")
        assert p.returncode == 0, err(p)
        assert out(p) == expected


def test_output_file(tmp_path):
    target = tmp_path / "out.txt"
    p = run("repair", SEED_DAMAGED, "-o", target)
    assert p.returncode == 0, err(p)
    assert p.stdout == b""
    assert (
        target.read_text(encoding="utf-8")
        == frtextfix.repair(SEED_DAMAGED.read_text(encoding="utf-8")).text
    )


def test_output_equal_to_input_is_refused(tmp_path):
    src = tmp_path / "page.txt"
    src.write_text(CLEAN, encoding="utf-8")
    for target in (src, tmp_path / "." / "page.txt"):
        p = run("repair", src, "-o", target)
        assert p.returncode == 1
        assert "input file" in assert_one_line_error(p)
    assert src.read_text(encoding="utf-8") == CLEAN


def test_missing_file():
    p = run("repair", "does-not-exist.txt")
    assert p.returncode == 2
    assert "does-not-exist.txt" in assert_one_line_error(p)


def test_missing_jsonl_file():
    p = run("score", "--jsonl", "does-not-exist.jsonl")
    assert p.returncode == 2
    assert_one_line_error(p)


def test_undecodable_input():
    p = run("repair", stdin="Le café est prêt.".encode("latin-1"))
    assert p.returncode == 2
    assert "UTF-8" in assert_one_line_error(p)
    assert p.stdout == b""


@pytest.mark.parametrize(
    "args",
    [
        ("repair", "--details"),  # --details needs --jsonl
        ("repair", "--field", "body"),  # --field needs --jsonl
        ("repair", "--min-confidence", "2"),
        ("repair", "--min-confidence", "high"),
        ("repair", "--no-such-option"),
        ("score", "--explain"),  # --explain belongs to repair
    ],
)
def test_usage_errors(args):
    p = run(*args, stdin=CLEAN)
    assert p.returncode == 1
    assert_one_line_error(p)
    assert p.stdout == b""


def test_min_confidence_is_accepted():
    p = run("repair", "--min-confidence", "0.9", "--min-rule-confidence", "0.8", stdin=CLEAN)
    assert p.returncode == 0, err(p)
    assert out(p) == CLEAN


def test_explain_goes_to_stderr():
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    result = frtextfix.repair(text)
    plain = run("repair", SEED_DAMAGED)
    p = run("repair", "--explain", SEED_DAMAGED)
    assert p.returncode == 0
    assert p.stdout == plain.stdout
    edit_lines = [line for line in err(p).splitlines() if re.match(r"\d+  ", line)]
    assert len(edit_lines) == len(result.edits)
    for line, edit in zip(edit_lines, result.edits, strict=True):
        assert line.startswith(f"{edit.start}  {edit.rule}  ")
        assert "→" in line


def test_score_text_output_parses():
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("score", SEED_DAMAGED)
    assert p.returncode == 0, err(p)
    lines = out(p).splitlines()
    expected = frtextfix.score(text)
    assert len(lines) == len(expected)
    for line, sentence in zip(lines, expected, strict=True):
        conf, body = line.split("\t", 1)
        assert 0.0 <= float(conf) <= 1.0
        assert abs(float(conf) - sentence.confidence) < 1e-3
        assert body == sentence.text.replace("\r", " ").replace("\n", " ")


def test_detect_text_output_parses():
    text = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("detect", SEED_DAMAGED)
    assert p.returncode == 0, err(p)
    lines = out(p).splitlines()
    rules = frtextfix.detect(text)
    assert len(lines) == len(rules)
    pattern = re.compile(r"^(\S+)  (.+)→(.+)  (substring|word)  \[(\d+):(\d+)\]  ([01]\.\d{3})$")
    for line, rule in zip(lines, rules, strict=True):
        m = pattern.match(line)
        assert m, line
        assert m.group(1) == rule.id
        assert (int(m.group(5)), int(m.group(6))) == (rule.start, rule.end)


# ------------------------------------------------------------------ JSONL mode


def test_jsonl_keeps_other_keys_in_order():
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    records = [
        {"id": 1, "text": CLEAN, "meta": {"source": "a"}, "z": [1, 2]},
        {"url": "https://x", "text": damaged, "lang": "fr"},
    ]
    p = run("repair", "--jsonl", stdin=jsonl(*records))
    assert p.returncode == 0, err(p)
    assert err(p) == ""
    got = parse_jsonl(out(p))
    assert len(got) == 2
    for before, after in zip(records, got, strict=True):
        assert list(after) == list(before)
        assert after["text"] == frtextfix.repair(before["text"]).text
        for key in before:
            if key != "text":
                assert after[key] == before[key]
    assert got[0]["text"] == CLEAN


def test_jsonl_field_option(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl({"body": CLEAN, "text": 3}), encoding="utf-8")
    p = run("repair", "--jsonl", "--field", "body", path)
    assert p.returncode == 0, err(p)
    assert parse_jsonl(out(p)) == [{"body": CLEAN, "text": 3}]


def test_jsonl_bad_line_is_reported_and_skipped():
    stdin = (
        jsonl({"id": 1, "text": CLEAN}) + '{"id": 2, "text": \n' + jsonl({"id": 3, "text": CLEAN})
    )
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 1
    assert [r["id"] for r in parse_jsonl(out(p))] == [1, 3]
    e = err(p)
    assert "Traceback" not in e
    assert "line 2" in e
    assert "1 of 3 records skipped" in e.splitlines()[-1]


def test_jsonl_missing_or_non_string_field():
    stdin = jsonl(
        {"id": 1, "body": "x"},
        {"id": 2, "text": None},
        {"id": 3, "text": 7},
        [1, 2],
        {"id": 5, "text": CLEAN},
    )
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 1
    assert [r["id"] for r in parse_jsonl(out(p))] == [5]
    e = err(p)
    for n in (1, 2, 3, 4):
        assert f"line {n}:" in e
    assert "--field" in e  # says what to do
    assert "4 of 5 records skipped" in e.splitlines()[-1]


def test_jsonl_blank_lines_are_not_records_and_no_summary_when_all_good():
    p = run("repair", "--jsonl", stdin=jsonl({"text": CLEAN}) + "\n   \n" + jsonl({"text": "Oui."}))
    assert p.returncode == 0
    assert len(parse_jsonl(out(p))) == 2
    assert err(p) == ""


def test_jsonl_undecodable_line_is_skipped_with_io_exit_code():
    stdin = jsonl({"id": 1, "text": CLEAN}).encode() + '{"id": 2, "text": "café"}\n'.encode(
        "latin-1"
    )
    p = run("repair", "--jsonl", stdin=stdin)
    assert p.returncode == 2
    assert [r["id"] for r in parse_jsonl(out(p))] == [1]
    assert "line 2" in err(p)
    assert "Traceback" not in err(p)


def test_jsonl_details_shape():
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("repair", "--jsonl", "--details", stdin=jsonl({"id": 1, "text": damaged}))
    assert p.returncode == 0, err(p)
    [record] = parse_jsonl(out(p))
    assert list(record) == ["id", "text", "frtextfix"]
    details = record["frtextfix"]
    expected = frtextfix.repair(damaged).to_dict()
    del expected["text"]
    assert details == json.loads(json.dumps(expected))
    assert set(details) == {"changed", "edits", "rules", "sentences"}
    assert isinstance(details["changed"], bool)
    for edit in details["edits"]:
        assert {"start", "end", "before", "after", "rule", "confidence", "message"} <= set(edit)
        assert damaged[edit["start"] : edit["end"]] == edit["before"]
    for rule in details["rules"]:
        assert {"id", "original", "replacement", "scope", "start", "end", "confidence"} <= set(rule)
    for s in details["sentences"]:
        assert 0.0 <= s["confidence"] <= 1.0


def test_jsonl_score():
    texts = [CLEAN, SEED_DAMAGED.read_text(encoding="utf-8"), ""]
    p = run("score", "--jsonl", stdin=jsonl(*({"text": t, "k": i} for i, t in enumerate(texts))))
    assert p.returncode == 0, err(p)
    got = parse_jsonl(out(p))
    assert len(got) == 3
    for text, record in zip(texts, got, strict=True):
        assert record["text"] == text  # score does not repair
        expected = frtextfix.score(text)
        assert [(s["start"], s["end"]) for s in record["frtextfix_score"]] == [
            (s.start, s.end) for s in expected
        ]
        for s in record["frtextfix_score"]:
            assert set(s) == {"start", "end", "confidence"}
            assert 0.0 <= s["confidence"] <= 1.0
        assert record["frtextfix_confidence"] == min(
            (s["confidence"] for s in record["frtextfix_score"]), default=1.0
        )


def test_jsonl_detect():
    damaged = SEED_DAMAGED.read_text(encoding="utf-8")
    p = run("detect", "--jsonl", stdin=jsonl({"text": damaged}, {"text": CLEAN}))
    assert p.returncode == 0, err(p)
    got = parse_jsonl(out(p))
    assert [len(r["frtextfix_rules"]) for r in got] == [
        len(frtextfix.detect(damaged)),
        len(frtextfix.detect(CLEAN)),
    ]
    for rule in got[0]["frtextfix_rules"]:
        assert rule["scope"] in ("substring", "word")


def test_jsonl_output_file(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl({"text": CLEAN}), encoding="utf-8")
    p = run("repair", "--jsonl", src, "-o", src)
    assert p.returncode == 1
    assert_one_line_error(p)
    p = run("repair", "--jsonl", src, "-o", tmp_path / "out.jsonl")
    assert p.returncode == 0
    assert parse_jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8")) == [{"text": CLEAN}]


def test_broken_pipe_is_quiet():
    records = jsonl(*({"id": i, "text": "Le chat dort. Il fait beau."} for i in range(20000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "frtextfix", "repair", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    import threading

    feeder = threading.Thread(target=lambda: _feed(proc.stdin, records.encode()))
    feeder.start()
    proc.stdout.readline()
    proc.stdout.close()  # like '| head -1'
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=300)
    feeder.join()
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
    assert proc.returncode == 0


def _feed(pipe, data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except (BrokenPipeError, OSError):
        pass
