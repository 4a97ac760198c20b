"""Subject-access search time: hash look-ups among a million fingerprints, and a live look-up in a large table.

    /work/venv/bin/python benchmarks/bench_subject.py [--fingerprints 1000000] [--state URL] [--database-rows 1000000]

1. Builds a state store as benchmarks/state_lookup.py does (random 128-bit
   fingerprints, 100 per inventory row), plants one person's five
   identifiers and name in 20 locations, and times `search_subject` (every
   identifier looked up, the name checked, the rulebook applied) and one
   hash look-up.
2. With --database-rows N > 0: starts a throw-away PostgreSQL (tests/services/postgres.py),
   fills a table of N generated customers, records a scan that knows its
   columns, and times the live look-up (one statement, sequential scan).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.detect.values import fingerprint  # noqa: E402
from scanner.models import InventoryRow  # noqa: E402
from scanner.state import StateStore  # noqa: E402
from scanner.subject import Subject, SubjectRequest, search_subject  # noqa: E402
from scanner.targets import parse_target  # noqa: E402

KEY = b"benchmark-key-not-secret"
PERSON = dict(personal_code="38001085718", email="mari.tamm@mail.ee", phone="+372 5123 4567",
              iban="EE382200221020145685", card="4111 1111 1111 1111")
TYPES = {"personal_code": "EE_PERSONAL_CODE", "email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER",
         "iban": "IBAN_CODE", "card": "CREDIT_CARD"}


def index_rows(fingerprints: int, per_row: int, rng: random.Random) -> list[InventoryRow]:
    rows = []
    for n in range(fingerprints // per_row):
        option = list(TYPES)[n % len(TYPES)]
        row = InventoryRow(source="bench", source_type="files", location=f"/srv/share/folder{n % 100}/file{n}.csv",
                           entity_type=TYPES[option], count=per_row, sample="masked")
        row.fingerprints = {f"{rng.getrandbits(128):032x}" for _ in range(per_row)}
        if n < 20 * len(TYPES):  # the person: each identifier in 20 places
            row.fingerprints.add(fingerprint(KEY, TYPES[option], PERSON[option]))
        rows.append(row)
    return rows


def time_index(url: str, fingerprints: int) -> None:
    rng = random.Random(1)
    rows = index_rows(fingerprints, 100, rng)
    store = StateStore(url)
    now = datetime.now(timezone.utc)
    store.record_scan(now, now, "complete", "bench", False, KEY, [], rows)
    total = store.count_fingerprints()
    probes = [next(iter(rows[rng.randrange(len(rows))].fingerprints)) for _ in range(500)]
    started = time.perf_counter()
    for probe in probes:
        store.find_fingerprint(probe)
    one = (time.perf_counter() - started) / len(probes)
    store.close()
    request = SubjectRequest(Subject.from_options(name="Mari Tamm", **PERSON), url)
    times, places = [], 0
    for _ in range(20):
        started = time.perf_counter()
        places = len(search_subject(request, key=KEY).places)
        times.append(time.perf_counter() - started)
    print(f"{url.split(':')[0]}: {total} fingerprints; one hash look-up {one * 1000:.2f} ms (mean of {len(probes)}); "
          f"a subject search by 5 identifiers and a name ({places} places) {statistics.median(times) * 1000:.0f} ms "
          f"(median of {len(times)}, rulebook included)")


def time_database(rows: int) -> None:
    from tests.services.postgres import running_postgres

    with running_postgres() as server:
        server.create_database("bench")
        with server.connect("bench") as admin:
            admin.execute("CREATE TABLE kliendid AS SELECT g AS id, '3' || lpad((g::bigint * 7919 % 10000000000)::text, 10, '0') "
                          "AS isikukood, 'klient' || g || '@example.ee' AS e_post, '+372 5' || lpad((g::bigint * 31 % 10000000)"
                          "::text, 7, '0') AS telefon, 'Klient ' || g || ' helistas' AS markused "
                          f"FROM generate_series(1, {rows}) g")
            admin.execute("ALTER TABLE kliendid ADD PRIMARY KEY (id)")
            admin.execute("UPDATE kliendid SET isikukood = '38001085718', telefon = '5123 4567' WHERE id = %s",
                          (rows // 2,))
            admin.execute("ANALYZE kliendid")
        url = server.url("bench")
        state = f"sqlite:///{tempfile.mkdtemp()}/state.db"
        known = [InventoryRow(source=parse_target(url).display, source_type="database",
                              location=f"bench.public.kliendid.{column}", entity_type=entity, evidence="schema")
                 for column, entity in (("isikukood", "EE_PERSONAL_CODE"), ("e_post", "EMAIL_ADDRESS"),
                                        ("telefon", "PHONE_NUMBER"), ("markused", "PHONE_NUMBER"))]
        store = StateStore(state)
        now = datetime.now(timezone.utc)
        store.record_scan(now, now, "complete", "bench", False, KEY, [], known)
        store.close()
        subject = Subject.from_options(personal_code=PERSON["personal_code"], email=PERSON["email"],
                                       phone=PERSON["phone"])
        started = time.perf_counter()
        result = search_subject(SubjectRequest(subject, state, [parse_target(url)]), key=KEY)
        took = time.perf_counter() - started
        print(f"postgresql: live look-up of 3 identifiers in 4 columns of a {rows}-row table: {took:.1f} s, "
              f"{len(result.places)} places ({', '.join(sorted({p.primary_key for p in result.places}))})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fingerprints", type=int, default=1_000_000)
    parser.add_argument("--state", default=None)
    parser.add_argument("--database-rows", type=int, default=0)
    args = parser.parse_args()
    if args.fingerprints:
        time_index(args.state or f"sqlite:///{tempfile.mkdtemp()}/bench.db", args.fingerprints)
    if args.database_rows:
        time_database(args.database_rows)


if __name__ == "__main__":
    main()
