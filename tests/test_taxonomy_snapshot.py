"""The fideslang names a rulebook is checked against come from a snapshot only while it is exact."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scanner.rulebook import taxonomy

ROOT = Path(__file__).resolve().parent.parent


def test_names_equal_fideslang_whichever_way_they_are_read():
    taxonomy._keys.cache_clear()
    try:
        assert taxonomy._keys() == taxonomy.live_keys()
        assert "marketing.advertising" in taxonomy.data_uses() and "customer" in taxonomy.data_subjects()
    finally:
        taxonomy._keys.cache_clear()


def test_shipped_snapshot_is_exact_for_the_fideslang_it_names():
    snapshot = json.loads(taxonomy.SNAPSHOT.read_text(encoding="utf-8"))
    if snapshot["digest"] == taxonomy.taxonomy_digest():
        live = taxonomy.live_keys()
        assert {kind: frozenset(snapshot[kind]) for kind in live} == live
    else:  # another fideslang release: its own names are read (and the snapshot wants writing anew)
        assert snapshot["fideslang"] != _installed_fideslang() or snapshot["digest"] is None


def test_a_stale_snapshot_is_not_used(tmp_path, monkeypatch):
    stale = tmp_path / "keys.json"
    taxonomy.write_snapshot(stale)
    data = json.loads(stale.read_text(encoding="utf-8"))
    data["data_use"] = ["only.this"]
    data["digest"] = "0" * 64  # sources that are not the installed fideslang's
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(taxonomy, "SNAPSHOT", stale)
    taxonomy._keys.cache_clear()
    try:
        assert taxonomy.data_uses() == taxonomy.live_keys()["data_use"]
    finally:
        taxonomy._keys.cache_clear()


def test_an_exact_snapshot_spares_the_fideslang_import(tmp_path):
    exact = tmp_path / "keys.json"
    taxonomy.write_snapshot(exact)
    code = (
        "import sys\nfrom pathlib import Path\nfrom scanner.rulebook import taxonomy\n"
        f"taxonomy.SNAPSHOT = Path({str(exact)!r})\n"
        "names = taxonomy.data_categories()\n"
        "assert 'user.contact.email' in names, sorted(names)[:5]\n"
        "assert not any(m == 'fideslang' or m.startswith('fideslang.') for m in sys.modules)\n"
        "from scanner.rulebook import Rulebook, default_rules_dir\n"
        "assert Rulebook.read([default_rules_dir()]).problems == []\n"
        "assert 'fideslang' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def _installed_fideslang() -> str:
    from importlib.metadata import version

    return version("fideslang")
