"""The opt-in ``import falcon`` alias (run in subprocesses: the real Falcon is
imported in this one)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run(
    code: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
        check=False,
    )


def test_install_alias_makes_import_falcon_resolve_to_restcore():
    result = run(
        """
        import restcore.compat
        restcore.compat.install_falcon_alias()
        import falcon, falcon.testing, falcon.media.json
        from falcon.routing import CompiledRouter
        import restcore, restcore.testing, restcore.routing
        assert falcon.App is restcore.App
        assert falcon.testing is restcore.testing
        assert CompiledRouter is restcore.routing.CompiledRouter
        assert falcon.__version__ == "4.4.0"
        assert restcore.__version__ != "4.4.0"
        assert restcore.testing.__spec__.name == "restcore.testing"
        app = falcon.App()
        class R:
            def on_get(self, req, resp):
                resp.media = {"ok": True}
        app.add_route("/", R())
        print(falcon.testing.simulate_get(app, "/").json)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'ok': True}"


def test_environment_variable_installs_alias():
    result = run(
        "import restcore, falcon\n"
        "print(falcon.App is restcore.App, falcon.__version__)",
        env={"RESTCORE_AS_FALCON": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "4.4.0"]


def test_alias_refuses_when_real_falcon_is_loaded():
    result = run(
        """
        import falcon, restcore.compat
        try:
            restcore.compat.install_falcon_alias()
        except RuntimeError as ex:
            print("refused:", ex)
        """
    )
    assert "refused: the real falcon package is already imported" in result.stdout


def test_without_opt_in_falcon_is_the_real_one():
    result = run("import restcore, falcon; print(falcon.App is restcore.App)")
    assert result.stdout.strip() == "False"


def test_alias_finder_builds_the_falcon_module_in_process():
    import importlib.util

    import restcore
    import restcore.compat

    finder = restcore.compat._AliasFinder()
    spec = finder.find_spec("falcon", None)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.__version__ == "4.4.0"
    assert module.App is restcore.App
    assert finder.find_spec("json", None) is None
    assert finder.find_spec("falcon.no_such_module", None) is None


def test_alias_hook_refuses_in_a_process_with_the_real_falcon():
    import falcon  # noqa: F401 - the real one, in this test process

    import restcore.compat

    with pytest.raises(RuntimeError, match="real falcon package is already imported"):
        restcore.compat.install_falcon_alias_hook()


def test_alias_finder_is_installed_once():
    import sys

    import restcore.compat

    saved = list(sys.meta_path)
    try:
        first = restcore.compat._add_finder()
        assert restcore.compat._add_finder() is first
        assert sys.meta_path.count(first) == 1
    finally:
        sys.meta_path[:] = saved


def test_alias_installs_once_misses_unknown_modules_and_uninstalls():
    result = run(
        """
        import importlib.util, sys
        import restcore.compat
        alias = restcore.compat.install_falcon_alias()
        assert restcore.compat.install_falcon_alias() is alias
        assert importlib.util.find_spec("falcon.no_such_module") is None
        import falcon.testing
        restcore.compat.uninstall_falcon_alias()
        assert not any(name.split(".")[0] == "falcon" for name in sys.modules)
        import falcon
        print(falcon.App.__module__)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "falcon.app"
