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


def rules():
    """(selector, body) of every rule, media blocks included."""
    flat = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    flat = re.sub(r"@media[^{]*\{", "", flat)
    return [(selector.strip(), body) for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", flat)]


def selectors():
    return [part.strip() for selector, _ in rules() for part in selector.split(",")]


def test_shared_utilities_are_defined_once():
    for utility in (".visually-hidden", ".muted", ".panel", ".meta", ".tag"):
        assert sum(1 for s in selectors() if s == utility) == 1, utility


def test_component_classes_are_styled_only_inside_their_component():
    # These classes mean different things on different pages (a suggested passage on a recommendation's page,
    # the count of suggestions in a list row): a bare rule for one would restyle the other.
    for name in ("suggested", "stance-supports", "stance-undercuts", "stance-context", "review", "score", "item"):
        bare = [s for s in selectors() if re.match(rf"^[a-z]*\.{name}\b", s)]
        assert bare == [], f"unscoped rule for .{name}: {bare}"
