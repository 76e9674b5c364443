"""Outputs: tables, JSON and CSV on stdout; HTML graphs, exports and reports in files."""
