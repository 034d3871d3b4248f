"""The run folder: every output is staged in a hidden sibling folder and renamed into place.

A crash at any point (SIGKILL included) leaves the previous run folder intact, or renamed
aside as `.NAME.old-PID`, which the next run puts back; never a half-written file. Staged files
are fsynced before the rename, so a power cut cannot publish a folder of empty files either.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path


def _fsync(path: Path) -> None:
    """Flush a file's (or a folder's entries') bytes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def write_json(path: Path, obj) -> None:
    """Write JSON through a temporary file and an atomic rename."""
    _write_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False, default=str))


def write_text(path: Path, text: str) -> None:
    """Write text through a temporary file and an atomic rename."""
    _write_atomic(path, text)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _siblings(out: Path, kind: str) -> list[tuple[Path, int | None]]:
    """`.NAME.<kind>-PID` folders next to `out`, with their PID."""
    found = []
    for path in out.parent.glob(f".{glob.escape(out.name)}.{kind}-*"):
        pid = path.name.rsplit("-", 1)[-1]
        found.append((path, int(pid) if pid.isdigit() else None))
    return found


def _recover(out: Path) -> None:
    """Put back a previous run a crash left renamed aside; remove stages of dead runs."""
    for old, pid in _siblings(out, "old"):
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue  # another run is swapping its folder in right now
        if not out.exists():
            os.rename(old, out)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stage, pid in _siblings(out, "staging"):
        if pid is None or not _alive(pid):
            shutil.rmtree(stage, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            _fsync(path)
    _fsync(folder)


@contextmanager
def staged(out: Path):
    """Yield a staging folder; on success it replaces `out`, on failure it is removed."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
        _fsync_tree(stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(stage, out)
    _fsync(out.parent)
    shutil.rmtree(old, ignore_errors=True)
