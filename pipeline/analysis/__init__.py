"""What analysts use on a run's output: SQL views, queries, ready reports, article pages."""
