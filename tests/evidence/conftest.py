from tests.recommendations.conftest import (  # noqa: F401
    client_as,
    person,
    recommendation,
    report,
)
