"""Under /admin/xac-thuc-hai-lop/, every page behind the admin's own sign-in (admin_view: staff only, never cached,
CSRF-checked)."""

from django.contrib import admin
from django.urls import path

from newsroom.staff.second_factor import views

app_name = "second_factor"


def _staff(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path("", _staff(views.mine), name="mine"),
    path("cai-dat/", _staff(views.enrol), name="enrol"),
    path("nhap-ma/", _staff(views.verify), name="verify"),
    path("ma-du-phong/", _staff(views.recovery_codes), name="recovery_codes"),
    path("ma-du-phong/tao-moi/", _staff(views.new_recovery_codes), name="new_recovery_codes"),
    path("nhan-vien/", _staff(views.staff_list), name="staff"),
    path("nhan-vien/<int:user_id>/dat-lai/", _staff(views.reset), name="reset"),
]
