"""The places family: stage ``places.gazetteer.v1`` (:mod:`.stage`) over the gazetteer of :mod:`eventwire.resolve`."""

from .stage import geoparse, not_place_words

__all__ = ["geoparse", "not_place_words"]
