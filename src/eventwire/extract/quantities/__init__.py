"""The quantities family: stage ``quantities.rules.v1`` (:mod:`.stage`), category rules (:mod:`.category`) and its
word-list loader (:mod:`.words`)."""
