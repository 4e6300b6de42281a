"""The process-wide handles built from settings: database and object store."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from archive.db import Database, upgrade
from archive.objectstore import ObjectStore, open_store
from ecm.pipeline.process import Outcome, process_document
from ecm.pipeline.recognize import RecognizeOptions
from ecm.settings import Settings, get_settings


@dataclass
class AppContext:
    settings: Settings = field(default_factory=get_settings)

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.resolved_database_url)

    @cached_property
    def store(self) -> ObjectStore:
        return open_store(self.settings)

    @cached_property
    def recognize_options(self) -> RecognizeOptions:
        return RecognizeOptions.from_settings(self.settings)

    def process(self, doc_id: str) -> Outcome:
        """Recognize and register one stored document with this process's settings."""
        return process_document(
            doc_id,
            db=self.db,
            store=self.store,
            options=self.recognize_options,
            review_threshold=self.settings.review_threshold,
            org_inn=self.settings.org_inn,
        )

    def prepare(self) -> None:
        """Create the data folder and bring the schema up to date (idempotent)."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(self.settings.resolved_database_url)

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
