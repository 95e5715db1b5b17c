"""The ``.pth`` start-up hook: third-party ``import falcon`` gets restcore.

Each test makes a throwaway virtual environment whose site-packages sees this
checkout and the test environment's packages (the real Falcon included), then
installs the hook there with ``python -m restcore.compat --install-pth``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import types
from pathlib import Path

import pytest

import restcore.compat

TOP = Path(__file__).resolve().parent.parent


def run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("RESTCORE_AS_FALCON", None)
    env["PYTHONPATH"] = str(cwd / "thirdparty")
    return subprocess.run(
        [str(python), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
        check=False,
    )


@pytest.fixture
def venv(tmp_path: Path) -> tuple[Path, Path]:
    """A venv (python, site-packages) that sees restcore and the real Falcon."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")],
        check=True,
        timeout=120,
    )
    python = tmp_path / "venv" / "bin" / "python"
    site = Path(
        run(
            python,
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
            cwd=tmp_path,
        ).stdout.strip()
    )
    ours = sysconfig.get_path("purelib")
    (site / "deps.pth").write_text(f"{TOP}\n{ours}\n", encoding="utf-8")
    third = tmp_path / "thirdparty" / "falcon_plugin"
    third.mkdir(parents=True)
    (third / "__init__.py").write_text(
        textwrap.dedent(
            """
            import falcon
            import falcon.testing
            from falcon.asgi.reader import BufferedReader

            APP = falcon.App()
            """
        ),
        encoding="utf-8",
    )
    return python, site


PROBE = """
import json, sys
print(json.dumps({"restcore_at_startup": "restcore" in sys.modules}))
import falcon_plugin, falcon, restcore, restcore.testing
print(json.dumps({
    "version": falcon.__version__,
    "app_is_restcore": isinstance(falcon_plugin.APP, restcore.App),
    "testing": falcon.testing is restcore.testing,
    "asgi": falcon_plugin.BufferedReader.__module__,
}))
"""


def test_pth_hook_makes_third_party_falcon_imports_restcore(venv, tmp_path):
    python, site = venv
    installed = run(
        python, "-m", "restcore.compat", "--install-pth", str(site), cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr
    assert (site / "restcore-falcon-alias.pth").exists()

    result = run(python, "-c", PROBE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    startup, seen = (json.loads(line) for line in result.stdout.splitlines())
    assert startup == {"restcore_at_startup": False}  # start-up stays cheap
    assert seen == {
        "version": "4.4.0",
        "app_is_restcore": True,
        "testing": True,
        "asgi": "restcore.asgi.reader",
    }

    removed = run(
        python, "-m", "restcore.compat", "--uninstall-pth", str(site), cwd=tmp_path
    )
    assert removed.returncode == 0
    real = run(python, "-c", "import falcon; print(falcon.__file__)", cwd=tmp_path)
    assert "site-packages" in real.stdout, real.stderr
    again = run(
        python, "-m", "restcore.compat", "--uninstall-pth", str(site), cwd=tmp_path
    )
    assert again.stdout.strip() == "nothing to remove"


def test_pth_hook_refuses_loudly_when_real_falcon_came_first(venv, tmp_path):
    python, site = venv
    restcore.compat.install_pth(str(site))
    # A .pth that sorts before the hook (after deps.pth) imports the real Falcon.
    (site / "e_real_falcon_first.pth").write_text("import falcon\n", encoding="utf-8")
    result = run(python, "-c", "import falcon; print(falcon.__file__)", cwd=tmp_path)
    assert "real falcon package is already imported" in result.stderr
    assert "site-packages" in result.stdout  # it is the real one, not a mix


def test_alias_hook_refuses_when_real_falcon_is_loaded():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import falcon, restcore.compat as c; c.install_falcon_alias_hook()",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "real falcon package is already imported" in result.stderr


def test_pth_files_in_process(tmp_path, capsys):
    """install_pth/uninstall_pth/main, without starting an interpreter."""
    assert restcore.compat.main(["--install-pth", str(tmp_path)]) == 0
    written = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in written) == [
        "_restcore_falcon_alias.py",
        "restcore-falcon-alias.pth",
    ]
    assert (tmp_path / "restcore-falcon-alias.pth").read_text() == (
        "import _restcore_falcon_alias\n"
    )
    assert restcore.compat.main(["--uninstall-pth", str(tmp_path)]) == 0
    assert sorted(tmp_path.iterdir()) == []


def test_hook_module_in_process(monkeypatch):
    """The start-up hook's finder, exercised here with falcon hidden."""
    import importlib.util

    monkeypatch.delitem(sys.modules, "falcon", raising=False)
    saved = list(sys.meta_path)
    path = Path(restcore.compat.__file__).with_name("_falcon_pth_hook.py")
    spec = importlib.util.spec_from_file_location("_restcore_hook_probe", path)
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(hook)  # installs the finder
        finder = sys.meta_path[0]
        assert isinstance(finder, hook.RestcoreFalconAlias)
        hook.install()  # idempotent
        assert sum(isinstance(f, hook.RestcoreFalconAlias) for f in sys.meta_path) == 1
        assert finder.find_spec("json") is None
        found = finder.find_spec("falcon.testing")
        assert found is not None
        assert found.name == "falcon.testing"
        assert finder not in sys.meta_path  # handed over to restcore's finder
        monkeypatch.setitem(sys.modules, "falcon", types.ModuleType("falcon"))
        with pytest.raises(RuntimeError, match="already imported"):
            hook.install()
    finally:
        sys.meta_path[:] = saved
