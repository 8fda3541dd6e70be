"""The demo paper's particulars for the footer (Press Law, Art. 46): plausible for a provincial paper, not real."""

from datetime import date

from django.conf import settings

from articles.models import SiteSettings

DEMO_SITE_SETTINGS = {
    "paper_name_en": "Dong Nai Newspaper",
    "governing_body": "Tỉnh ủy Đồng Nai",
    "governing_body_en": "Đồng Nai Provincial Party Committee",
    "licence_number": "125/GP-BTTTT",
    "licence_date": date(2021, 3, 15),
    "licence_issuer": "Bộ Thông tin và Truyền thông",
    "licence_issuer_en": "Ministry of Information and Communications",
    # The demo's editor-in-chief account (users.py) is this person.
    "editor_in_chief": "Nguyễn Văn An",
    "deputy_editors": "Trần Quang Vinh\nĐỗ Thị Mai Phương",
    "address": "Số 12 đường Võ Thị Sáu, phường Biên Hòa, tỉnh Đồng Nai",
    "address_en": "12 Vo Thi Sau Street, Bien Hoa Ward, Dong Nai Province",
    "phone": "(0251) 3846 200",
    "email": "toasoan@baodongnai.test",
}


def ensure_site_settings() -> int:
    """Fill the empty particulars with the demo's; returns how many were filled. What an administrator
    entered is never replaced, so a second run fills nothing."""
    row = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_ID).first()
    if row is None:
        # Normally made by migration 0008; a database emptied by hand gets it back here.
        row = SiteSettings(paper_name=settings.NEWSROOM_SITE_NAME)
    filled = [name for name, value in DEMO_SITE_SETTINGS.items() if not str(getattr(row, name) or "").strip()]
    for name in filled:
        setattr(row, name, DEMO_SITE_SETTINGS[name])
    if filled or row._state.adding:
        row.full_clean()
        row.save()
    return len(filled)
