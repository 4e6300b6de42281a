"""Accountant's checks: requisites checksums, arithmetic of lines and totals, VAT by date.

Each check is pure and returns either a boolean or ``CardIssue`` objects with Russian messages;
extraction uses the booleans to choose among OCR alternatives and to set confidences.
"""
