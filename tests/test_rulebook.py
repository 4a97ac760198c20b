"""The rulebook: matching and precedence, every `rules check` error with its line, retention arithmetic."""
from __future__ import annotations

import shutil
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from scanner.models import InventoryRow
from scanner.rulebook import UNMAPPED, Rulebook, RulebookError, default_rules_dir
from scanner.rulebook.explain import explain
from scanner.rulebook.retention import Duration, DurationError, Retention, financial_year_end
from tests.conftest import no_network, run_leidur  # noqa: F401 - fixture

UTC = timezone.utc
NOW = datetime(2026, 6, 1, tzinfo=UTC)

BASE = """
categories:
  EE_PERSONAL_CODE: user.government_id.national_identification_number
  EMAIL_ADDRESS: user.contact.email
  SPECIAL_CATEGORY_HEALTH: user.health_and_medical
rules:
  - id: everything-in-share
    match: {location: "/srv/share/**"}
    purpose: {data_use: essential.service, description: Service}
    legal_basis: Art. 6(1)(b)
    retention: {period: P3Y, trigger: modified}
  - id: accounting
    match: {location: "**/Raamatupidamine/**"}
    purpose: {data_use: essential.legal_obligation, description: Accounting}
    legal_basis: Art. 6(1)(c)
    retention: {period: P7Y, trigger: end_of_financial_year, citation: "Raamatupidamise seadus § 12"}
  - id: accounting-codes
    match: {location: "**/Raamatupidamine/**", entity_types: [EE_PERSONAL_CODE]}
    purpose: {data_use: essential.legal_obligation, description: "Accounting, codes"}
    legal_basis: Art. 6(1)(c)
    retention: {period: P7Y, trigger: end_of_financial_year}
  - id: crm-customers
    match: {location: "crm.public.kliendid.*", source_type: database}
    purpose: {data_use: essential.service, description: Contract}
    legal_basis: Art. 6(1)(b)
    retention: {period: P3Y, trigger: event}
  - id: health
    match: {location: "**/Personal/**", entity_types: ["SPECIAL_CATEGORY_*"]}
    purpose: {data_use: employment, description: Health checks}
    legal_basis: [Art. 6(1)(c), Art. 9(2)(b)]
    retention: {period: P10Y, trigger: event}
  - id: personnel
    match: {location: "**/Personal/**"}
    purpose: {data_use: employment, description: Personnel}
    legal_basis: Art. 6(1)(b)
    retention: {period: P10Y, trigger: event}
"""


def book_from(tmp_path: Path, text: str, name: str = "rules.yaml") -> Rulebook:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return Rulebook.read([tmp_path])


def mapped(book: Rulebook, location: str, entity: str, source_type: str = "files",
           modified: datetime | None = None) -> InventoryRow:
    row = InventoryRow(source="s", source_type=source_type, location=location, entity_type=entity,
                       item_modified=modified or datetime(2025, 1, 1, tzinfo=UTC))
    book.apply_one(row, NOW)
    return row


# --- matching and precedence ------------------------------------------------------------------

@pytest.mark.parametrize("location, entity, source_type, rule", [
    ("/srv/share/readme.txt", "EMAIL_ADDRESS", "files", "everything-in-share"),
    ("/srv/share/Raamatupidamine/2019/arve.pdf", "EMAIL_ADDRESS", "files", "accounting"),  # longer glob wins
    ("/srv/share/Raamatupidamine/2019/arve.pdf", "EE_PERSONAL_CODE", "files", "accounting-codes"),  # names the type
    ("/srv/share/arhiiv.zip!Raamatupidamine/a.docx", "EMAIL_ADDRESS", "files", "accounting"),  # archive member
    ("/srv/share/raamatupidamine/a.txt", "EMAIL_ADDRESS", "files", "accounting"),  # case-insensitive
    ("crm.public.kliendid.isikukood", "EE_PERSONAL_CODE", "database", "crm-customers"),
    ("crm.public.kliendid.isikukood", "EE_PERSONAL_CODE", "files", UNMAPPED),  # wrong source type
    ("crm.public.tooted.nimi", "PERSON", "database", UNMAPPED),
    ("/home/x/notes.txt", "EMAIL_ADDRESS", "files", UNMAPPED),
    ("/srv/share/Personal/Jüri.txt", "SPECIAL_CATEGORY_HEALTH", "files", "health"),
    ("/srv/share/Personal/Jüri.txt", "EE_PERSONAL_CODE", "files", "personnel"),
])
def test_most_specific_rule_wins(tmp_path, location, entity, source_type, rule):
    book = book_from(tmp_path, BASE)
    assert not book.errors, book.errors
    assert mapped(book, location, entity, source_type).rule_id == rule


def test_special_categories_need_an_article_9_rule(tmp_path):
    """A rule without an Art. 9(2) condition never covers health data, however well its location fits."""
    book = book_from(tmp_path, BASE)
    row = mapped(book, "/srv/share/Raamatupidamine/haigusleht.pdf", "SPECIAL_CATEGORY_HEALTH")
    assert row.rule_id == UNMAPPED


def test_mapping_fills_the_row(tmp_path):
    book = book_from(tmp_path, BASE)
    row = mapped(book, "/srv/share/Raamatupidamine/a.txt", "EE_PERSONAL_CODE", modified=datetime(2018, 3, 1, tzinfo=UTC))
    assert row.data_category == "user.government_id.national_identification_number"
    assert row.purpose == "Accounting, codes" and row.extra["data_use"] == "essential.legal_obligation"
    assert row.legal_basis == "Art. 6(1)(c)"
    assert row.retention_status == "overdue"  # 2018 → end of 2018 + 7 years = end of 2025 < June 2026
    assert row.retention_until.date().isoformat() == "2025-12-31"


def test_priority_and_ties(tmp_path):
    text = BASE + """
  - id: org-codes
    personal: false
    priority: 5
    match: {entity_types: [EE_REGISTRY_CODE]}
    purpose: Not personal
"""
    book = book_from(tmp_path, text)
    row = mapped(book, "/srv/share/Raamatupidamine/a.txt", "EE_REGISTRY_CODE")
    assert row.rule_id == "org-codes" and row.retention_status == "n/a" and row.data_category == ""


def test_explain_names_the_winner_and_the_others(tmp_path):
    book = book_from(tmp_path, BASE)
    text = explain(book, "/srv/share/Raamatupidamine/a.txt", "EE_PERSONAL_CODE",
                   modified=datetime(2018, 3, 1, tzinfo=UTC), now=NOW)
    lines = text.splitlines()
    assert "WINS accounting-codes" in lines[1] and "rules.yaml:" in lines[1]
    assert any("accounting (" in line for line in lines[2:]) and any("everything-in-share" in line for line in lines)
    assert "retention_status: overdue (until 2025-12-31)" in text
    assert "UNMAPPED" in explain(book, "/elsewhere/x", "EMAIL_ADDRESS")


# --- rules check: every mistake, with its file and line ---------------------------------------

BROKEN = """\
rules:
  - id: one
    match: {location: "**/A/**"}
    purpose: {data_use: essential.service, description: A}
    legal_basis: Art. 6(1)(b)
    data_category: user.contact.emial
    retention: {period: P7Q, trigger: modified}
  - id: two
    match: {source_type: ftp}
    purpose: {data_use: essential.servic, description: B}
    legal_basis: Art. 6(1)(g)
    retention: {period: P1Y, trigger: end_of_year}
  - id: three
    match: {entity_types: [NOT_A_TYPE]}
    purpose: {data_use: essential.service, description: C}
    legal_basis: Art. 6(1)(b)
    retention: {period: P1Y}
  - id: four
    match: {location: "**/A/**"}
    purpose: {data_use: essential.service, description: D}
    legal_basis: Art. 6(1)(b)
    retention: {period: P1Y}
  - id: five
    match: {entity_types: ["SPECIAL_CATEGORY_HEALTH"]}
    purpose: {data_use: employment, description: E}
    legal_basis: Art. 6(1)(c)
    data_subjects: [employe]
    retention: {period: P1Y}
  - id: one
    match: {location: "**/B/[x"}
    purpose: {data_use: essential.service, description: F}
    legal_basis: Art. 6(1)(b)
    retention: {period: P1Y}
  - id: seven
    match: {location: "**/C/**"}
    purpose: {data_use: essential.service, description: G}
    legal_basis: Art. 6(1)(b)
    retntion: {period: P1Y}
  - id: eight
    match: {}
    purpose: Only words
    legal_basis: Art. 6(1)(b)
    priority: high
  - id: ten
    match: {location: "**/D/**"}
    purpose: {data_use: essential.service, description: H}
    legal_basis: Art. 6(1)(b)
    retention: {period: P1Y}
  - id: nine
    priority: 2
    match: {location: "**/D/**"}
    purpose: {data_use: essential.service, description: I}
    legal_basis: Art. 6(1)(b)
    retention: {period: P1Y}
"""

EXPECTED = [
    (6, "unknown data category 'user.contact.emial'"),
    (6, "did you mean 'user.contact.email'"),
    (7, "bad retention period: 'P7Q' is not an ISO 8601 duration"),
    (9, "can never match: no source is of type 'ftp'"),
    (10, "unknown data use 'essential.servic'"),
    (11, "legal basis 'Art. 6(1)(g)' not understood"),
    (12, "unknown retention trigger 'end_of_year'"),
    (14, "can never match entity type 'NOT_A_TYPE'"),
    (18, "rule 'four' can never match: rule 'one'"),
    (43, "priority must be a whole number"),
    (44, "rule 'ten' can never match: rule 'nine'"),
    (26, "it also needs an Art. 9(2) condition"),
    (27, "unknown data subject 'employe'"),
    (29, "rule id 'one' is already used"),
    (30, "can never match: unclosed '['"),
    (38, "unknown key 'retntion' in a rule"),
    (40, "rule 'eight' needs a 'match'"),
    (41, "needs a purpose with a data_use"),
]


def test_rules_check_points_at_every_mistake(tmp_path):
    book = book_from(tmp_path, BROKEN)
    messages = [(p.line, p.message) for p in book.errors]
    for line, text in EXPECTED:
        assert any(l == line and text in m for l, m in messages), f"line {line}: {text!r} not in {messages}"
    assert all(p.file.endswith("rules.yaml") for p in book.problems)


def test_yaml_syntax_error_has_a_line(tmp_path):
    book = book_from(tmp_path, "rules:\n  - id: a\n    match: {location: [unclosed\n")
    assert book.errors and book.errors[0].line >= 3 and "not valid YAML" in book.errors[0].message


def test_bad_settings_and_categories(tmp_path):
    book = book_from(tmp_path, "settings:\n  financial_year_end: '13-01'\ncategories:\n  EMAIL_ADDRESS: user.mail\n  NOPE: user.name\n")
    found = {(p.line, p.message.split(" '")[0]) for p in book.errors}
    assert (2, "financial_year_end") in found and (4, "unknown data category") in found and (5, "unknown entity type") in found


def test_declared_entity_types_can_match(tmp_path):
    text = "entity_types: [ACME_CUSTOMER_NO]\nrules:\n  - id: a\n    match: {entity_types: [ACME_CUSTOMER_NO]}\n" \
           "    purpose: {data_use: essential.service, description: A}\n    legal_basis: Art. 6(1)(b)\n" \
           "    data_category: user.unique_id\n    retention: {period: P1Y}\n"
    assert not book_from(tmp_path, text).errors


def test_default_rulebook_is_clean(no_network):
    """Checked against fideslang's taxonomy as installed: no network needed."""
    from scanner.rulebook import taxonomy

    taxonomy._keys.cache_clear()
    book = Rulebook.read([default_rules_dir()])
    assert book.problems == []
    assert {"accounting-records", "invoices", "customer-contracts", "customer-service", "marketing",
            "customer-instructions", "employment-records", "organisation-identifiers"} <= {r.id for r in book.rules}
    codes = [r for r in book.rules if r.retention and "Raamatupidamise seadus § 12" in r.retention.citation]
    assert codes and codes[0].retention.trigger == "end_of_financial_year"


def test_rules_check_cli(tmp_path):
    (tmp_path / "rules.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_leidur("rules", "check", tmp_path)
    assert result.returncode == 3
    assert f"{tmp_path / 'rules.yaml'}:7: error: bad retention period" in result.stdout
    ok = run_leidur("rules", "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    explained = run_leidur("rules", "explain", "/srv/share/Raamatupidamine/2019/kanne.pdf", "EE_PERSONAL_CODE",
                           "--modified", "2019-05-31")
    assert explained.returncode == 0 and "WINS accounting-records" in explained.stdout
    assert "Raamatupidamise seadus § 12" in explained.stdout and "(until 2026-12-31)" in explained.stdout
    broken = run_leidur("rules", "explain", "/x", "EMAIL_ADDRESS", "--rules", tmp_path)
    assert broken.returncode == 3 and "rules.yaml:7" in broken.stderr


def test_broken_rulebook_stops_the_scan_before_it_reads(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "rules.yaml").write_text(BROKEN, encoding="utf-8")
    share = tmp_path / "share"
    share.mkdir()
    (share / "a.txt").write_text("e-post mari@example.ee\n", encoding="utf-8")
    result = run_leidur("scan", share, "--out", tmp_path / "out", "--rules", rules, "--jobs", "1", "-q")
    assert result.returncode == 3
    assert "rules.yaml:7" in result.stderr and "nothing was scanned" in result.stderr
    assert not (tmp_path / "out" / "inventory.csv").exists()


def test_own_copy_replaces_the_default_unless_it_extends(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(default_rules_dir(), copy, ignore=shutil.ignore_patterns("recognizers", "*.py", "*.md"))
    (copy / "accounting.yaml").unlink()
    assert "accounting-records" not in {r.id for r in Rulebook.for_scan([copy]).rules}
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "mine.yaml").write_text("extends: default\nrules:\n  - id: mine\n    match: {location: '**/Minu/**'}\n"
                                     "    purpose: {data_use: essential.service, description: Mine}\n"
                                     "    legal_basis: Art. 6(1)(b)\n    retention: {period: P1Y}\n", encoding="utf-8")
    ids = {r.id for r in Rulebook.for_scan([extra]).rules}
    assert {"mine", "accounting-records"} <= ids
    with pytest.raises(RulebookError):
        Rulebook.load([tmp_path / "nothing-here", copy, extra, copy])


# --- retention arithmetic ---------------------------------------------------------------------

@pytest.mark.parametrize("text, start, expected", [
    ("P7Y", datetime(2020, 2, 29, tzinfo=UTC), datetime(2027, 2, 28, tzinfo=UTC)),  # leap day → 28 Feb
    ("P4Y", datetime(2020, 2, 29, tzinfo=UTC), datetime(2024, 2, 29, tzinfo=UTC)),  # leap year to leap year
    ("P1M", datetime(2021, 1, 31, tzinfo=UTC), datetime(2021, 2, 28, tzinfo=UTC)),
    ("P1Y6M", datetime(2019, 8, 31, tzinfo=UTC), datetime(2021, 2, 28, tzinfo=UTC)),
    ("P30D", datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 3, 2, tzinfo=UTC)),
    ("P2W", datetime(2024, 12, 25, tzinfo=UTC), datetime(2025, 1, 8, tzinfo=UTC)),
    ("PT72H", datetime(2024, 2, 28, tzinfo=UTC), datetime(2024, 3, 2, tzinfo=UTC)),
    ("p1y", datetime(2023, 3, 1, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC)),
])
def test_duration_arithmetic(text, start, expected):
    assert Duration.parse(text).after(start) == expected


@pytest.mark.parametrize("text", ["7Y", "P", "PT", "P7", "P1.5Y", "P-1Y", "seven years", "P1YT"])
def test_bad_durations(text):
    with pytest.raises(DurationError):
        Duration.parse(text)


def test_end_of_financial_year():
    calendar_year = financial_year_end(datetime(2019, 3, 5, tzinfo=UTC))
    assert (calendar_year.year, calendar_year.month, calendar_year.day) == (2019, 12, 31)
    july = financial_year_end(datetime(2019, 7, 1, tzinfo=UTC), (6, 30))  # a year ending 30 June
    assert (july.year, july.month, july.day) == (2020, 6, 30)
    june = financial_year_end(datetime(2019, 6, 30, 12, tzinfo=UTC), (6, 30))
    assert (june.year, june.month, june.day) == (2019, 6, 30)
    leap = financial_year_end(datetime(2021, 1, 10, tzinfo=UTC), (2, 29))  # ends 29 Feb: 28 Feb in 2021
    assert (leap.month, leap.day) == (2, 28)


def test_financial_year_setting_applies(tmp_path):
    text = BASE.replace("categories:", "settings:\n  financial_year_end: '06-30'\ncategories:", 1)
    book = book_from(tmp_path, text)
    assert book.financial_year_end == (6, 30) and not book.errors
    late = mapped(book, "/srv/share/Raamatupidamine/a.txt", "EMAIL_ADDRESS", modified=datetime(2018, 7, 15, tzinfo=UTC))
    assert late.retention_status == "ok" and late.retention_until.date().isoformat() == "2026-06-30"
    early = mapped(book, "/srv/share/Raamatupidamine/a.txt", "EMAIL_ADDRESS", modified=datetime(2018, 6, 15, tzinfo=UTC))
    assert early.retention_status == "overdue" and early.retention_until.date().isoformat() == "2025-06-30"


def test_retention_status_by_trigger():
    accounting = Retention(Duration.parse("P7Y"), "end_of_financial_year", "RPS § 12")
    # Modified 1 March 2019: the financial year ends 31 Dec 2019, kept until 31 Dec 2026.
    status, until = accounting.status(datetime(2019, 3, 1, tzinfo=UTC), None, NOW)
    assert status == "ok" and until.date().isoformat() == "2026-12-31"
    assert accounting.status(datetime(2018, 12, 31, tzinfo=UTC), None, NOW)[0] == "overdue"
    assert accounting.status(None, None, NOW) == ("unknown", None)
    created = Retention(Duration.parse("P1Y"), "created")
    assert created.status(datetime(2026, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC), NOW)[0] == "overdue"
    assert created.status(datetime(2026, 1, 1, tzinfo=UTC), None, NOW)[0] == "ok"  # no creation time: modified
    event = Retention(Duration.parse("P10Y"), "event")
    assert event.status(datetime(2010, 1, 1, tzinfo=UTC), None, NOW) == ("unknown", None)  # event may be later
    assert event.status(datetime(2020, 1, 1, tzinfo=UTC), None, NOW) == ("ok", None)
    assert Retention(None, "event").status(datetime(2000, 1, 1, tzinfo=UTC), None, NOW) == ("unknown", None)
    naive = Retention(Duration.parse("P1D")).status(datetime(2026, 5, 30), None, NOW)
    assert naive[0] == "overdue"
