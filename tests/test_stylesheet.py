"""The one stylesheet: a missing brace silently drops every rule after it, so check its structure."""

import re
from pathlib import Path

from django.conf import settings

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "tracker.css").read_text()


def test_braces_balance_and_media_blocks_close():
    depth = 0
    for number, line in enumerate(CSS.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number}: a closing brace too many"
        assert depth <= 2, f"line {number}: a block opened inside a rule (missing closing brace above?)"
    assert depth == 0


def test_every_colour_variable_used_is_defined():
    defined = set(re.findall(r"(--[\w-]+)\s*:", CSS))
    used = set(re.findall(r"var\((--[\w-]+)", CSS))
    assert used <= defined, used - defined
