"""eventwire's knowledge: data files (TSV/YAML) under this folder, plus :mod:`.compiled`, the readers
of the files compiled from the field's public dictionaries (see docs/knowledge.md)."""
