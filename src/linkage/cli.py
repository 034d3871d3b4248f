"""The command line: a thin click layer; each verb opens, calls the library, maps errors to one line."""

from __future__ import annotations

import functools
import json
import logging
import math
import sys
import warnings
from pathlib import Path

import click
from rich.console import Console

from linkage import model_cache, schema
from linkage.config import EngineConfig
from linkage.errors import LinkageError

console = Console(stderr=True)


def _friendly(func):
    """Errors become one line and exit 1; --debug shows the traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except LinkageError as exc:
            if ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # an unexpected failure still prints one line, never a traceback
            if ctx.obj.get("debug"):
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise click.ClickException(f"{type(exc).__name__}: {first} (run with --debug for details)") from None

    return wrapper


def _warning_line(message, category, filename, lineno, line=None) -> str:
    """A warning the user must act on, as one line like the errors (--debug keeps Python's form)."""
    return f"Warning: {message}\n"


def _engine(ctx, **overrides) -> EngineConfig:
    return ctx.obj["engine"].with_(**overrides)


def _columns(pairs: tuple[str, ...]) -> dict[str, str]:
    """--columns 'Имя=first_name' repeated, or one 'a=b,c=d' string."""
    mapping = {}
    for item in pairs:
        for part in item.split(","):
            if "=" not in part:
                raise click.BadParameter(f"expected HEADER=contract_column, got {part!r}")
            src, dst = part.split("=", 1)
            mapping[src.strip()] = dst.strip()
    return mapping


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option("-v", "--verbose", count=True, help="More logging (-v: stages, -vv: Splink's training).")
@click.option("--memory-limit", default=None, help="DuckDB memory limit, e.g. 8GB.")
@click.option("--threads", type=click.IntRange(1), default=None, help="DuckDB threads (default 2).")
@click.option("--temp-dir", default=None, help="Where DuckDB spills (default: linkage-duckdb in the system's temp folder).")
@click.pass_context
def cli(ctx, debug, verbose, memory_limit, threads, temp_dir):
    """linkage: deduplicate lists of named people across scripts and spellings."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["engine"] = EngineConfig().with_(memory_limit=memory_limit, threads=threads, temp_directory=temp_dir,
                                             model_cache=str(model_cache.default_folder()))
    if not debug:
        original, warnings.formatwarning = warnings.formatwarning, _warning_line
        ctx.call_on_close(lambda: setattr(warnings, "formatwarning", original))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("linkage").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("splink").setLevel(logging.INFO if verbose > 1 else logging.ERROR)


@cli.command()
@click.option("--people", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True)
@click.option("--capture", is_flag=True,
              help="--people is a population: each source names each person with its own probability "
                   "(dependence, visibility classes); some are never named. Writes population.csv.")
@click.option("--vary", type=int, default=None, metavar="SEED",
              help="Draw the noise model itself from wide ranges (rates, date conventions, sources, "
                   "columns, transliteration mix), deterministically from SEED.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Make a list with a saved config (a generator_config.json).")
@click.option("--era", type=click.Choice(["today", "wwii"]), default="today", show_default=True,
              help="wwii: Soviet WWII loss records (births 1880-1927, deaths 1941-1945, archive documents); "
                   "deduplicate with --spec wwii.")
@click.pass_context
@_friendly
def generate(ctx, people, seed, out, capture, vary, config_path, era):
    """Generate synthetic mentions with ground truth; writes generator_config.json beside them.

    Example: linkage generate --people 1000 --seed 1 --out generated/demo

    Example: linkage generate --people 1000 --seed 1 --vary 7 --out generated/vary7

    Example: linkage generate --era wwii --people 1000 --seed 1 --out generated/wwii
    """
    from dataclasses import replace

    from linkage.generate import (
        CaptureConfig,
        GeneratorConfig,
        draw_config,
        read_config,
        write_dataset,
    )
    from linkage.generate.wwii import ERAS

    if vary is not None and config_path is not None:
        raise click.UsageError("--vary draws a config; --config reads one: give one of them")
    if capture and era != "today":
        raise click.UsageError("--capture simulates today's lists; it does not combine with --era")
    config = read_config(config_path) if config_path else ERAS[era](GeneratorConfig())
    config = replace(config, capture=CaptureConfig()) if capture else config
    config = draw_config(vary, config) if vary is not None else config
    counts = write_dataset(out, people, seed, config, vary=vary)
    extra = ", population.csv" if config.capture is not None else ""
    click.echo(f"wrote {out}/mentions.csv, truth.csv, family.csv{extra}, generator_config.json: "
               f"{json.dumps(counts)}")


def _finite(ctx, param, value):
    """A guard is a positive, finite number: nan or inf would switch it off."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise click.BadParameter(f"{value} is not a positive finite number")
    return value


def _backend_options(command):
    """--backend and --spark-master: where Splink blocks, trains and scores (backends.py)."""
    command = click.option("--spark-master", default=None,
                           help="Spark master when --backend spark (default local[2]).")(command)
    return click.option("--backend", type=click.Choice(["duckdb", "spark"]), default=None,
                        help="Where Splink runs: duckdb (default) or spark (pip install '.[spark]').")(command)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Spec file to write (default: print it).")
@click.pass_context
@_friendly
def init(ctx, file, out):
    """Write a model spec for FILE: columns recognised, blocking rules measured on it.

    Example: linkage init data/sample/mentions.csv --out runs/sample-spec.toml
    """
    from linkage.init_spec import init_spec

    if out is not None and Path(out).exists():
        raise click.ClickException(f"{out} exists: init never overwrites a file; choose another --out")
    result = init_spec(file, _engine(ctx), name=Path(out).stem if out else None)
    if out is None:
        click.echo(result.text)
        return
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(result.text, encoding="utf-8")
    click.echo(f"wrote {out}: {len(result.table['comparisons'])} comparisons, "
               f"{len(result.blocking)} blocking rules ({result.cumulative_pairs:,} candidate pairs "
               f"for {result.rows:,} rows); next: linkage dedupe {file} --spec {out} --out RUN")


def _suggest_init(ctx, mentions: Path, exc: Exception) -> None:
    """A file whose header does not fit the soldiers' contract gets one line on what to do."""
    from click.core import ParameterSource

    from linkage.errors import InputError

    off_contract = ("required column is missing", "no name column")
    if isinstance(exc, InputError) and any(text in str(exc) for text in off_contract) and \
            ctx.get_parameter_source("spec") == ParameterSource.DEFAULT and not ctx.obj.get("debug"):
        raise click.ClickException(f"{exc}. To read a list of another shape, write a spec for it: "
                                   f"linkage init {mentions} --out spec.toml") from None


def _run_options(**kwargs):
    from linkage.pipeline import RunOptions

    return RunOptions(**kwargs)


@cli.command()
@click.argument("mentions", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Run folder to write.")
@click.option("--model", type=click.Path(path_type=Path), default=None, help="A trained model JSON; without it, train on MENTIONS.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Match probability to cluster at (default: the model's).")
@click.option("--columns", multiple=True, help="Map input headers: 'ФИО=full_name'.")
@click.option("--spec", default="soldiers", show_default=True, help="Model spec in models/.")
@click.option("--method", type=click.Choice(["constrained", "components", "best_link"]), default="constrained", show_default=True,
              help="Clustering: constrained merging, or plain/best-link components (for comparison).")
@click.option("--max-pairs", type=float, default=None, callback=_finite,
              help="Refuse runs that would score more candidate pairs.")
@click.option("--max-pairs-per-mention", type=float, default=None, callback=_finite,
              help="... or more candidate pairs per mention (default 1000).")
@click.option("--seed", type=int, default=None)
@click.option("--store", type=click.Path(path_type=Path), default=Path("linkage.duckdb"), show_default=True,
              help="Reviewer decisions to honour.")
@click.option("--retrain", is_flag=True,
              help="Fit the model anew, even if one trained on this same input and spec is kept "
                   "(in $LINKAGE_MODEL_CACHE, default ~/.cache/linkage/models).")
@_backend_options
@click.pass_context
@_friendly
def dedupe(ctx, mentions, out, model, threshold, columns, spec, method, max_pairs,
           max_pairs_per_mention, seed, store, retrain, backend, spark_master):
    """Deduplicate MENTIONS into individuals and write the run folder.

    Example: linkage dedupe data/sample/mentions.csv --out runs/sample
    """
    from linkage.pipeline import dedupe as run_dedupe

    opts = _run_options(mentions=mentions, out=out, model=model, threshold=threshold,
                        columns=_columns(columns), spec=spec, method=method,
                        engine=_engine(ctx, max_pairs=max_pairs, max_pairs_per_mention=max_pairs_per_mention,
                                       seed=seed, backend=backend, spark_master=spark_master),
                        store=store, retrain=retrain, **_decisions(store))
    try:
        manifest = _with_progress(run_dedupe, opts)
    except LinkageError as exc:
        _suggest_init(ctx, mentions, exc)
        raise
    c = manifest["counts"]
    click.echo(f"{c['accepted']:,} mentions → {c['clusters']:,} individuals "
               f"({c['rejected']:,} rejected); wrote {out}")
    if opts.decisions:
        click.echo(_decisions_line(manifest))


def _decisions_line(manifest: dict) -> str:
    """How many reviewer decisions the run applied, and how many it skipped and why."""
    skipped = manifest["decisions_skipped"]
    reasons = [f"{len(skipped['absent'])} whose records are not in this list" if skipped["absent"] else "",
               f"{len(skipped['changed'])} whose records changed since the review "
               f"(decision {', '.join(map(str, skipped['changed'][:5]))}{' …' if len(skipped['changed']) > 5 else ''})"
               if skipped["changed"] else "",
               f"{len(skipped['unpinned'])} made before fingerprints whose run folder is gone"
               if skipped["unpinned"] else ""]
    reasons = [r for r in reasons if r]
    line = f"applied {len(manifest['decisions_used'])} reviewer decision(s) from the store"
    return line + (f"; skipped {sum(map(len, skipped.values()))}: {', '.join(reasons)}" if reasons else "")


@cli.command()
@click.argument("previous", type=click.Path(path_type=Path))
@click.argument("mentions", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Run folder of the new release.")
@click.option("--columns", multiple=True, help="Map input headers: 'ФИО=full_name'.")
@click.option("--retrain", is_flag=True, help="Fit the model anew on all mentions and re-score everything.")
@click.option("--store", type=click.Path(path_type=Path), default=Path("linkage.duckdb"), show_default=True,
              help="Reviewer decisions to honour.")
@click.pass_context
@_friendly
def update(ctx, previous, mentions, out, columns, retrain, store):
    """Link a batch of new MENTIONS into the PREVIOUS run; individual ids carry over.

    Example: linkage update runs/release-1 batch.csv --out runs/release-2
    """
    from linkage.update import UpdateOptions
    from linkage.update import update as run_update

    opts = UpdateOptions(previous=previous, mentions=mentions, out=out, columns=_columns(columns),
                         engine=_engine(ctx), retrain=retrain, store=store, **_decisions(store))
    manifest = _with_progress(run_update, opts)
    release = manifest["release"]
    changed = ", ".join(f"{n:,} {kind}" for kind, n in release["changes"].items() if n)
    click.echo(f"release {release['number']}: {changed or 'no change'}; wrote {out}")
    if manifest["decisions_used"] or any(manifest["decisions_skipped"].values()):
        click.echo(_decisions_line(manifest))


def _with_progress(run, opts):
    """Run a pipeline under a progress display: the stage, the mentions it works on, the time
    since the run began; on a terminal only (a pipe or a log file gets just the result line)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as shown:
        task = shown.add_task("starting …", total=None)
        return run(opts, progress=lambda stage: shown.update(task, description=f"{stage} …"))


def _decisions(store: Path) -> dict:
    """Reviewer decisions from the store, as RunOptions fields (none when there is no store)."""
    if not store or not Path(store).exists():
        return {}
    from linkage.review import decisions_for_run

    return decisions_for_run(store)


@cli.command()
@click.argument("mentions", type=click.Path(path_type=Path))
@click.option("--model-out", type=click.Path(path_type=Path), required=True)
@click.option("--spec", default="soldiers", show_default=True)
@click.option("--columns", multiple=True, help="Map input headers: 'ФИО=full_name'.")
@click.option("--seed", type=int, default=None)
@_backend_options
@click.pass_context
@_friendly
def train(ctx, mentions, model_out, spec, columns, seed, backend, spark_master):
    """Train a model on MENTIONS and save it (Splink JSON + .meta.json).

    Example: linkage train data/sample/mentions.csv --model-out models/sample.json
    """
    from linkage.pipeline import train as run_train

    run_train(mentions, model_out, spec,
              _engine(ctx, seed=seed, backend=backend, spark_master=spark_master), _columns(columns))
    click.echo(f"wrote {model_out}")


@cli.command()
@click.argument("run", type=click.Path(path_type=Path))
@click.option("--truth", type=click.Path(path_type=Path), required=True)
@click.pass_context
@_friendly
def evaluate(ctx, run, truth):
    """Score a run folder against the truth (pairwise, B-cubed, household merges).

    Example: linkage evaluate runs/sample --truth data/sample/truth.csv
    """
    from linkage.evaluate import evaluate_run, format_metrics

    metrics = evaluate_run(run, truth)
    Console().print(format_metrics(metrics))


@cli.command()
@click.option("--people", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("runs/demo"), show_default=True)
@click.pass_context
@_friendly
def demo(ctx, people, seed, out):
    """Generate a sample, deduplicate it, evaluate it, and say where the outputs are.

    Example: linkage demo --people 1000
    """
    from linkage.evaluate import evaluate_run, format_metrics
    from linkage.generate import write_dataset
    from linkage.pipeline import dedupe as run_dedupe

    data = Path("generated") / f"demo-{people}-{seed}"
    write_dataset(data, people, seed)
    _with_progress(run_dedupe, _run_options(mentions=data / "mentions.csv", out=out,
                                            engine=_engine(ctx, seed=seed)))
    Console().print(format_metrics(evaluate_run(out, data / "truth.csv")))
    click.echo(f"data: {data}/  run folder: {out}/ ({schema.CLUSTERS}, {schema.INDIVIDUALS}, "
               f"{schema.REPORT} …)")


@cli.command()
@click.argument("run", type=click.Path(path_type=Path), required=False)
@click.option("--link", nargs=2, default=None, metavar="A B", help="Record that A and B are one person.")
@click.option("--split", nargs=2, default=None, metavar="A B", help="Record that A and B are different people.")
@click.option("--note", default=None, help="Why: kept with the decision.")
@click.option("--who", default=None, help="Who decided (default: $USER).")
@click.option("--list", "list_", is_flag=True, help="Show every decision in the store.")
@click.option("--store", type=click.Path(path_type=Path), default=Path("linkage.duckdb"), show_default=True,
              help="The decision store (a DuckDB file).")
@click.pass_context
@_friendly
def review(ctx, run, link, split, note, who, list_, store):
    """Record that two records are one person (--link) or not (--split); every later dedupe honours it.

    Example: linkage review runs/sample --split m000123 m000456 --note "brothers: different units"
    """
    from linkage.review import check_pair, decisions, decisions_table, record

    if list_:
        Console().print(decisions_table(decisions(store)))
        return
    if bool(link) == bool(split):
        raise click.UsageError("give exactly one of --link A B, --split A B, or --list")
    if run is None:
        raise click.UsageError("give the run folder the two records come from")
    kind, (a, b) = ("link", link) if link else ("split", split)
    seen = check_pair(run, a, b)
    made = record(store, kind, a, b, note=note, who=who, run=str(Path(run).resolve()), fingerprints=seen)
    click.echo(f"decision {made.decision_id}: {kind} {made.record_a} {made.record_b} "
               f"by {made.who}; stored in {store}. Rerun dedupe to apply it.")


@cli.command()
@click.argument("run", type=click.Path(path_type=Path))
@click.option("--labels", type=click.Path(path_type=Path), default=None,
              help="Truth (record_id, person_id[, household_id]) or clerical pairs (record_id_l, record_id_r, is_match).")
@click.option("--metric", type=click.Choice(["f1", "bcubed_f1", "precision_floor"]), default="f1", show_default=True,
              help="What the recommended threshold optimises.")
@click.option("--min-precision", type=click.FloatRange(0, 1), default=None,
              help="With --metric precision_floor: the highest recall at this precision or better.")
@click.option("--steps", type=click.IntRange(2, 1000), default=50, show_default=True, help="Thresholds to sweep.")
@click.option("--store", type=click.Path(path_type=Path), default=Path("linkage.duckdb"), show_default=True,
              help="The decision store, for the reviewer decisions the run used.")
@click.pass_context
@_friendly
def tune(ctx, run, labels, metric, min_precision, steps, store):
    """Sweep thresholds over a run folder (no re-scoring) and recommend one; writes RUN/thresholds.*.

    Example: linkage tune runs/sample --labels data/sample/truth.csv
    """
    from linkage.report import write_report
    from linkage.tune import summary_table
    from linkage.tune import tune as run_tune

    result = run_tune(run, labels, metric, min_precision, steps, store)
    write_report(run)
    Console(width=max(Console().width, 120)).print(summary_table(result))
    if result.recommended is not None:
        best = result.table.loc[result.recommended]
        click.echo(f"recommended: --threshold {best.threshold_probability:.6g} "
                   f"(match weight {best.threshold_weight:.2f}); {result.criterion}")
    else:
        click.echo(result.criterion)
    click.echo(f"wrote {', '.join(str(f) for f in result.files)} in {result.seconds:.1f}s")


@cli.command()
@click.argument("run", type=click.Path(path_type=Path))
@click.option("--cluster", "cluster_id", default=None, help=f"A cluster_id from {schema.CLUSTERS}.")
@click.option("--record", "record_id", default=None, help="A record_id: audit the cluster it is in.")
@click.option("--pair", nargs=2, default=None, metavar="A B", help="Two record_ids: why together or apart.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), default=None,
              help="Also write a self-contained HTML page (with Splink's waterfall chart).")
@click.option("--store", type=click.Path(path_type=Path), default=Path("linkage.duckdb"), show_default=True,
              help="The decision store, for reviewer decisions.")
@click.pass_context
@_friendly
def audit(ctx, run, cluster_id, record_id, pair, html_out, store):
    """Explain a cluster (records, links, weakest link, near misses) or a pair (waterfall, verdict).

    Example: linkage audit runs/sample --record m000123 --html audit.html
    """
    from linkage import audit as audits
    from linkage.pages import HTML_START
    from linkage.runfolder import check_overwrite, starts_with, write_text

    if sum(x is not None for x in (cluster_id, record_id, pair)) != 1:
        raise click.UsageError("give exactly one of --cluster ID, --record R, --pair A B")
    if html_out:
        check_overwrite(html_out, starts_with(HTML_START.encode()), "page")
    out = Console(width=max(Console().width, 120))
    if pair:
        found = audits.audit_pair(run, *pair, store=store, chart=html_out is not None)
        shown, page = audits.render_pair(found), audits.pair_html
    else:
        found = audits.audit_cluster(run, cluster_id, record_id, store=store, chart=html_out is not None)
        shown, page = audits.render_cluster(found), audits.cluster_html
    for item in shown:
        out.print(item)
    if html_out:
        write_text(html_out, page(found))
        click.echo(f"wrote {html_out}")


@cli.command()
@click.argument("run", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default: this machine only).")
@click.option("--store", type=click.Path(path_type=Path), default=Path("linkage.duckdb"), show_default=True,
              help="The decision store the page's decisions go to (as `linkage review` writes).")
@click.option("--who", default=None, help="Who decides (default: $USER).")
@click.option("--previous", type=click.Path(path_type=Path), default=None,
              help="An earlier run folder of the list: mark individuals merged, split or new since.")
@click.pass_context
@_friendly
def serve(ctx, run, port, host, store, who, previous):
    """Browse, search, audit and decide in the browser: a local workbench over a run folder.

    Example: linkage serve runs/sample --port 8000
    """
    from linkage.serve import serve as run_serve

    def ready(bench):
        click.echo(f"indexed {bench.run} in {bench.started:.1f}s; decisions go to {store}; "
                   f"open http://{host}:{port}/ (Ctrl-C stops)")

    run_serve(run, store, host=host, port=port, who=who, ready=ready, previous=previous)


@cli.command()
@click.argument("run", type=click.Path(path_type=Path))
@click.option("--lists", default="source", show_default=True,
              help="The mentions' column whose values are the lists (any column of the input).")
@click.option("--mapping", type=click.Path(path_type=Path), default=None,
              help="A CSV 'value,list' grouping the column's values into lists.")
@click.option("--strata", default=None, help="Estimate per stratum of this column (region, …); strata add up.")
@click.option("--method", type=click.Choice(["loglinear", "latent-class"]), default="loglinear", show_default=True)
@click.option("--criterion", type=click.Choice(["bic", "aic"]), default=None,
              help="Log-linear model weights (default: models/estimate.toml, bic).")
@click.option("--truth", type=click.Path(path_type=Path), default=None,
              help="truth.csv: also estimate on the true clusters and measure the run's precision and recall.")
@click.option("--labels", type=click.Path(path_type=Path), default=None,
              help="record_id,person_id of every mention of some audited people: the linkage-error "
                   "correction is measured on them (default: from the model's match probabilities).")
@click.option("--adjust/--no-adjust", default=True, show_default=True,
              help="Fold linkage error (split and merged people) into the estimate and its interval.")
@click.option("--sweep/--no-sweep", default=True, show_default=True,
              help="Re-estimate over clusterings at several thresholds (linkage error).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="The JSON to write (default RUN/estimate.json); the HTML page goes beside it.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.pass_context
@_friendly
def estimate(ctx, run, lists, mapping, strata, method, criterion, truth, labels, adjust, sweep, out, seed):
    """Estimate how many people no list names (multiple-systems estimation); writes estimate.json/.html.

    Example: linkage estimate runs/capture --truth generated/capture/truth.csv
    """
    from linkage.estimate import estimate_run, load_settings
    from linkage.estimate.output import console_tables, write

    found = estimate_run(run, lists, strata, mapping, method, truth, sweep,
                         load_settings().with_(criterion=criterion), seed, labels, adjust)
    shown = Console(width=max(Console().width, 100))
    for table in console_tables(found):
        shown.print(table)
    if found.truth:
        t, on = found.truth, found.truth["on_true_clusters"]
        click.echo(f"against {truth}: pairwise precision {t['pairwise_precision']:.4f}, recall "
                   f"{t['pairwise_recall']:.4f}; on the true clusters {on['estimate']:,.0f} "
                   f"({on['low']:,.0f}-{on['high']:,.0f})"
                   + (f"; true total {t['true_total']:,}" if "true_total" in t else ""))
    written = write(found, out)
    if out is None:  # estimate.html sits in the run folder: the report links it
        from linkage.report import write_report

        write_report(run)
    click.echo(f"wrote {', '.join(str(p) for p in written)}")


def main() -> None:
    cli(obj={}, prog_name="linkage")


if __name__ == "__main__":
    sys.exit(main())
