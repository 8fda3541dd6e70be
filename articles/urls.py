from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("the/<slug:tag_slug>/", views.tag_detail, name="tag"),
    path("tac-gia/<slug:author_slug>/", views.author_detail, name="author"),
    path("<slug:section_slug>/", views.section_detail, name="section"),
    path("<slug:section_slug>/<slug:slug>-<int:pk>/", views.article_detail, name="detail"),
]
