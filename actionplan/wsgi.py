import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")
application = get_wsgi_application()

# The loaded app (modules, models, settings: ~135,000 objects) never becomes garbage, yet every
# full collection walks it: freeze it out of the collector's view. A page allocates tens of
# thousands of short-lived objects, so collecting every 700 allocations (the default) ran
# ~3 collections a request; every 10,000 keeps GC under 1 ms of a page (bench/load.py).
gc.collect()
gc.freeze()
gc.set_threshold(10_000, 20, 20)
