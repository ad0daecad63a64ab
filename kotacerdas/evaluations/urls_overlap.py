"""URL patterns of this feature; included by evaluations/urls.py."""

urlpatterns: list = []
