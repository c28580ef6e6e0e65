"""Comparison keys shared by stages: a person's name as corrections and resolution compare it."""

from __future__ import annotations

import re
from functools import lru_cache

from .chinese import to_simplified
from .safety import identity_key


@lru_cache(maxsize=200_000)
def person_key(name: str) -> str:
    """張彬, 张\u200b彬 and 张彬 are one key; the separators of foreign names (·, •, ・, spaces) are one."""
    return re.sub(r"[\s·•‧・]", "·", to_simplified(identity_key(name)).strip())
