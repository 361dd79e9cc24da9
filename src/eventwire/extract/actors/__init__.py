"""The actors family: stage ``actors.rules.v1`` (:mod:`.stage`) and the actor knowledge base it reads (:mod:`.kb`)."""
