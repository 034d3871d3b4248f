"""The engine on generated WWII loss records (`linkage generate --era wwii`), with the spec made
for them (models/wwii.toml) and, as the peer in the same run, the default soldiers' spec.

    python benchmarks/wwii.py --mentions 20000 --seeds 1,2 --vary 1,2 --label 20k
    flock /work/wt/bigjob.lock python benchmarks/wwii.py --mentions 200000 --seeds 3 --specs wwii --label 200k

For each seed: the preset list (people chosen for about --mentions mentions), and for each
--vary seed a list whose noise model is drawn around the preset (`--era wwii --vary SEED`:
rates, date forms, sources, columns, transliteration mix), so the spec is measured on habits it
was not written against. Each list is deduplicated with each --specs spec (`linkage --temp-dir …
dedupe --spec`), scored with `linkage evaluate` (pairwise, B³, merges within a household), and
timed by /usr/bin/time -v. Writes benchmarks/results/wwii-LABEL.md (and .json), with the recall
of true pairs by the archive habit either mention carries.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from linkage.generate import GeneratorConfig, draw_config, generate_dataset
from linkage.generate.wwii import wwii_config
from vary import habit_recall, timed

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch" / "wwii"
RESULTS = HERE / "results"
LINKAGE = [sys.executable, "-m", "linkage"]
# per-mention noise flags: 1 applied (archive habits first)
HABITS = ("missing_since", "typo", "initials", "patronymic_initial", "birth_year_off", "death_shift",
          "age_off", "latin", "no_patronymic", "caps")
PLACE_FORMS = ("raion_village", "village", "raion", "conscription_office")


def config(vary: int | None) -> GeneratorConfig:
    base = wwii_config()
    return base if vary is None else draw_config(vary, base)


def people_for(mentions: int, vary: int | None) -> int:
    shares = np.asarray(config(vary).mentions_per_person, dtype=float)
    return max(1, round(mentions / float((np.arange(1, len(shares) + 1) * shares).sum() / shares.sum())))


def recall_by_habit(gen: Path, run: Path, people: int, seed: int, vary: int | None) -> dict:
    """Share of true pairs linked, among pairs where either mention carries each habit."""
    noise = generate_dataset(people, seed, config(vary)).noise
    for form in PLACE_FORMS:  # the place column's form, as a flag
        noise[form] = (noise["place_form"] == form).astype(int)
    return habit_recall(noise, gen, run, [h for h in (*HABITS, *PLACE_FORMS) if h in noise])


def one(mentions: int, seed: int, vary: int | None, specs: list[str]) -> list[dict]:
    people = people_for(mentions, vary)
    name = f"{mentions}-s{seed}" + (f"-v{vary}" if vary is not None else "")
    gen = SCRATCH / f"data-{name}"
    cmd = [*LINKAGE, "generate", "--era", "wwii", "--people", str(people), "--seed", str(seed), "--out", str(gen)]
    subprocess.run(cmd + (["--vary", str(vary)] if vary is not None else []), check=True, stdout=subprocess.DEVNULL)
    rows = []
    for spec in specs:
        run = SCRATCH / f"run-{name}-{spec}"
        cost = timed([*LINKAGE, "--temp-dir", str(SCRATCH / "tmp"), "dedupe", str(gen / "mentions.csv"),
                      "--spec", spec, "--out", str(run), "--store", str(SCRATCH / "store.duckdb")],
                     SCRATCH / f"dedupe-{name}-{spec}.log")
        subprocess.run([*LINKAGE, "evaluate", str(run), "--truth", str(gen / "truth.csv")], check=True,
                       stdout=subprocess.DEVNULL)
        ev = json.loads((run / "evaluation.json").read_text())
        merges = f"{ev.get('household_merges')} of {ev.get('household_pairs')}"
        rows.append({"list": "preset" if vary is None else f"--vary {vary}", "seed": seed, "spec": spec,
                     "people": people, "mentions": ev["records"], "precision": ev["pairwise"]["precision"],
                     "recall": ev["pairwise"]["recall"], "f1": ev["pairwise"]["f1"], "b3_f1": ev["bcubed"]["f1"],
                     "household_merges": merges, **cost,
                     "recall_by_habit": recall_by_habit(gen, run, people, seed, vary)})
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| list | seed | spec | mentions | P | R | F1 | B³ F1 | household merges | seconds | peak MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['list']} | {r['seed']} | {r['spec']} | {r['mentions']:,} | {r['precision']:.4f} | "
                     f"{r['recall']:.4f} | {r['f1']:.4f} | {r['b3_f1']:.4f} | {r['household_merges']} | "
                     f"{r['seconds']:.0f} | {r['peak_mb']:,} |")
    return "\n".join(lines)


def habits_table(rows: list[dict]) -> str:
    names = [h for h in ("all", *HABITS, *PLACE_FORMS) if any(h in r["recall_by_habit"] for r in rows)]
    lines = ["| habit | " + " | ".join(f"{r['list']} s{r['seed']} {r['spec']}" for r in rows) + " |",
             "|---|" + "---|" * len(rows)]
    for habit in names:
        cells = [(f"{r['recall_by_habit'][habit]['recall']:.3f} ({r['recall_by_habit'][habit]['pairs']:,})"
                  if habit in r["recall_by_habit"] else "—") for r in rows]
        lines.append(f"| {habit} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=20000)
    parser.add_argument("--seeds", default="1,2", help="--seed of the preset lists, comma-separated")
    parser.add_argument("--vary", default="", help="--vary seeds of lists drawn around the preset (seed: the first)")
    parser.add_argument("--specs", default="wwii,soldiers")
    parser.add_argument("--label", default="20k")
    args = parser.parse_args()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    specs = args.specs.split(",")
    seeds = [int(s) for s in args.seeds.split(",") if s]
    rows = []
    for seed in seeds:
        rows += one(args.mentions, seed, None, specs)
    for vary in (int(v) for v in args.vary.split(",") if v):
        rows += one(args.mentions, seeds[0], vary, specs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE, check=False).stdout.strip()
    command = " ".join(["python benchmarks/wwii.py", *sys.argv[1:]])
    text = (f"# The engine on generated WWII loss records (~{args.mentions:,} mentions, commit {commit})\n\n"
            f"`{command}`: `linkage generate --era wwii` lists (preset, and noise models drawn around it "
            f"with `--vary`), `linkage dedupe --spec SPEC`, `linkage evaluate`. Spec `wwii` is "
            f"models/wwii.toml (the war's dates); `soldiers` is the default spec, as the peer.\n\n"
            f"{table(rows)}\n\n"
            f"## Recall of true pairs where either mention carries the habit (pairs)\n\n{habits_table(rows)}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"wwii-{args.label}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"wwii-{args.label}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
