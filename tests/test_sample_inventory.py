"""Scanning sample_data/ with the default rulebook: every row mapped or deliberately UNMAPPED, some overdue."""
from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from scanner.inventory.export import read_inventory_csv
from scanner.rulebook import UNMAPPED, Rulebook, default_rules_dir
from tests.conftest import SAMPLE_DATA, run_leidur

YEAR = re.compile(r"(?:^|[/_-])(20\d\d)(?=[/_.-]|$)")
# Places in sample_data/ no default rule covers, on purpose: the DPO must see what is not classified
# (a miscellaneous folder, a hidden folder, a report and a slide deck nobody has given a purpose).
DELIBERATELY_UNMAPPED = ("/records/Muu/", "/share/.varjatud/", "/documents/aruanne.pdf", "/documents/projekt.pptx")


def age_by_year_in_path(root: Path) -> None:
    """Git does not keep modification times: give every file with a year in its path a time in that year."""
    for path in root.rglob("*"):
        match = YEAR.search(str(path.relative_to(root)))
        if path.is_file() and match:
            stamp = datetime(int(match.group(1)), 6, 30, tzinfo=timezone.utc).timestamp()
            os.utime(path, (stamp, stamp))


def test_sample_data_inventory(tmp_path):
    assert (SAMPLE_DATA / "records").is_dir(), "run python sample_data/generate.py"
    share = tmp_path / "sample_data"
    shutil.copytree(SAMPLE_DATA, share, ignore=shutil.ignore_patterns("generate.py", "__pycache__"))
    age_by_year_in_path(share)
    out = tmp_path / "out"
    result = run_leidur("scan", share, "--out", out, "--jobs", "2", "-q")
    assert result.returncode in (0, 1), result.stderr  # 1: some sample files are corrupt on purpose
    rows = read_inventory_csv(out / "inventory.csv")
    book = Rulebook.read([default_rules_dir()])
    ids = {r.id for r in book.rules}
    assert rows and all(r["rule_id"] in ids or r["rule_id"] == UNMAPPED for r in rows)

    records = [r for r in rows if "/records/" in r["location"]]
    unmapped = [r for r in records if r["rule_id"] == UNMAPPED]
    assert unmapped, "the Muu folder shows what the rulebook does not cover"
    surprising = [(r["location"], r["entity_type"]) for r in unmapped
                  if not r["location"].split(str(share), 1)[1].startswith(DELIBERATELY_UNMAPPED)
                  and not r["entity_type"].startswith("SPECIAL_CATEGORY_")]
    assert surprising == [], "rows the default rulebook should cover"

    def rule_of(fragment: str, entity: str = "EE_PERSONAL_CODE") -> set[str]:
        return {r["rule_id"] for r in records if fragment in r["location"] and r["entity_type"] == entity}

    assert rule_of("/Raamatupidamine/") == {"accounting-records"}
    assert rule_of("/Arved/") == {"invoices"}
    assert rule_of("/Kliendid/") == {"customer-contracts"}
    assert rule_of("/Klienditugi/") == {"customer-service"}
    assert rule_of("/Juhised/") == {"customer-instructions"}
    assert rule_of("/Personal/") == {"employment-records"}
    assert rule_of("/Turundus/", "EMAIL_ADDRESS") == {"marketing"}
    assert rule_of("/Värbamine/", "EMAIL_ADDRESS") == {"job-applicants"}
    assert {r["rule_id"] for r in records if r["entity_type"] in ("EE_REGISTRY_CODE", "EE_VAT_NUMBER")} <= {
        "organisation-identifiers"}

    overdue = {r["location"].split("/records/")[1] for r in records if r["retention_status"] == "overdue"}
    assert "Raamatupidamine/2016/pangaväljavõte-2016.csv" in overdue  # 2016 + 7 years from end of year
    assert "Arved/2017/arve-2017-001.txt" in overdue
    assert "Värbamine/2023/CV-kandidaat.txt" in overdue  # one year for applicants
    assert not any(o.startswith(("Raamatupidamine/2025", "Arved/2025")) for o in overdue)
    statuses = {r["location"].split("/records/")[1]: r["retention_status"] for r in records}
    assert statuses["Personal/Töölepingud/2012/tööleping-1.txt"] == "unknown"  # 10 years after employment ends
    ropa = run_leidur("ropa", "--out", out)
    assert ropa.returncode == 0
    text = (out / "ropa.md").read_text(encoding="utf-8")
    for purpose in ("Statutory accounting", "Invoicing and VAT records", "Performing the contract with the customer",
                    "Customer service", "Proof of the customer's instructions", "Employment relationship",
                    "Marketing offers the client may refuse at any time", "Recruitment"):
        assert f". {purpose}\n" in text, purpose


def test_fresh_checkout_inventory_is_mapped_and_shows_overdue_archives(tmp_path):
    """As a newcomer runs it: file times are those of the checkout, yet old archive members keep theirs."""
    out = tmp_path / "out"
    result = run_leidur("scan", SAMPLE_DATA, "--out", out, "--jobs", "2", "-q")
    assert result.returncode in (0, 1), result.stderr
    rows = read_inventory_csv(out / "inventory.csv")
    unmapped = {(r["location"], r["entity_type"]) for r in rows if r["rule_id"] == UNMAPPED
                and not any(part in r["location"] for part in DELIBERATELY_UNMAPPED)}
    assert unmapped == set()
    overdue = {r["location"].split("sample_data/", 1)[1] for r in rows if r["retention_status"] == "overdue"}
    assert overdue == {"records/Raamatupidamine/arhiiv-2014.zip!2014/pangaväljavõte-2014.csv"}
