"""A copy of the source tree with the hot path compiled in place, to benchmark what a wheel install runs.

    python benchmarks/compiled_tree.py            # prints the copy's path (build/bench-compiled)

An install from a wheel (`pip install .`) carries the modules setup.py lists in
COMPILED as C extensions built by Cython; the editable dev install is pure
Python (an extension there would hide edits). So the benchmarks run from a
copy of the tracked files in build/bench-compiled with `build_ext --inplace`
done there: the same code as the wheel's, and the scripts' paths still work,
since each finds the repository from its own file. Files are copied with
their times, so a second run compiles only what changed. The generated
corpus is linked, not copied. Needs Cython and a C compiler
(`pip install -e '.[dev]'` brings Cython).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TREE = REPO / "build" / "bench-compiled"
MARK = ".leidur-compiled-tree"  # in the copy's top folder: the scripts there know they run compiled code


def tracked_files(repo: Path) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=repo, capture_output=True, check=True)
    return [name for name in listed.stdout.decode().split("\0") if name and (repo / name).is_file()]


def compiled_tree(repo: Path = REPO, tree: Path = TREE) -> Path:
    """Refresh `tree` from `repo`, compile its hot path in place, and return it."""
    names = tracked_files(repo)
    wanted = {tree / name for name in names}
    for name in names:
        source, target = repo / name, tree / name
        if not target.exists() or target.stat().st_mtime != source.stat().st_mtime or \
                target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for stale in [path for path in (tree / "scanner").rglob("*.py") if path not in wanted]:
        stale.unlink()  # a module deleted or renamed since: it must not be imported from the copy
    corpus = tree / "benchmarks" / "corpus"
    if not corpus.exists() and not corpus.is_symlink():
        (repo / "benchmarks" / "corpus").mkdir(exist_ok=True)
        corpus.symlink_to(repo / "benchmarks" / "corpus")
    built = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=tree,
                           capture_output=True, text=True)
    if built.returncode != 0 or "installing pure Python" in built.stderr:
        raise SystemExit(f"compiling the hot path in {tree} failed:\n{built.stdout[-2000:]}{built.stderr[-2000:]}")
    (tree / MARK).write_text(f"a copy of {repo} with the hot path compiled, made by benchmarks/compiled_tree.py\n")
    return tree


def in_compiled_tree(repo: Path) -> bool:
    """True if `repo` is such a copy."""
    return (repo / MARK).is_file()


def is_compiled() -> bool:
    """True if the hot path this process imports is the compiled one."""
    from scanner.detect import hotpath

    return not hotpath.__file__.endswith(".py")


if __name__ == "__main__":
    print(compiled_tree())
