"""Two publishing units: the first (county) unit and a town below it."""

from tests.feature_units import county, town, town_office  # noqa: F401
