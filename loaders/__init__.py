"""Source adapters: read case files, detect their kind, map their columns."""
