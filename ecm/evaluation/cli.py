"""``ecm eval DIR``: recognize an evaluation set and print its scores.

The main CLI mounts ``eval_command`` (``app.command("eval")(eval_command)``); ``app`` here runs
it standalone: ``python -m ecm.evaluation.cli DIR``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ecm.evaluation.html_report import write_report
from ecm.evaluation.models import EvalReport
from ecm.evaluation.runner import RecognizeFn, evaluate
from ecm.evaluation.table import print_report
from ecm.evaluation.truth import TruthError
from ecm.pipeline.recognize import recognize_file

app = typer.Typer(add_completion=False, no_args_is_help=True)


def run(
    set_dir: Path,
    *,
    jobs: int,
    threshold: float | None,
    limit: int | None,
    recognize: RecognizeFn | None = None,
    show_progress: bool = True,
) -> EvalReport:
    """``evaluate`` with a rich progress bar on stderr (stdout stays clean for ``--json``).

    ``recognize`` defaults to this module's ``recognize_file``, looked up at call time.
    """
    progress = Progress(
        TextColumn("recognizing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        disable=not show_progress,
    )
    task = progress.add_task("", total=None)

    def start(total: int) -> None:
        # Started only once the truth file has been read, so an error prints without a bar.
        progress.update(task, total=total)
        progress.start()

    try:
        return evaluate(
            set_dir,
            jobs=jobs,
            threshold=threshold,
            limit=limit,
            recognize=recognize or recognize_file,
            on_start=start,
            on_done=lambda name: progress.update(task, advance=1, description=name),
        )
    finally:
        progress.stop()


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(f"[red]ecm eval:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@app.command("eval")
def eval_command(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Evaluation set: files plus truth.jsonl.")
    ],
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes for recognition.")
    ] = 1,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write an HTML report to this file.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON instead of tables.")
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.0,
            max=1.0,
            help="Field confidence needed to skip review (default: ECM_REVIEW_THRESHOLD setting).",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N documents.")
    ] = None,
    worst: Annotated[
        int, typer.Option("--worst", min=0, help="Worst documents shown in the HTML report.")
    ] = 20,
) -> None:
    """Recognize every file in DIR and score it against DIR/truth.jsonl."""
    try:
        result = run(directory, jobs=jobs, threshold=threshold, limit=limit)
    except TruthError as exc:
        raise _fail(str(exc)) from None
    if report is not None:
        try:
            write_report(result, directory, report, worst=worst)
        except OSError as exc:
            raise _fail(f"cannot write the report {report}: {exc}") from None
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print_report(result)
        if report is not None:
            typer.echo(f"HTML report: {report}")


if __name__ == "__main__":
    app()
