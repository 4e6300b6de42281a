"""The HTTP side of the S3 client: the connection pool's timeouts and retries, and the
endpoint as operators write it."""

from __future__ import annotations

import os

import certifi
import urllib3


def http_pool(connect_timeout: float, read_timeout: float, retries: int) -> urllib3.PoolManager:
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
        maxsize=10,
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        # Reads are not retried: a hung server would cost the read timeout once per retry.
        retries=urllib3.Retry(
            total=retries,
            connect=retries,
            read=0,
            backoff_factor=0.2,
            status_forcelist=[500, 502, 503, 504],
        ),
    )


def split_scheme(endpoint: str, secure: bool) -> tuple[str, bool]:
    """Accept ``http://host:port`` too: operators paste URLs, the SDK wants ``host:port``."""
    for scheme, is_secure in (("https://", True), ("http://", False)):
        if endpoint.lower().startswith(scheme):
            return endpoint[len(scheme) :].rstrip("/"), is_secure
    return endpoint.rstrip("/"), secure
