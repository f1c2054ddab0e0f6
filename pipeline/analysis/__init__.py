"""What analysts use on a run's output: SQL views, queries, ready reports, article pages."""

FORMATS = ("table", "csv", "json")  # how `vnie query` and `vnie report` print their rows
