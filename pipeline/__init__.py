"""vnie: information extraction from Vietnamese news about Party building.

The pipeline is a list of stages (see `pipeline.stages`); data flows one way through them.
"""

__version__ = "0.1.0"
