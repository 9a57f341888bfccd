import os

from django.core.wsgi import get_wsgi_application

from actionplan.memory import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")
application = get_wsgi_application()
tune_garbage_collection()
