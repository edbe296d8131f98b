"""Extension points, so that a lower app can show what a higher one owns without importing it.

The apps stand in one order: accounts ← sources ← recommendations ← evidence ← jobs, digests. An app
imports only the apps below it. Where a lower app's page or rule must include something a higher app
owns (the evidence panel on a recommendation's page, the citations on a source's page), the lower app
declares a Hook in its `hooks.py` and calls it; the higher app registers a function there from its
AppConfig.ready(). Reading the lower app's `hooks.py` tells what can be added to it.
"""


class Hook:
    """An ordered list of functions that apps above register into, and the owner calls."""

    def __init__(self, description):
        self.description = description
        self._functions = []

    def register(self, function):
        """Add a function (once, whatever the number of calls); usable as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __iter__(self):
        return iter(list(self._functions))

    def __repr__(self):
        return f"<Hook: {self.description}>"
