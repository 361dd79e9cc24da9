"""Helpers several stage families share; they import no stage. Dates (:mod:`.dates`) and the quote
lexicon the quotes and contradictions stages both read (:mod:`.quote_lexicon`)."""
