"""``ecm recognize``: cards for files, printed, with no side effects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ecm.cli.common import advance, err, expand_paths, out, parallel_map, progress_bar
from ecm.pipeline.recognize import recognize_file
from recognizers.card import Card
from recognizers.errors import BadDocument
from recognizers.ocr import OcrUnavailable


def _recognize_one(path: str) -> tuple[str, dict[str, object] | None, str | None]:
    try:
        card: Card = recognize_file(Path(path))
        return path, card.to_json_dict(), None
    except BadDocument as exc:
        return path, None, exc.message
    except OcrUnavailable as exc:
        return path, None, f"распознавание недоступно: {exc}"
    except OSError as exc:
        return path, None, f"не удалось прочитать файл: {exc.strerror or exc}"


def recognize(
    files: Annotated[list[Path], typer.Argument(help="файлы или папки")],
    as_json: Annotated[bool, typer.Option("--json", help="по карточке JSON на строку")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="процессов")] = 1,
) -> None:
    """Распознать файлы и напечатать карточки документов (ничего не сохраняет)."""
    paths = [str(p) for p in expand_paths(files)]
    if not paths:
        raise typer.Exit(0)
    failures = 0
    table = Table("Файл", "Вид", "Статус УПД", "Уверенность", "Стр.", "Текст")
    with progress_bar(len(paths), "Распознавание") as progress, parallel_map(jobs) as pmap:
        for path, card, problem in pmap(_recognize_one, paths):
            advance(progress)
            if card is None:
                failures += 1
                err.print(f"[red]{path}:[/red] {problem}")
                continue
            if as_json:
                print(json.dumps(card, ensure_ascii=False), flush=True)
            else:
                table.add_row(
                    path,
                    str(card["doc_type"]),
                    str(card.get("upd_status") or ""),
                    f"{card['confidence']:.2f}",
                    str(card["pages"]),
                    str(card.get("text_source", "")),
                )
    if not as_json:
        out.print(table)
    raise typer.Exit(1 if failures else 0)
