"""Filled in by the urls_progress pages."""

urlpatterns = []
