"""Errors of the archive object store; messages are shown to users, hence Russian."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: the store refused or failed an operation."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or is failing (network, timeout, 5xx, disk); worth retrying."""


class ObjectNotFound(StoreError):
    """No object under this key (or sha256)."""


class ObjectLocked(StoreError):
    """Deletion or overwrite refused because the object is under retention."""


class IntegrityError(StoreError):
    """The bytes do not hash to the sha256 they are stored (or offered) under."""
