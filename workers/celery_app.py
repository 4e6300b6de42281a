"""The Celery application: broker from settings, a local folder queue by default."""

from __future__ import annotations

from celery import Celery

from ecm.settings import Settings, get_settings

PROCESS_TASK = "ecm.process_document"
QUEUE = "documents"


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("ecm", broker=settings.resolved_broker_url, include=["workers.tasks"])
    app.conf.update(
        task_default_queue=QUEUE,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_serializer="json",
        accept_content=["json"],
    )
    if app.conf.broker_url.startswith("filesystem"):
        queue_dir = settings.broker_folder / "queue"
        processed = settings.broker_folder / "processed"
        control = settings.broker_folder / "control"
        for folder in (queue_dir, processed, control):
            folder.mkdir(parents=True, exist_ok=True)
        app.conf.broker_transport_options = {
            "data_folder_in": str(queue_dir),
            "data_folder_out": str(queue_dir),
            "processed_folder": str(processed),
            "control_folder": str(control),
            "store_processed": False,
        }
    else:
        # Redis redelivers an unacked task after this long; it must exceed the longest task.
        app.conf.broker_transport_options = {"visibility_timeout": 6 * 3600}
    return app


def time_limits(pages: int, settings: Settings) -> tuple[int, int]:
    """Soft and hard time limits for a document of ``pages`` pages."""
    soft = 30 + settings.page_time_limit * max(1, pages)
    return soft, soft + 30
