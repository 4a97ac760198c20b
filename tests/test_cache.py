"""The Hyperscan database cache: loaded instead of compiled, the same matches, and never trusted blindly."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from scanner import cache
from scanner.detect import compiled
from scanner.detect.prefilter import Prefilter
from scanner.recognizers import load_all

REPO = Path(__file__).resolve().parent.parent
TEXTS = [json.loads(line)["text"] for line in (REPO / "evaluation" / "corpus.jsonl").read_text("utf-8").splitlines()][:150]
TEXTS += ["Mari Tamm, isikukood 38001085718, mari.tamm@example.ee, +372 5123 4567, EE382200221020145685"]
pytestmark = pytest.mark.skipif(compiled.hyperscan is None, reason="the `fast` extra (hyperscan) is not installed")


@pytest.fixture(scope="module")
def prefilter_inputs():
    plain = Prefilter(load_all(), compiled=False)
    return [rx for rx, _ in plain.regexes], [word for word, _ in plain.keyword_list]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("LEIDUR_CACHE_DIR", str(path))
    return path


@pytest.fixture
def compiles(monkeypatch):
    """How many databases were compiled (not loaded) since the test began."""
    count = []
    real = compiled._database

    def counting(sources):
        count.append(len(sources))
        return real(sources)

    monkeypatch.setattr(compiled, "_database", counting)
    return count


def ends(compiled_pass, text):
    found = compiled_pass.scan(text)
    return None if found is None else found.ends


def test_the_second_pass_loads_what_the_first_compiled_and_finds_the_same(prefilter_inputs, folder, compiles):
    regexes, keywords = prefilter_inputs
    first = compiled.CompiledPass(regexes, keywords)
    assert len(compiles) == 1 and compiles[0] > 50
    files = list(folder.glob("hyperscan-*.bin"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    second = compiled.CompiledPass(regexes, keywords)
    assert len(compiles) == 1  # loaded, not compiled
    assert [e is None for e in second.expressions] == [e is None for e in first.expressions]
    seen = 0
    for text in TEXTS:
        assert ends(second, text) == ends(first, text), text[:80]
        seen += bool(ends(first, text))
    assert seen > 100


def test_other_expressions_get_their_own_file(prefilter_inputs, folder, compiles):
    regexes, keywords = prefilter_inputs
    compiled.CompiledPass(regexes, keywords)
    compiled.CompiledPass(regexes, keywords[:-1])
    assert len(compiles) == 2 and len(list(folder.glob("hyperscan-*.bin"))) == 2


@pytest.mark.parametrize("damage", ["flip", "truncate", "group_writable", "folder_open", "symlink", "magic"])
def test_a_damaged_or_unsafe_file_is_compiled_again(prefilter_inputs, folder, compiles, damage, tmp_path):
    regexes, keywords = prefilter_inputs
    first = compiled.CompiledPass(regexes, keywords)
    [path] = folder.glob("hyperscan-*.bin")
    data = path.read_bytes()
    if damage == "flip":
        path.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "group_writable":
        path.chmod(0o620)
    elif damage == "folder_open":
        folder.chmod(0o777)
    elif damage == "symlink":
        target = tmp_path / "elsewhere.bin"
        target.write_bytes(data)
        target.chmod(0o600)
        path.unlink()
        path.symlink_to(target)
    elif damage == "magic":
        path.write_bytes(b"x" + data[1:])
    second = compiled.CompiledPass(regexes, keywords)
    assert len(compiles) == 2  # not trusted: compiled again
    for text in TEXTS[:40]:
        assert ends(second, text) == ends(first, text)


def test_an_empty_cache_setting_switches_it_off(prefilter_inputs, monkeypatch, tmp_path, compiles):
    monkeypatch.setenv("LEIDUR_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    regexes, keywords = prefilter_inputs
    compiled.CompiledPass(regexes, keywords)
    compiled.CompiledPass(regexes, keywords)
    assert len(compiles) == 2 and cache.cache_dir() is None and list(tmp_path.iterdir()) == []


def test_the_default_folder_is_under_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.delenv("LEIDUR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "leidur"


def test_an_unwritable_folder_means_no_cache_and_no_error(prefilter_inputs, monkeypatch, tmp_path, compiles):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("LEIDUR_CACHE_DIR", str(blocked / "cache"))
    regexes, keywords = prefilter_inputs
    assert compiled.CompiledPass(regexes, keywords).database is not None
    assert len(compiles) == 1


def test_refused_expressions_stay_refused_when_loaded(prefilter_inputs, folder, monkeypatch):
    regexes, keywords = prefilter_inputs
    real = compiled._database
    refused_source = []

    def refusing(sources):
        # Hyperscan refuses the third expression whenever it is among the sources.
        if any(index == 2 for index, _ in sources):
            refused_source.append(True)
            raise compiled.hyperscan.error("refused")
        return real(sources)

    monkeypatch.setattr(compiled, "_database", refusing)
    first = compiled.CompiledPass(regexes, keywords)
    assert first.expressions[2] is None and refused_source

    def failing(sources):
        raise AssertionError("compiled instead of loaded")

    monkeypatch.setattr(compiled, "_database", failing)
    second = compiled.CompiledPass(regexes, keywords)
    assert second.expressions[2] is None
    assert [e is None for e in second.expressions] == [e is None for e in first.expressions]
    for text in TEXTS[:40]:
        assert ends(second, text) == ends(first, text)


def test_only_the_last_files_of_a_kind_are_kept(folder):
    for number in range(cache.KEEP + 3):
        cache.write("thing", str(number).encode(), b"data %d" % number)
        os.utime(cache._path("thing", str(number).encode()), (number, number))
    kept = sorted(folder.glob("thing-*.bin"))
    assert len(kept) == cache.KEEP
    assert cache.read("thing", str(cache.KEEP + 2).encode()) == b"data %d" % (cache.KEEP + 2)
    assert cache.read("thing", b"0") is None


def test_read_gives_back_what_was_written_and_nothing_damaged(folder):
    cache.write("thing", b"key", b"0123456789" * 100)
    assert cache.read("thing", b"key") == b"0123456789" * 100
    assert cache.read("thing", b"other key") is None
    path = cache._path("thing", b"key")
    data = path.read_bytes()
    path.write_bytes(data[:-1] + b"x")  # one byte of the content changed: the checksum no longer holds
    assert cache.read("thing", b"key") is None
    path.write_bytes(data[:-1])
    assert cache.read("thing", b"key") is None


def test_a_fifo_in_place_of_the_file_is_not_waited_on(folder):
    cache.write("thing", b"key", b"data")
    path = cache._path("thing", b"key")
    path.unlink()
    os.mkfifo(path, 0o600)
    answers = []
    reader = threading.Thread(target=lambda: answers.append(cache.read("thing", b"key")), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert answers == [None]  # at once, not blocked on a FIFO no one writes to


def test_no_home_folder_means_no_cache_and_never_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("LEIDUR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG rules say
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no HOME, no passwd entry: "~" stays
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() is None
    cache.write("thing", b"key", b"data")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(os.path, "expanduser", lambda path: str(tmp_path / "home") if path == "~" else path)
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "leidur"
