"""Chart and tabulate a scoreboard run from ``bench.py --json`` output.

The performance page shows the latest run of ``../shared/bench/bench.py``
(the project's scoreboard). Nothing on it is drawn by hand: this module reads
the JSON the benchmark wrote and produces an SVG bar chart (restcore's time
over Falcon's per scenario, median and interquartile range) and a Markdown
table of the same figures. The Sphinx build runs it (``setup`` below) so the
page always matches the JSON; it also runs as a script::

    python docs/_ext/scoreboard.py RUN.json OUT_DIR

Standard library only, so the docs extra needs no plotting package.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

TARGET, BASELINE = "restcore", "falcon"
WIDTH, LEFT, RIGHT, TOP, ROW = 720, 110, 60, 56, 30
SCALE_MAX = 1.2  # the x axis runs from 0 to 1.2 x Falcon's time


def rows(run: dict[str, Any]) -> list[tuple[str, float, float, float]]:
    """Return (scenario, median, q1, q3) of restcore/Falcon time, in run order."""
    ratios = run["ratios"][BASELINE][TARGET]
    return [
        (name, ratios[name]["median"], ratios[name]["q1"], ratios[name]["q3"])
        for name in run["config"]["scenarios"]
        if name in ratios
    ]


def geomean(run: dict[str, Any]) -> float:
    """Return the run's geometric mean of restcore/Falcon time."""
    return float(run["geomean_vs_falcon"][TARGET]["geomean"])


def x_of(ratio: float) -> float:
    """Return the x coordinate of a ratio on the chart."""
    return LEFT + (WIDTH - LEFT - RIGHT) * min(ratio, SCALE_MAX) / SCALE_MAX


def caption(run: dict[str, Any]) -> str:
    """Describe where and how the run was made."""
    meta, config = run["meta"], run["config"]
    kind = "quick" if config.get("quick") else "full"
    load = meta.get("loadavg_start") or meta.get("loadavg_end") or [None]
    busy = f", load average {load[0]:.1f}" if load[0] is not None else ""
    return (
        f"{meta['date'][:10]}, CPython {meta['host_python']}, "
        f"{meta['ncpu']} CPUs{busy}, {kind} run, {config['trials']} trials"
    )


def svg(run: dict[str, Any]) -> str:
    """Render the run's restcore/Falcon ratios as a horizontal bar chart."""
    data = [*rows(run), ("geomean", geomean(run), geomean(run), geomean(run))]
    height = TOP + ROW * len(data) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}"'
        f' viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">',
        "<title>restcore time / Falcon 4.4 time per scenario</title>",
        f'<text x="{LEFT}" y="20" font-size="15" font-weight="bold">'
        "restcore time / Falcon 4.4 time (lower is faster)</text>",
        f'<text x="{LEFT}" y="38" fill="#555">{escape(caption(run))}</text>',
    ]
    for index, (name, median, q1, q3) in enumerate(data):
        y = TOP + ROW * index
        colour = "#2b6cb0" if name != "geomean" else "#1a365d"
        out += [
            f'<text x="{LEFT - 8}" y="{y + 18}" text-anchor="end">'
            f"{escape(name)}</text>",
            f'<rect class="bar" data-scenario="{escape(name)}" data-ratio="{median}"'
            f' x="{LEFT}" y="{y + 5}" width="{x_of(median) - LEFT:.1f}" height="18"'
            f' fill="{colour}"/>',
            f'<line x1="{x_of(q1):.1f}" x2="{x_of(q3):.1f}" y1="{y + 14}"'
            f' y2="{y + 14}" stroke="#000" stroke-width="1.5"/>',
            f'<text x="{x_of(max(median, q3)) + 6:.1f}" y="{y + 18}">'
            f"{median:.3f}</text>",
        ]
    bottom = TOP + ROW * len(data)
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = x_of(tick)
        dash = "" if tick in (0.0, 1.0) else ' stroke-dasharray="3,3"'
        out += [
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{bottom}"'
            f' stroke="#888"{dash}/>',
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{tick:g}</text>',
        ]
    out.append(
        f'<text x="{x_of(1.0) + 4:.1f}" y="{TOP - 4}" fill="#555">Falcon = 1</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def table(run: dict[str, Any]) -> str:
    """Render the run as a Markdown table (µs per request, and the ratio)."""
    cells = run["cells"]
    frameworks = [fw for fw in ("raw", BASELINE, TARGET) if fw in cells]
    head = " | ".join(f"{fw} µs" for fw in frameworks)
    lines = [
        f"| scenario | {head} | restcore / Falcon (median, IQR) |",
        "|---" * (len(frameworks) + 2) + "|",
    ]
    for name, median, q1, q3 in rows(run):
        times = " | ".join(f"{cells[fw][name]['median_us']:.2f}" for fw in frameworks)
        lines.append(f"| {name} | {times} | {median:.3f} ({q1:.3f}\u2013{q3:.3f}) |")
    blanks = " | ".join("" for _ in frameworks)
    lines.append(f"| **geomean** | {blanks} | **{geomean(run):.3f}** |")
    return "\n".join(lines) + f"\n\n{caption(run)}.\n"


def write(source: Path, folder: Path) -> None:
    """Write scoreboard.svg and scoreboard-table.md for the run in ``source``."""
    run = json.loads(source.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scoreboard.svg").write_text(svg(run), encoding="utf-8")
    (folder / "scoreboard-table.md").write_text(table(run), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Sphinx: chart ``performance/scoreboard.json`` before the pages are read."""
    docs = Path(app.srcdir)
    write(docs / "performance" / "scoreboard.json", docs / "_generated")
    return {"parallel_read_safe": True}


if __name__ == "__main__":
    write(Path(sys.argv[1]), Path(sys.argv[2]))
