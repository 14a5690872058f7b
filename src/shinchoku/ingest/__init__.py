"""Ingest: files, forms and statistics into core values, or every problem with its place."""
