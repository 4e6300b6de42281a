"""Minimal web pages for people: upload files and watch their status; review unsure cards."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index() -> str:
    return files("ecm.api").joinpath("index.html").read_text(encoding="utf-8")


@router.get("/review", response_class=HTMLResponse)
def review_page() -> str:
    return files("ecm.api").joinpath("review.html").read_text(encoding="utf-8")
