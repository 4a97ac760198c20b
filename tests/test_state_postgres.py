"""The state store on PostgreSQL (a team's shared store): scan, incremental rescan, diff and review by URL."""
from __future__ import annotations

import random

from scanner.inventory.export import read_inventory_csv
from scanner.state import StateStore
from scanner.synth.identifiers import personal_code
from tests.conftest import run_leidur
from tests.services.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures


def test_scans_through_postgresql(postgres_url, tmp_path):  # noqa: F811
    share = tmp_path / "share" / "Kliendid"
    share.mkdir(parents=True)
    codes = [personal_code(random.Random(n)) for n in range(3)]
    (share / "a.txt").write_text(f"isikukood {codes[0]}\n", encoding="utf-8")
    (share / "b.txt").write_text(f"isikukood {codes[1]}\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ("scan", share.parent, "--out", out, "--jobs", "1", "-q", "--state", postgres_url)
    assert run_leidur(*args).returncode == 0
    assert not (out / "leidur-state.db").exists(), "no SQLite file when a URL is given"
    (share / "b.txt").write_text(f"isikukood {codes[1]} {codes[2]}\n", encoding="utf-8")
    again = run_leidur(*args, "--incremental", "--fail-on", "new")
    assert again.returncode == 4
    diff = run_leidur("diff", "--state", postgres_url)
    assert "new 0, gone 0, changed 1" in diff.stdout, diff.stdout + diff.stderr
    store = StateStore(postgres_url)
    try:
        scans = store.scans()
        assert [s.items_read for s in scans[-2:]] == [2, 1] and scans[-1].items_carried == 1
        assert all(code not in str(row.sample) for row in store.findings(scans[-1].id) for code in codes)
    finally:
        store.close()
    rows = read_inventory_csv(out / "inventory.csv")
    assert {r["rule_id"] for r in rows} == {"customer-contracts"}
