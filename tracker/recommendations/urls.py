from django.urls import path

from . import review_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/new/", review_views.recommendation_new, name="recommendation_new"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation_status"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("recommendations/<int:pk>/correct/", views.recommendation_correct, name="recommendation_correct"),
    path("recommendations/<int:pk>/delete/", views.recommendation_delete, name="recommendation_delete"),
    path("recommendations/<int:pk>/deleted/", views.recommendation_deleted, name="recommendation_deleted"),
    path("recommendations/<int:pk>/restore/", views.recommendation_restore, name="recommendation_restore"),
    path("recommendations/<int:pk>/merge/", views.recommendation_merge, name="recommendation_merge"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("sources/<int:pk>/review/", review_views.review_page, name="review"),
    path("sources/<int:pk>/review/act/", review_views.review_action, name="review_action"),
    path("sources/<int:pk>/review/accept-all/", review_views.review_accept_all, name="review_accept_all"),
    path("sources/<int:pk>/review/mark/", review_views.review_mark, name="review_mark"),
    path("sources/<int:pk>/paragraphs/<int:number>/track/", review_views.track_paragraph, name="track_paragraph"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
]
