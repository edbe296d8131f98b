import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

REPORT = """Keeping the Baltic grid safe

Undersea cables and electricity networks in the Baltic Sea have been damaged several times this year.

Recommendations

- Governments should share sabotage warnings about undersea cables with grid operators within a day.
- The European Union should fund spare cable repair ships for the Baltic Sea.
"""


@pytest.fixture
def report_file():
    def make(text=REPORT, name="baltic.txt"):
        return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")

    return make


@pytest.fixture
def brief_source(seeded):
    """The seed policy brief (tests/conftest.py's `brief` joins its three recommendations and finds it thrice)."""
    from tracker.sources.models import Source

    return Source.objects.get(team=seeded, title__startswith="Will the Trump")
