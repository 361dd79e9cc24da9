"""The events family: stage ``events.rules.v1`` (:mod:`.stage`), predicate arguments (:mod:`.args`), dates
and contexts (:mod:`.timing`) and its lexicon loader (:mod:`.lexicon`)."""
