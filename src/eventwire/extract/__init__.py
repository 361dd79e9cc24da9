"""Extraction stages, one folder per stage family (``actors/``, ``events/``, ``quotes/``,
``quantities/``, ``places/``, ``contradictions/``), each with its stage (``stage.py``, a ``StageSpec``
named ``SPEC`` registered through the ``eventwire.stages`` entry points), its knowledge loader and its
tests; helpers several families share live in ``common/``. Families never import each other.

Stages work on the plain :class:`eventwire.nlp.Parsed` document and character offsets, never on
spaCy objects.
"""
