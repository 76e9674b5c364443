"""Analyses over a store: find, path, communities, mules, organisers, trace, case linking."""
