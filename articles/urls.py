from django.urls import path

from articles import beacon, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("the/<slug:tag_slug>/", views.tag_detail, name="tag"),
    path("tac-gia/<slug:author_slug>/", views.author_detail, name="author"),
    path("cai-chinh/", views.corrections_list, name="corrections"),
    path("xem-nhieu/", views.most_viewed, name="most_viewed"),
    path("tim-kiem/", views.search, name="search"),
    path("api/xem/", beacon.view_beacon, name="view_beacon"),
    path("api/xem/<int:article_id>.gif", beacon.view_pixel, name="view_pixel"),
    path("xem-truoc/bai/<int:pk>/", views.article_preview, name="preview"),
    # A token is URL-safe base64 and ':' (django.core.signing), never '/'.
    path("xem-truoc/<str:token>/", views.article_preview_shared, name="preview_shared"),
    path("<slug:section_slug>/", views.section_detail, name="section"),
    path("<slug:section_slug>/<slug:slug>-<int:pk>/", views.article_detail, name="detail"),
]
