"""The apps' one direction of dependency, and no import cycle inside an app, as pyproject.toml's
[tool.importlinter] contracts state them: a lower app importing a higher one (even inside a function)
fails the build."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_only_the_apps_below_them_and_no_app_has_an_import_cycle():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 kept, 0 broken" in result.stdout
