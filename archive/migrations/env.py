"""Alembic environment: runs on the connection archive.db.upgrade hands over, or its own."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from archive.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    engine = create_engine(url)
    with engine.begin() as own:
        _run(own)
    engine.dispose()
