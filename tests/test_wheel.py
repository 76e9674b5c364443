"""The wheel installs one import namespace and a working `graphfraud` command."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_in_a_clean_venv(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("graphfraud-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # dependencies come from the surrounding environment; the package itself only from the wheel
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                   check=True, capture_output=True)
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    top = sorted(p.name for p in site.iterdir() if not p.name.endswith(".dist-info") and p.name != "__pycache__")
    assert "graphfraud" in top
    for generic in ("cli", "cli.py", "loaders", "cypher", "tests"):
        assert generic not in top
    assert (site / "graphfraud" / "loaders" / "fields.py").exists()
    assert (site / "graphfraud" / "cli.py").exists()
    out = subprocess.run([str(env_dir / "bin" / "graphfraud"), "--help"], check=True, capture_output=True,
                         text=True, cwd=tmp_path)
    assert "load" in out.stdout and "path" in out.stdout
    out = subprocess.run([str(py), "-m", "graphfraud", "fields", "--format", "json"], check=True,
                         capture_output=True, text=True, cwd=tmp_path)
    assert '"transactions"' in out.stdout
    # imported from the installed wheel, not from a source checkout
    where = subprocess.run([str(py), "-c", "import graphfraud.loaders as m; print(m.__file__)"], check=True,
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(site) in where
