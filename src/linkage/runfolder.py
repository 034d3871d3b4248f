"""The run folder: every output is staged in a hidden sibling folder and renamed into place.

A crash at any point (SIGKILL included) leaves the previous run folder intact, or renamed
aside as `.NAME.old-PID`, which the next run puts back; never a half-written file. Staged files
are fsynced before the rename, so a power cut cannot publish a folder of empty files either.

Only a run folder is ever replaced: its manifest.json says `"written_by": "linkage"` and lists
the files the run wrote, and the folder holds nothing else (bar the files later commands add to
it). Anything else that exists and is not empty is refused, and so is a folder holding the
input, the decision store or the current working folder.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

from linkage.errors import OutputError
from linkage.schema import LATER_FILES, MANIFEST, RUN_FILES

WRITTEN_BY = "linkage"
# An atomic write's temporary file a crash left behind, and the desktop's own droppings.
_LEFTOVER = re.compile(r"^\..+\.\d+\.tmp$|^\.DS_Store$|^Thumbs\.db$")


def _fsync(path: Path) -> None:
    """Flush a file's (or a folder's entries') bytes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_writer(path: Path):
    """A text file opened for writing at a temporary name, renamed to `path` once written and
    fsynced; removed if the writing fails (a crash leaves a leftover the next run ignores)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def _write_atomic(path: Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


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


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest.json as a dict, or None when it is absent or not a JSON object."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _written_files(manifest: dict) -> frozenset | None:
    """The files a manifest says its run wrote; None when linkage did not write it."""
    if manifest.get("written_by") == WRITTEN_BY and isinstance(manifest.get("files"), list):
        return frozenset(str(f) for f in manifest["files"])
    if "linkage_version" in manifest and "parameters" in manifest:  # before `written_by`
        return RUN_FILES
    return None


def foreign_entries(folder: Path) -> list[str] | None:
    """Entries of `folder` that its run did not write (sorted); None when it is no run folder."""
    manifest = read_manifest(folder)
    written = _written_files(manifest) if manifest is not None else None
    if written is None:
        return None
    return sorted(name for name in os.listdir(folder)
                  if name not in written and name not in LATER_FILES and not _LEFTOVER.match(name))


def _inside(path: Path, folder: Path) -> bool:
    path = Path(path).resolve()
    return path == folder or folder in path.parents


def check_replaceable(out: Path, protected=()) -> None:
    """Refuse an `out` whose replacement could lose something the user made (one-line OutputError).

    `out` may be absent, an empty folder, or a run folder holding only what linkage wrote;
    neither it nor anything under it may be a `protected` path (the input, the decision store)
    or the current working folder.
    """
    out = Path(out)
    resolved = out.resolve()
    for path in protected:
        if path is not None and _inside(path, resolved):
            raise OutputError(f"{out}: holds {path}, which a run folder must never replace; "
                              "choose another --out")
    if _inside(Path.cwd(), resolved):
        raise OutputError(f"{out}: is the current folder or holds it; choose a new folder for --out")
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputError(f"{out}: is a file, not a run folder; choose another --out")
    with os.scandir(out) as entries:
        if not any(entries):
            return
    foreign = foreign_entries(out)
    if foreign is None:
        raise OutputError(f"{out}: exists and is not a run folder written by linkage (no linkage "
                          "manifest.json); choose a new or empty folder for --out")
    if foreign:
        listed = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputError(f"{out}: holds {listed}, which linkage did not write; move "
                          f"{'it' if len(foreign) == 1 else 'them'} away or choose another --out")


def check_overwrite(path: Path, ours, what: str) -> None:
    """Refuse to overwrite an existing `path` unless `ours(path)` recognises it as linkage's `what`.

    For the single files commands write outside a run folder (a model, an audit page, a
    generated list), so that a mistyped path cannot replace a file of the user's.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name for the {what}")
    if path.exists() and not ours(path):
        raise OutputError(f"{path}: exists and is not a {what} written by linkage; "
                          "choose another name")


def starts_with(prefix: bytes):
    """A test for check_overwrite: the file begins with `prefix` (a header line, a marker)."""
    def ours(path: Path) -> bool:
        with open(path, "rb") as handle:
            return handle.read(len(prefix)) == prefix
    return ours


def _seal(stage: Path) -> None:
    """Stamp the staged manifest: written by linkage, and the files this run wrote."""
    manifest = read_manifest(stage) or {}
    files = sorted({p.name for p in stage.iterdir() if not _LEFTOVER.match(p.name)} | {MANIFEST})
    write_json(stage / MANIFEST, {"written_by": WRITTEN_BY, **manifest, "files": files})


@contextmanager
def staged(out: Path, protected=()):
    """Yield a staging folder; on success it replaces `out`, on failure it is removed.

    `out` must pass check_replaceable (with `protected`, the paths it must not hold) first.
    """
    check_replaceable(out, protected)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    check_replaceable(out, protected)  # a recovered folder is checked as well
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
        _seal(stage)
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
