"""Filled in by the urls_values pages."""

urlpatterns = []
