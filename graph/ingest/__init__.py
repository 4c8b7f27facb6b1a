"""Ingest: a file -> a Document (canonical text, sections, tables)."""
