"""Evaluation against hand-labelled gold (the scoring contract of gold-format.md §5).

goldfile.py reads and validates gold lines; annotations.py compiles the human authoring
format into them; score.py scores predictions; baseline.py gives underthesea's row;
report.py prints the table and writes the JSON and HTML reports.
"""
