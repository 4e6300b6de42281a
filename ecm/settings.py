"""All configuration, read from the environment (prefix ``ECM_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from recognizers.review import REVIEW_THRESHOLD


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ECM_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path("./var"), description="embedded journal, archive, broker")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite by default")
    broker_url: str | None = Field(
        default=None, description="Celery broker; local folder by default"
    )

    s3_endpoint: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_bucket: str = "ecm-archive"
    s3_secure: bool = False
    s3_region: str = "us-east-1"

    max_upload_mb: int = 100
    max_request_mb: int = 500
    max_files_per_upload: int = 100
    max_image_pixels: int = 120_000_000
    max_pages: int = 500
    page_time_limit: int = 120
    task_max_retries: int = 5
    default_retention_years: int = 5

    # The organization the archive belongs to: tells the counterparty side of a document and
    # names files for the tax office (ст. 93 НК: KD_O_P_N1_GGGGMMDD_N2).
    org_inn: str | None = Field(default=None, pattern=r"^(\d{10}|\d{12})$")
    org_kpp: str | None = Field(default=None, pattern=r"^\d{4}[0-9A-Z]{2}\d{3}$")
    tax_office: str | None = Field(default=None, pattern=r"^\d{4}$", description="код ИФНС")
    fns_knd: str = Field(default="0160", pattern=r"^\d{4,7}$")
    search_max_page_size: int = 200

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    worker_concurrency: int = 1
    ocr_languages: str = "rus+eng"
    ocr_dpi: int = 300
    # Fields and a class at or over this skip review (recognizers/fields/confidence.py).
    review_threshold: float = REVIEW_THRESHOLD

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'journal.sqlite3').resolve()}"

    @property
    def broker_folder(self) -> Path:
        return (self.data_dir / "broker").resolve()

    @property
    def resolved_broker_url(self) -> str:
        return self.broker_url or "filesystem://"

    @property
    def archive_dir(self) -> Path:
        return (self.data_dir / "archive").resolve()

    @property
    def uses_s3(self) -> bool:
        return bool(self.s3_endpoint and self.s3_access_key and self.s3_secret_key)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
