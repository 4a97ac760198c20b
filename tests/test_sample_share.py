"""sample_data/share: the committed files are what the generator makes, and a scan finds exactly what was planted."""
from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

import pytest

from scanner.synth.sample_share import SIX_TYPES, generate
from tests.conftest import SAMPLE_DATA, can_unshare, read_csv, run_leidur

SHARE = SAMPLE_DATA / "share"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    root = tmp_path_factory.mktemp("regenerated")
    planted = generate(root, seed=2026)
    return root / "share", planted


def test_committed_sample_share_is_what_the_generator_makes(manifest):
    regenerated, planted = manifest
    made = sorted(str(p.relative_to(regenerated)) for p in regenerated.rglob("*") if p.is_file())
    committed = sorted(str(p.relative_to(SHARE)) for p in SHARE.rglob("*") if p.is_file())
    assert made == committed
    _, mismatch, errors = filecmp.cmpfiles(regenerated, SHARE, made, shallow=False)
    assert mismatch == [] and errors == []


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_leidur("scan", SHARE, "--out", out, "--jobs", "2", "-q", offline=can_unshare())
    assert result.returncode == 0, result.stderr
    return read_csv(out / "inventory.csv")


def test_every_planted_identifier_is_found_offline(manifest, inventory):
    _, planted = manifest
    found = Counter()
    for row in inventory:
        if row["entity_type"] in SIX_TYPES:
            found[(str(Path(row["location"]).relative_to(SHARE)), row["entity_type"])] += int(row["count"])
    expected = Counter({(path, entity): n for path, counts in planted.items() for entity, n in counts.items()})
    assert found == expected


def test_lookalike_files_give_no_finding(inventory):
    assert [r for r in inventory if "/lookalikes/" in r["location"] and r["entity_type"] in SIX_TYPES] == []


def test_hidden_folders_are_scanned(inventory):
    assert any("/.varjatud/" in r["location"] for r in inventory)
