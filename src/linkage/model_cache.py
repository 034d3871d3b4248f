"""Trained models kept between runs of the same list: training is a fifth of a 200k run, and a
second `dedupe` of an unchanged list (a new threshold, a re-run after a review) would learn the
same λ, m and u again.

A model is kept under its key: a SHA-256 of the normalised `features` table (every column, so a
changed mention, a new normaliser or another --columns mapping changes it), the spec's tables as
read, the seed, the backend that trains and the versions of linkage, Splink and DuckDB. Same key,
same training input and code: the kept model is what fitting would give. The folder is the
user's cache (README: "Trained models are reused"); `dedupe --retrain` fits anew and replaces the
kept copy; a file in the folder that linkage did not write under its key is never read or replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from linkage import __version__

# the file beside each kept model that says it is one, and what it was trained on
MARK = "linkage_model_cache"


def default_folder() -> Path:
    """$LINKAGE_MODEL_CACHE, else the XDG cache folder's linkage/models (~/.cache by default)."""
    if os.environ.get("LINKAGE_MODEL_CACHE"):
        return Path(os.environ["LINKAGE_MODEL_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "linkage" / "models"


@cache
def _code() -> str:
    """A digest of linkage's own files (code and tables): a version number stays the same while
    the code between releases changes, and a model trained by other comparisons or name tables
    must not be reused."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".json", ".toml")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Key:
    """A training input's key and the file its model is kept in."""

    digest: str
    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / f"{self.digest}.json"


def key(con, table: str, spec_table: dict, seed: int, backend: str,
        folder: Path) -> Key:
    """The key of training on `table` with this spec: the table's rows hashed in DuckDB (an
    order-free XOR of row hashes; rows differ by unique_id, so none cancel), plus what else fit reads."""
    import duckdb  # here, not at import: the command line reads default_folder() at start
    import splink

    rows, hashed = con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{table}" t').fetchone()
    columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
    described = json.dumps({"rows": rows, "hash": str(hashed), "columns": columns,
                            "spec": spec_table, "seed": seed, "backend": backend,
                            "versions": [__version__, _code(), splink.__version__, duckdb.__version__]},
                           sort_keys=True, default=str)
    return Key(hashlib.sha256(described.encode()).hexdigest()[:32], Path(folder))


def _metadata(cache_key: Key) -> dict | None:
    """The kept model's metadata, if linkage wrote it under this key (it carries the mark)."""
    meta = cache_key.path.with_name(cache_key.path.stem + ".meta.json")
    try:
        found = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return found if isinstance(found, dict) and found.get(MARK) == cache_key.digest else None


def find(cache_key: Key) -> Path | None:
    """The kept model for this key, or None; fitting's warnings on this list are given again."""
    found = _metadata(cache_key)
    if found is None or not cache_key.path.exists():
        return None
    for message in found.get("fit_warnings", []):  # what fitting said about this list, said again
        warnings.warn(message, stacklevel=2)
    return cache_key.path


def keep(model, cache_key: Key, fit_warnings: list[str]) -> Path | None:
    """Save a freshly fitted model under its key; a folder that cannot be written costs only the
    reuse (the run does not fail for it). A file under the key's name that linkage did not
    write is left alone."""
    if (cache_key.path.exists() or cache_key.path.with_suffix(".meta.json").exists()) \
            and _metadata(cache_key) is None:
        return None
    try:
        cache_key.folder.mkdir(parents=True, exist_ok=True)
        return model.save(cache_key.path, {MARK: cache_key.digest, "fit_warnings": fit_warnings})
    except OSError as exc:
        warnings.warn(f"{cache_key.folder}: trained model not kept for reuse ({exc})", stacklevel=2)
        return None

