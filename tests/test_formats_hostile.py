"""Hostile files: bombs, deep nesting, truncated, encrypted, corrupt and mislabelled files each give an errors.csv row."""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import time
import tracemalloc
import zipfile

import psutil
import pytest

from scanner.extractors import ExtractContext, Limits, extract
from tests.conftest import leidur_env, read_csv
from tests.format_fixtures import build_hostile, gzip_bomb

BOMB_MB = 256


def _run_measured(args: list[str]) -> tuple[subprocess.CompletedProcess, int]:
    """Run the real CLI and sample the resident memory of it and its workers until it ends."""
    command = [sys.executable, "-m", "scanner", *args]
    process = subprocess.Popen(command, env=leidur_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.05)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak


def test_hostile_share_completes_with_a_reason_for_each_file_and_bounded_memory(tmp_path):
    calm = tmp_path / "calm"
    calm.mkdir()
    (calm / "tere.txt").write_text("tere\n")
    baseline, baseline_peak = _run_measured(["scan", str(calm), "--out", str(tmp_path / "o1"), "--jobs", "1", "-q"])
    assert baseline.returncode == 0, baseline.stderr

    hostile = tmp_path / "hostile"
    expected = build_hostile(hostile, bomb_mb=BOMB_MB)
    result, peak = _run_measured(["scan", str(hostile), "--out", str(tmp_path / "o2"), "--jobs", "1", "-q"])
    assert result.returncode == 1, result.stderr  # finished, with unreadable items
    errors = {row["location"][len(str(hostile)) + 1:]: row for row in read_csv(tmp_path / "o2" / "errors.csv")}
    for location, word in expected.items():
        assert location in errors, (location, sorted(errors))
        assert word.lower() in errors[location]["error"].lower(), errors[location]
    assert len(errors) == len(expected), sorted(errors)
    # The ordinary member beside the bomb is still read.
    inventory = read_csv(tmp_path / "o2" / "inventory.csv")
    assert any(row["location"].endswith("pomm.zip!isikud.csv") and row["entity_type"] == "EE_PERSONAL_CODE" for row in inventory)
    # Each bomb would inflate to 256 MB; reading either whole would show in the peak.
    assert peak - baseline_peak < 120 * 1024**2, (peak, baseline_peak)


def test_gzip_bomb_stops_early_with_little_memory(tmp_path):
    path = tmp_path / "pomm.txt.gz"
    gzip_bomb(path, 128)
    errors: list = []
    ctx = ExtractContext(report_error=errors.append)
    tracemalloc.start()
    try:
        with open(path, "rb") as handle:
            text_chars = sum(len(chunk.text) for chunk in extract(handle, "pomm.txt.gz", ctx, name="pomm.txt.gz"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [e.stage for e in errors] == ["extract"] and "max_ratio" in errors[0].error
    assert ctx.stats["expanded_bytes"] < 16 * 1024**2 and text_chars < 16 * 1024**2
    assert peak < 32 * 1024**2


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def _extract(stream, name: str, limits: Limits):
    errors: list = []
    ctx = ExtractContext(report_error=errors.append, limits=limits)
    return list(extract(stream, name, ctx, name=name)), errors


def test_member_count_limit_reads_the_first_members_then_stops():
    archive = _zip({f"f{i}.txt": f"rida {i}\n".encode() for i in range(10)})
    chunks, errors = _extract(archive, "palju.zip", Limits(max_members=3))
    assert sorted(chunk.location for chunk in chunks) == ["palju.zip!f0.txt", "palju.zip!f1.txt", "palju.zip!f2.txt"]
    assert [(e.location, "max_members" in e.error) for e in errors] == [("palju.zip", True)]


def test_member_size_limit_in_a_tar_skips_that_member_and_reads_the_next():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in (("suur.txt", b"a" * 300_000), ("vaike.txt", b"tere\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    chunks, errors = _extract(buffer, "kaust.tar", Limits(max_member_bytes=100_000))
    assert "kaust.tar!vaike.txt" in {chunk.location for chunk in chunks}
    assert [(e.location, "max_member_bytes" in e.error) for e in errors] == [("kaust.tar!suur.txt", True)]


def test_total_expanded_limit_stops_the_archive():
    archive = _zip({f"f{i}.txt": b"x" * 50_000 + b"\n" for i in range(10)})
    chunks, errors = _extract(archive, "kokku.zip", Limits(max_expanded_bytes=120_000))
    assert errors and all("max_expanded_bytes" in e.error for e in errors)
    assert len({chunk.location for chunk in chunks}) < 10


@pytest.mark.parametrize("depth, readable", [(3, True), (9, False)])
def test_nesting_depth_limit(depth, readable):
    data = _zip({"sees.txt": b"tere maailm\n"}).getvalue()
    for level in range(depth):
        data = _zip({f"t{level}.zip": data}).getvalue()
    chunks, errors = _extract(io.BytesIO(data), "pesa.zip", Limits())
    assert bool(chunks) == readable and bool(errors) == (not readable)
