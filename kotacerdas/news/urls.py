from django.urls import path

from kotacerdas.news import views

app_name = "news"

# Fixed paths first: a post's slug can never take one of them (models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.post_list, name="post_list"),
    path("manage/", views.post_manage, name="post_manage"),
    path("manage/new/", views.post_create, name="post_create"),
    path("manage/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("moderation/", views.moderation, name="moderation"),
    path("images/<int:pk>/", views.image, name="image"),
    path("quick-wins/<int:pk>/", views.quick_win_feedback, name="quick_win_feedback"),
    path("quick-wins/<int:pk>/rate/", views.feedback_add, name="feedback_add"),
    path("regions/<str:code>/feedback/", views.region_feedback, name="region_feedback"),
    path("<slug:slug>/", views.post_detail, name="post_detail"),
    path("<slug:slug>/comment/", views.comment_add, name="comment_add"),
]
