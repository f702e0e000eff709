"""/api/… — the django-ninja API (see ``chumchon.api.main``)."""

from chumchon.api.main import api

app_name = "api"
urlpatterns = api.urls[0]
