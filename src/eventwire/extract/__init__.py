"""Extraction stages. Each module registers one stage with :func:`eventwire.pipeline.stage`.

Stages work on the plain :class:`eventwire.nlp.Parsed` document and character offsets, never on
spaCy objects.
"""
