"""Facts stage: counts, percentages, ratios and amounts with their qualifier, unit, metric,
subject and year, and consistency checks that warn without fixing."""
