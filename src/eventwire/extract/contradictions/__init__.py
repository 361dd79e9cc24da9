"""The contradictions family: stage ``contradictions.rules.v1`` (:mod:`.stage`)."""
