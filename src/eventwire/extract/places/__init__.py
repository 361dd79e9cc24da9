"""The places family: stage ``places.gazetteer.v1`` (:mod:`.stage`) over the gazetteer of :mod:`eventwire.resolve`,
and the words that are never a place alone (:mod:`.words`)."""
