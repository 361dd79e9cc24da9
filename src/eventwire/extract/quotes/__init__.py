"""The quotes family: stage ``quotes.rules.v2`` (:mod:`.stage`) built from cue candidates (:mod:`.candidates`),
channels (:mod:`.channels`), quoted passages (:mod:`.marks`, :mod:`.attach`) on one document view (:mod:`.view`).
Its lexicon is shared with the contradictions stage, so it lives below both (:mod:`eventwire.extract.common.quote_lexicon`)."""
