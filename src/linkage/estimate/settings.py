"""The estimator's tuning values, read from models/estimate.toml into one frozen dataclass."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from linkage.errors import ModelError

# The heterogeneity forms loglinear.py knows (Rcapture's Mth columns; "none": no column); its
# table of h(c) has exactly these keys (a test holds them together).
HETEROGENEITY = ("none", "darroch", "poisson2", "gamma3.5")


@dataclass(frozen=True)
class Settings:
    """See models/estimate.toml for what each value does and why it has the value it has."""

    min_list_individuals: int
    min_stratum_individuals: int
    criterion: str
    enumerate_up_to: int
    min_weight: float
    max_unobserved_ratio: float
    profile_points: int
    heterogeneity: tuple[str, ...]
    classes: int
    random_starts: int
    max_iterations: int
    tolerance: float
    bootstrap: int
    min_capture: float
    local_dependence: bool
    pair_starts: int
    offsets: tuple[float, ...]
    draws: int
    draws_seed: int
    replicates: int

    def with_(self, **changes) -> Settings:
        from dataclasses import replace

        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _settings_path() -> Path:
    for base in (Path.cwd() / "models", Path(__file__).resolve().parents[3] / "models"):
        if (base / "estimate.toml").exists():
            return base / "estimate.toml"
    raise ModelError("models/estimate.toml not found (the estimator's tuning values)")


def load_settings(path: Path | None = None) -> Settings:
    """Read models/estimate.toml (the working directory's first, then the repository's)."""
    path = Path(path) if path else _settings_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        ll, lc = raw["loglinear"], raw["latent"]
        settings = Settings(
            int(raw["lists"]["min_individuals"]), int(raw["strata"]["min_individuals"]),
            str(ll["criterion"]).lower(), int(ll["enumerate_up_to"]), float(ll["min_weight"]),
            float(ll["max_unobserved_ratio"]), int(ll["profile_points"]),
            tuple(str(h).lower() for h in ll["heterogeneity"]),
            int(lc["classes"]), int(lc["random_starts"]), int(lc["max_iterations"]),
            float(lc["tolerance"]), int(lc["bootstrap"]), float(lc["min_capture"]),
            bool(lc["local_dependence"]), int(lc["pair_starts"]),
            tuple(float(x) for x in raw["linkage_error"]["offsets"]),
            int(raw["draws"]["count"]), int(raw["draws"]["seed"]),
            int(raw["linkage_error"]["replicates"]))
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: bad estimate settings ({exc})") from exc
    if settings.criterion not in ("aic", "bic"):
        raise ModelError(f"{path}: criterion must be 'aic' or 'bic', not {settings.criterion!r}")
    unknown = [h for h in settings.heterogeneity if h not in HETEROGENEITY]
    if unknown or "none" not in settings.heterogeneity:
        raise ModelError(f"{path}: [loglinear] heterogeneity must include 'none' and name only "
                         f"{', '.join(HETEROGENEITY)} (got {', '.join(settings.heterogeneity)})")
    return settings
