"""``ecm corpus generate``: a synthetic evaluation corpus with truth.jsonl."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from ecm.corpus.generate import PROFILES, generate_corpus

app = typer.Typer(help="Synthetic Russian primary documents with ground truth.",
                  no_args_is_help=True)


@app.callback()
def _main() -> None:
    """Keep `generate` a sub-command even though it is the only one."""


@app.command()
def generate(
    out: Path = typer.Option(..., "--out", help="output folder"),
    per_type: int = typer.Option(20, "--per-type", min=1, help="documents per class"),
    seed: int = typer.Option(0, "--seed", help="same seed, same corpus"),
    profiles: str = typer.Option(",".join(PROFILES), "--profiles",
                                 help="comma-separated: " + ",".join(PROFILES)),
    jobs: int = typer.Option(1, "--jobs", min=1, help="worker processes"),
) -> None:
    """Generate PER_TYPE documents of each of the six classes into OUT."""
    chosen = [p.strip() for p in profiles.split(",") if p.strip()]
    bad = [p for p in chosen if p not in PROFILES]
    if bad:
        raise typer.BadParameter(f"unknown profile(s): {', '.join(bad)}", param_hint="--profiles")
    console = Console()
    start = time.monotonic()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("generating", total=per_type * 6)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        path = generate_corpus(out, per_type, seed, chosen, jobs, step)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_profile = Counter(r["profile"] for r in rows)
    console.print(f"{len(rows)} documents in {out} ({time.monotonic() - start:.1f} s); "
                  f"truth: {path}")
    console.print("profiles: " + ", ".join(f"{k} {v}" for k, v in sorted(by_profile.items())))


if __name__ == "__main__":
    app()
