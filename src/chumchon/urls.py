"""URL map: each app owns its own ``urls.py`` under a prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from chumchon.accounts import views as accounts_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("chumchon.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The language switch of the public pages' cached copies, which carry no CSRF token (they are the same
    # bytes for every visitor, portal.pagecache). All it can do is set the language cookie of the browser
    # that posts, so a cross-site post could at worst switch a visitor's language.
    path("i18n/public/", csrf_exempt(set_language), name="set_language_public"),
    path("jobs/", include("chumchon.core.urls")),
    path("areas/", include("chumchon.areas.urls")),
    path("audit/", include("chumchon.audit.urls")),
    path("organizations/", include("chumchon.organizations.urls")),
    path("poverty/", include("chumchon.poverty.urls")),
    path("capital/", include("chumchon.capital.urls")),
    path("indicators/", include("chumchon.indicators.urls")),
    path("budgets/", include("chumchon.budgets.urls")),
    path("plans/", include("chumchon.plans.urls")),
    path("projects/", include("chumchon.projects.urls")),
    path("meetings/", include("chumchon.meetings.urls")),
    path("public/", include("chumchon.portal.urls")),
    path("relief/", include("chumchon.relief.urls")),
    path("assessment/", include("chumchon.assessment.urls")),
    path("reports/", include("chumchon.reports.urls")),
    path("search/", include("chumchon.search.urls")),
    path("api/", include("chumchon.api.urls")),
    path("admin/", admin.site.urls),
]
