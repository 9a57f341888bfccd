"""How the app's processes collect garbage: set once the app is loaded (actionplan.wsgi, and
the benchmarks, which measure pages as the server serves them)."""

import gc

# A page allocates tens of thousands of short-lived objects: collecting every 700 allocations
# (Python's default) ran several collections a request, each walking what survived.
ALLOCATIONS_BETWEEN_COLLECTIONS = 10_000


def tune_garbage_collection() -> None:
    """Freeze the loaded app (modules, models, settings: ~135,000 objects that never become
    garbage, yet every full collection walked them) and collect less often (bench/load.py:
    GC from ~4 ms of a page to under 1 ms)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(ALLOCATIONS_BETWEEN_COLLECTIONS, 20, 20)
