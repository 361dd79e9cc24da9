"""Resolving names against large reference data: the gazetteer (a SQLite index of GeoNames places
and the shipped place lists, :mod:`.gazetteer`) and toponym resolution (:mod:`.geocode`). Shared by
the places stage, evaluation and the command line; the index folder is named by the configuration."""
