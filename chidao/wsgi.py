import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")

from chidao.startup import _refuse_without_key

_refuse_without_key()
application = get_wsgi_application()
