"""Make a package discoverable through a real entry point without pip: a folder with a *.dist-info."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import leidur_env


def add_distribution(site: Path, name: str, version: str, entry_points: dict[str, str], group: str = "leidur.recognizers") -> None:
    """Write `<name>-<version>.dist-info` with METADATA and entry_points.txt into `site` (a sys.path folder)."""
    dist_info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    lines = [f"[{group}]"] + [f"{key} = {value}" for key, value in entry_points.items()]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def install_example(site: Path, project: Path) -> None:
    """Copy an example project's packages into `site` and declare the entry points its pyproject.toml declares."""
    import tomllib

    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for package in (project / "pyproject.toml").parent.iterdir():
        if (package / "__init__.py").is_file():
            shutil.copytree(package, site / package.name, dirs_exist_ok=True)
    for group, points in meta.get("entry-points", {}).items():
        add_distribution(site, meta["name"], meta["version"], points, group)


def env_with(site: Path, **extra) -> dict:
    env = leidur_env(**extra)
    env["PYTHONPATH"] = str(site) + os.pathsep + env["PYTHONPATH"]
    return env
