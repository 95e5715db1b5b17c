"""``restcore routes`` and the MODULE:APP loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from restcore.cli.__main__ import main
from restcore.cli.target import TargetError, load_target

APP_SOURCE = """
import restcore

class Items:
    def on_get(self, req, resp): ...
    def on_post(self, req, resp): ...

class Item:
    def on_get(self, req, resp, item_id): ...

def legacy(req, resp): ...

def create_app():
    app = restcore.App()
    app.add_route("/items", Items())
    app.add_route("/items/{item_id:int}", Item())
    app.add_sink(legacy, "/legacy")
    app.add_static_route("/static", STATIC)
    return app

app = create_app()
not_callable = 42
"""


@pytest.fixture
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "static").mkdir()
    source = APP_SOURCE.replace("STATIC", repr(str(tmp_path / "static")))
    (tmp_path / "routes_app.py").write_text(source)
    (tmp_path / "broken_app.py").write_text("import no_such_dependency\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("routes_app", "broken_app"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return tmp_path


@pytest.mark.parametrize("spec", ["routes_app:app", "routes_app:create_app()"])
def test_table(app_dir: Path, spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routes", spec]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Routes (2):",
        "  /items                GET, POST  Items",
        "  /items/{item_id:int}  GET        Item",
        "Sinks:",
        "  /legacy  legacy",
        "Static routes:",
        f"  /static/  {app_dir / 'static'}",
    ]


def test_verbose(app_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routes", "routes_app:app", "-v"]) == 0
    lines = capsys.readouterr().out.splitlines()
    source = app_dir / "routes_app.py"
    assert lines[1].endswith(f"Items ({source}:4)")
    assert lines[2] == f"      GET      on_get ({source}:5)"
    assert lines[3] == f"      POST     on_post ({source}:6)"
    assert lines[4] == "      OPTIONS  options_responder (default)"
    assert lines[5].startswith("      others   405 Method Not Allowed (")
    assert f"  /legacy  legacy ({source}:11)" in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ITEM_ID", ["/items/{item_id:int}"]),
        ("items", ["/items", "/items/{item_id:int}"]),
        ("nothing", []),
    ],
)
def test_filter(
    app_dir: Path, text: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routes", "routes_app:app", "--filter", text]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Routes ({len(expected)}):"
    assert [line.split()[0] for line in lines[1 : 1 + len(expected)]] == expected
    assert "Sinks:" not in lines


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("routes_app", "expected MODULE:APP"),
        ("routes_app:", "expected MODULE:APP"),
        ("routes_app:1x", "expected MODULE:APP"),
        ("no_such_module:app", "no module named 'no_such_module'"),
        ("routes_app:missing", "'missing' not found in module 'routes_app'"),
        ("routes_app:not_callable", "is not a WSGI application"),
        ("routes_app:create_app", "is not a restcore App"),
    ],
)
def test_errors(
    app_dir: Path, spec: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routes", spec]) == 1
    assert message in capsys.readouterr().err


def test_import_error_inside_module_propagates(app_dir: Path) -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency"):
        load_target("broken_app:app")


def test_target_error_is_exception() -> None:
    assert issubclass(TargetError, Exception)


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_console_script_and_module_entry(app_dir: Path) -> None:
    for command in (
        [sys.executable, "-m", "restcore", "routes", "routes_app:app"],
        [str(Path(sys.executable).parent / "restcore"), "routes", "routes_app:app"],
    ):
        result = subprocess.run(
            command,
            cwd=app_dir,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Routes (2):\n  /items ")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import restcore

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == restcore.__version__
