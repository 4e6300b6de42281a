"""Evaluation of recognition against a labelled set: ``ecm eval DIR``.

``score`` and ``aggregate`` are pure; ``runner`` recognizes files; ``cli`` is the command.
"""
