"""URL map: each app owns its own ``urls.py`` under a prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chumchon.accounts import views as accounts_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("chumchon.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jobs/", include("chumchon.core.urls")),
    path("areas/", include("chumchon.areas.urls")),
    path("audit/", include("chumchon.audit.urls")),
    path("organizations/", include("chumchon.organizations.urls")),
    path("poverty/", include("chumchon.poverty.urls")),
    path("budgets/", include("chumchon.budgets.urls")),
    path("projects/", include("chumchon.projects.urls")),
    path("meetings/", include("chumchon.meetings.urls")),
    path("api/", include("chumchon.api.urls")),
    path("admin/", admin.site.urls),
]
