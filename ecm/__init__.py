"""ecm: document processing and financial archive service."""

__version__ = "0.1.0"
