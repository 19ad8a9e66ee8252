"""Libraries GX imports at its own import but that no suite here calls: loaded on first use.

`import great_expectations` imports every expectation class, and three of them
(KL divergence, the two KS-test metrics) import `altair` and `scipy.stats` at module
level, using them only inside their methods. Those two are ~40 % of GX's import (scipy.stats
~1.4 s, altair ~0.7 s of ~4-6 s wall, measured with -X importtime). `defer()` puts a
stand-in module for each into sys.modules before GX is imported; the first attribute read
on a stand-in imports the real library and forwards to it, so an expectation that does use
one works as before (test_expectations_deferred.py).

importlib.util.LazyLoader is not enough here: `import altair as alt` reads the module's
`__spec__` when it is already in sys.modules, which makes a LazyLoader module load at once.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

DEFERRED = ("altair", "scipy.stats")


class _StandIn(types.ModuleType):
    """Holds the real module's spec (read by the import system) and nothing else; any other
    attribute imports the real module."""

    def __getattr__(self, attr: str):
        return getattr(_load(self.__name__), attr)


def _load(name: str) -> types.ModuleType:
    stand_in = sys.modules.get(name)
    if isinstance(stand_in, _StandIn):
        del sys.modules[name]
        try:
            real = importlib.import_module(name)
        except BaseException:
            sys.modules[name] = stand_in
            raise
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, real)
        return real
    return importlib.import_module(name)


def defer(names: tuple[str, ...] = DEFERRED) -> list[str]:
    """Stand-ins for the modules not imported yet (the rest stay as they are); returns those deferred."""
    done = []
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)  # imports the parent package (scipy's is cheap)
        if spec is None:
            continue
        stand_in = _StandIn(name)
        stand_in.__spec__ = spec
        stand_in.__file__ = spec.origin
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, stand_in)
        done.append(name)
    return done


def loaded(name: str) -> bool:
    """Whether the real module has been imported (not only its stand-in)."""
    return name in sys.modules and not isinstance(sys.modules[name], _StandIn)
