"""The worker's Celery application, configured from the environment (``celery -A workers.main``)."""

from __future__ import annotations

from workers.celery_app import make_celery

app = make_celery()
