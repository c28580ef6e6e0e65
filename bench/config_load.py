"""How long config.load takes in a fresh process: `python bench/config_load.py [PROJECT]`.

Prints wall and CPU time (the CPU time is the steadier figure on a shared machine). Run it from a
tree whose `generator` package should be measured (PYTHONPATH=that tree to measure another one).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

wall, cpu = time.perf_counter(), time.process_time()
from generator import config  # noqa: E402 - its import is part of what is measured

config.load(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
jieba = type(sys.modules.get("jieba")).__name__
print(f"config.load: wall {time.perf_counter() - wall:.3f} s, cpu {time.process_time() - cpu:.3f} s (jieba: {jieba})")
