"""This deployment's copy of the guide's reference data.

The engine's loader (hireplan/engine/reference.py) reads whatever folder it is given; the hub
gives it settings.REFERENCE_DIRECTORY (fixtures/reference) and keeps the one validated copy
every request shares. The start-up check (hireplan/checks.py) validates the same folder.
"""

from functools import cache

from django.conf import settings

from hireplan.engine import reference
from hireplan.engine.reference import Reference


@cache
def load_reference() -> Reference:
    return reference.load_reference(settings.REFERENCE_DIRECTORY)
