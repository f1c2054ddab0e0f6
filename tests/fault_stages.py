"""Article stages that really fail, for the fault tests: added to a run's stages, they reach
worker processes like the real ones (module-level functions, imported there by name).

An article whose text holds `POISON` kills the process that processes it, as a crash in C
would; one whose text holds `STALL` keeps its worker busy in Python far past any budget.
"""

from __future__ import annotations

import os
import time

from pipeline.models import Article

POISON = "VNIE-TEST-POISON"
STALL = "VNIE-TEST-STALL"


def die_on_poison(article: Article) -> Article:
    if POISON in article.text:
        os._exit(1)
    return article


def stall_on_marker(article: Article) -> Article:
    if STALL in article.text:
        for _ in range(6000):       # a minute in short sleeps, so a budget in a thread can interrupt it too
            time.sleep(0.01)
    return article
