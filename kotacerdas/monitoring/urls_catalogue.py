"""Filled in by the urls_catalogue pages."""

urlpatterns = []
