"""The run folder: every output is staged in a hidden sibling folder and renamed into place.

A crash at any point leaves the previous run folder intact (or restorable from its `.old`
copy, which the next run puts back), never a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path


def write_json(path: Path, obj) -> None:
    """Write JSON through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    """Write text through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _restore_interrupted(out: Path) -> None:
    """Put back a previous run that a crash left renamed aside."""
    for old in out.parent.glob(f".{out.name}.old-*"):
        if not out.exists():
            os.rename(old, out)
        else:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged(out: Path):
    """Yield a staging folder; on success it replaces `out`, on failure it is removed."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _restore_interrupted(out)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(stage, out)
    shutil.rmtree(old, ignore_errors=True)
