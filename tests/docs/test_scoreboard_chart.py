"""The performance chart and table are made from the benchmark's JSON."""

from __future__ import annotations

import importlib.util
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.docs import samples

SCRIPT = samples.TOP / "docs" / "_ext" / "scoreboard.py"
COMMITTED = samples.TOP / "docs" / "performance" / "scoreboard.json"
SVG = "{http://www.w3.org/2000/svg}"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scoreboard", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_of(ratios: dict[str, float]) -> dict[str, Any]:
    """A bench.py --json document with the given restcore/falcon medians."""
    names = list(ratios)
    cells: dict[str, dict[str, dict[str, float]]] = {}
    for fw in ("raw", "falcon", "restcore"):
        cells[fw] = {
            n: {"median_us": 10.0 * (ratios[n] if fw == "restcore" else 1)}
            for n in names
        }
    return {
        "meta": {
            "date": "2030-01-02T03:04:05+0000",
            "host_python": "3.11.7",
            "ncpu": 2,
            "loadavg_start": [0.5, 0.4, 0.3],
        },
        "config": {"scenarios": names, "quick": True, "trials": 5},
        "cells": cells,
        "ratios": {
            "falcon": {
                "restcore": {
                    n: {"median": r, "q1": r * 0.9, "q3": r * 1.1}
                    for n, r in ratios.items()
                }
            }
        },
        "geomean_vs_falcon": {"restcore": {"geomean": 0.5}},
    }


def bars(svg: str) -> dict[str, float]:
    root = ET.fromstring(svg)
    return {
        rect.attrib["data-scenario"]: float(rect.attrib["width"])
        for rect in root.iter(f"{SVG}rect")
        if rect.attrib.get("class") == "bar"
    }


def test_bars_are_proportional_to_the_ratios(tmp_path: Path) -> None:
    module = load()
    source = tmp_path / "run.json"
    source.write_text(json.dumps(run_of({"a": 0.25, "b": 0.5, "c": 1.0})))
    module.write(source, tmp_path / "out")
    widths = bars((tmp_path / "out" / "scoreboard.svg").read_text())
    assert list(widths) == ["a", "b", "c", "geomean"]
    assert widths["b"] == pytest.approx(2 * widths["a"], abs=0.2)
    assert widths["c"] == pytest.approx(4 * widths["a"], abs=0.2)
    assert widths["geomean"] == pytest.approx(widths["b"], abs=0.2)
    table = (tmp_path / "out" / "scoreboard-table.md").read_text()
    assert "| b | 10.00 | 10.00 | 5.00 | 0.500 (0.450\u20130.550) |" in table
    assert "2030-01-02" in table
    assert "load average 0.5" in table


def test_the_committed_run_is_charted(tmp_path: Path) -> None:
    module = load()
    module.write(COMMITTED, tmp_path)
    run = json.loads(COMMITTED.read_text())
    root = ET.fromstring((tmp_path / "scoreboard.svg").read_text())
    ratios = {
        rect.attrib["data-scenario"]: float(rect.attrib["data-ratio"])
        for rect in root.iter(f"{SVG}rect")
    }
    medians = run["ratios"]["falcon"]["restcore"]
    assert ratios.pop("geomean") == run["geomean_vs_falcon"]["restcore"]["geomean"]
    assert ratios == {name: medians[name]["median"] for name in ratios}
    assert list(ratios) == run["config"]["scenarios"]
