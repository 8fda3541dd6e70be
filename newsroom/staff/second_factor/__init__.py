"""The staff's second factor: after the password, a six-digit code from an authenticator app (TOTP) or a
one-time recovery code, before any admin page.

policy.py says who must have it and does what is done to devices (enrol, verify, recovery codes, reset);
middleware.py holds every admin page and staff-only endpoint behind it; views.py and urls.py are the pages a
person sees (enrol, enter a code, their own page, the superuser's reset). The devices are django-otp's own
models (otp_totp, otp_static): this package adds none.
"""
