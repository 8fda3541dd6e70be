"""django-otp's own device pages leave the admin: they speak English, show the secret key, and let a superuser
type a device in by hand. The superuser's page for staff (views.staff_list) resets a lost phone instead."""

from django.contrib import admin
from django_otp.plugins.otp_static import admin as _static_admin  # noqa: F401 - registered first, so it can be undone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
