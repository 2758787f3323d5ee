"""Places: a GeoNames gazetteer and the toponym resolver behind the ``places.v1`` layer."""

from accord.geo.gazetteer import Entry, Gazetteer, load_gazetteer, normalize
from accord.geo.places import find_places

__all__ = ["Entry", "Gazetteer", "find_places", "load_gazetteer", "normalize"]
