"""Synthetic corpus of Russian primary documents with ground truth (issue 3).

Entry points: :func:`ecm.corpus.generate.generate_corpus` and the typer app in
:mod:`ecm.corpus.cli`.
"""
