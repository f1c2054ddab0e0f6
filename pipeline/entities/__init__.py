"""Entities stage: organisations, documents, persons and places, and the article's province."""
