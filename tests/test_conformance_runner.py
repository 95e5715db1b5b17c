"""The conformance runner's bookkeeping (the run itself is CI step 40)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "conformance"
spec = importlib.util.spec_from_file_location("conformance_run", HERE / "run.py")
assert spec is not None
assert spec.loader is not None
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)

CATEGORIES = ("asgi-only", "difference", "falcon-internals")


def test_every_expected_failure_has_a_categorized_one_line_reason():
    expected = run.read_expected()
    assert expected  # the file is read, not silently empty
    for node, reason in expected.items():
        assert node.startswith("tests/"), node
        assert reason.split(":")[0] in CATEGORIES, (node, reason)
        assert len(reason.split(":", 1)[1].strip()) > 10, (node, reason)


def test_a_reason_is_required(tmp_path):
    path = tmp_path / "expected.txt"
    path.write_text("tests/test_x.py::test_y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="without a reason"):
        run.read_expected(path)


def test_compare_reports_unexpected_and_stale_entries():
    outcomes = {"a": "failed", "b": "passed", "c": "error", "d": "skipped"}
    expected = {"c": "difference: x", "b": "difference: y", "e": "difference: z"}
    assert run.compare(outcomes, expected) == [
        "unexpected failure: a",
        "expected to fail but passed: b",
        "expected to fail but not run: e",
    ]


def test_report_counts_against_falcons_passing_tests():
    baseline = {"a": "passed", "b": "passed", "c": "failed", "d": "passed"}
    outcomes = {"a": "passed", "b": "failed", "c": "failed", "d": "passed"}
    text = run.report(outcomes, baseline, {"b": "difference: compact JSON"})
    assert "2 of the 3 tests passing under Falcon 4.4" in text
    assert "(66.67%)" in text
    assert "expected failures, difference: 1" in text
