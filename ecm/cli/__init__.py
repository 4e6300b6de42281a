"""The ``ecm`` command line."""

from __future__ import annotations

import typer

from ecm.cli import export, ingest, journal, recognize, review, search, serve, verify
from ecm.corpus.cli import app as corpus_app
from ecm.evaluation.cli import eval_command

app = typer.Typer(
    name="ecm",
    help="ecm: приём, распознавание и архив первичных документов.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("recognize")(recognize.recognize)
app.command("ingest")(ingest.ingest)
app.command("requeue")(ingest.requeue)
app.command("run")(serve.run)
app.command("api")(serve.api)
app.command("worker")(serve.worker)
app.command("migrate")(serve.migrate)
app.add_typer(journal.nomenclature_app, name="nomenclature")
app.add_typer(journal.retention_app, name="retention")
app.command("register")(journal.register)
app.add_typer(review.review_app, name="review")
app.command("verify")(verify.verify)
app.command("search")(search.search_command)
app.command("export")(export.export)
app.add_typer(corpus_app, name="corpus", help="Генератор размеченных тестовых документов.")
app.command("eval")(eval_command)


def main() -> None:
    app()
