from django.urls import path

from chumchon.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/digest/", views.digest_toggle, name="digest"),
    path("me/api-keys/", views.token_create, name="token_create"),
    path("me/api-keys/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
