"""URL patterns of this feature; included by masterplans/urls.py under <int:pk>/."""

urlpatterns: list = []
