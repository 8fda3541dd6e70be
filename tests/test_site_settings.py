"""The paper's particulars (Press Law, Art. 46): one row the admin edits, printed in every page's footer from the
cache, in the edition's language, and never at the price of a page when the cache is down."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles import site_settings
from articles.models import SiteSettings
from articles.roles import EDITOR, EDITOR_IN_CHIEF, REPORTER
from articles.site_settings import CACHE_KEY, masthead_for, site_settings_current
from tests import factories

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("admin:articles_sitesettings_change", args=[1])
CHANGELIST_URL = reverse("admin:articles_sitesettings_changelist")

FILLED = {
    "paper_name": "Báo Đồng Nai Điện Tử",
    "paper_name_en": "Dong Nai Online",
    "governing_body": "Tỉnh ủy Đồng Nai",
    "governing_body_en": "Dong Nai Provincial Party Committee",
    "licence_number": "125/GP-BTTTT",
    "licence_date": date(2021, 3, 15),
    "licence_issuer": "Bộ Thông tin và Truyền thông",
    "licence_issuer_en": "Ministry of Information and Communications",
    "editor_in_chief": "Nguyễn Văn An",
    "deputy_editors": "Trần Quang Vinh\n\n  Đỗ Thị Mai Phương  ",
    "address": "Số 12 đường Võ Thị Sáu, phường Biên Hòa, tỉnh Đồng Nai",
    "address_en": "12 Vo Thi Sau Street, Bien Hoa Ward, Dong Nai",
    "phone": "(0251) 3846 200",
    "email": "toasoan@baodongnai.test",
}
# What a Vietnamese page prints of FILLED (the English-only values must not appear there).
PRINTED_VI = [
    "Báo Đồng Nai Điện Tử",
    "Tỉnh ủy Đồng Nai",
    "125/GP-BTTTT",
    "15/03/2021",
    "Bộ Thông tin và Truyền thông",
    "Nguyễn Văn An",
    "Trần Quang Vinh, Đỗ Thị Mai Phương",
    "Số 12 đường Võ Thị Sáu, phường Biên Hòa, tỉnh Đồng Nai",
    '<a href="tel:02513846200">(0251) 3846 200</a>',
    '<a href="mailto:toasoan@baodongnai.test">toasoan@baodongnai.test</a>',
]
ENGLISH_ONLY = ["Dong Nai Online", "Dong Nai Provincial Party Committee", "Ministry of Information", "12 Vo Thi Sau"]
# Fields printed as "label: value" (the licence line and the name carry no label).
LABELLED = ["governing_body", "editor_in_chief", "deputy_editors", "address", "phone", "email"]


def _fill(**values) -> SiteSettings:
    row = SiteSettings.objects.get(pk=1)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def _footer(page: str) -> str:
    return page[page.index('<footer class="site-footer">') : page.index("</footer>")]


def _get_footer(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return _footer(response.content.decode())


def _sitesettings_queries(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries if "articles_sitesettings" in query["sql"]]


# ---------------------------------------------------------------------------------------------------
# The row
# ---------------------------------------------------------------------------------------------------


def test_a_fresh_install_has_one_row_named_as_the_site_was_until_now(settings):
    row = SiteSettings.objects.get()
    assert row.pk == 1
    assert row.paper_name == settings.NEWSROOM_SITE_NAME
    empty = [field.name for field in SiteSettings._meta.concrete_fields if field.name not in ("id", "paper_name")]
    assert all(getattr(row, name) in ("", None) for name in empty if name != "updated_at")


def test_there_is_only_ever_one_row():
    SiteSettings(paper_name="Tên khác").save()  # a second instance is the same row
    assert list(SiteSettings.objects.values_list("pk", "paper_name")) == [(1, "Tên khác")]
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.bulk_create([SiteSettings(pk=2, paper_name="Báo thứ hai")])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "0251 abc 200"),
        ("phone", "<script>"),
        ("phone", "113"),
        ("email", "toasoan@"),
        ("licence_date", timezone.localdate() + timedelta(days=2)),
        ("paper_name", ""),
    ],
)
def test_unprintable_particulars_are_refused(field, value):
    row = SiteSettings.objects.get(pk=1)
    row.licence_number = "125/GP-BTTTT"
    setattr(row, field, value)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert field in refused.value.message_dict


def test_a_licence_date_or_issuer_needs_the_licence_number():
    row = SiteSettings.objects.get(pk=1)
    row.licence_issuer = "Bộ Thông tin và Truyền thông"
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert list(refused.value.message_dict) == ["licence_number"]


def test_phone_numbers_as_papers_print_them_are_accepted():
    for phone in ("(0251) 3846 200", "+84 251 3846 200", "0251.3846.200 - 0913 123 456", "1900 1234"):
        _fill(phone=phone)


# ---------------------------------------------------------------------------------------------------
# The footer
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def article(db):
    return factories.article(title="Khánh thành cầu Hóa An mới")


def test_the_footer_prints_every_filled_particular_on_the_home_and_article_pages(client, article):
    _fill(**FILLED)

    for url in ("/", article.get_absolute_url()):
        footer = _get_footer(client, url)
        for text in PRINTED_VI:
            assert text in footer, (url, text)
        for text in ENGLISH_ONLY:
            assert text not in footer, (url, text)
        assert footer.count('class="site-footer__label"') == len(LABELLED)
        assert re.search(r"<address[^>]*>.*Số 12 đường Võ Thị Sáu.*</address>", footer, re.S)


def test_site_name_in_the_header_and_title_comes_from_the_settings(client):
    _fill(paper_name="Báo Đồng Nai Điện Tử")
    page = client.get("/").content.decode()
    assert "<title>Báo Đồng Nai Điện Tử</title>" in page
    assert '<a class="site-header__name" href="/">Báo Đồng Nai Điện Tử</a>' in page


def test_empty_particulars_print_no_line(client, article):
    # A fresh install: the name and the notice only.
    footer = _get_footer(client, article.get_absolute_url())
    assert "site-footer__label" not in footer and "<address" not in footer
    assert footer.count("<p") == 2

    _fill(licence_number="125/GP-BTTTT", email="toasoan@baodongnai.test")
    footer = _get_footer(client, "/")
    assert footer.count('class="site-footer__label"') == 1  # the e-mail; the licence line needs no label
    assert "125/GP-BTTTT" in footer and "tel:" not in footer
    with translation.override("en"):
        assert masthead_for(SiteSettings.objects.get(), "en").licence == "Licence no. 125/GP-BTTTT"


def test_a_row_lost_from_the_database_leaves_the_configured_name(client, settings):
    SiteSettings.objects.all().delete()
    footer = _get_footer(client, "/")
    assert settings.NEWSROOM_SITE_NAME in footer


def _render_base(language: str) -> str:
    request = RequestFactory().get("/")
    with translation.override(language):
        return _footer(render_to_string("base.html", request=request))


def test_an_english_page_prints_the_english_particulars_where_given():
    _fill(**FILLED)

    footer = _render_base("en")

    assert "Dong Nai Online" in footer and "Báo Đồng Nai Điện Tử" not in footer
    assert "Dong Nai Provincial Party Committee" in footer
    assert "Licence no. 125/GP-BTTTT of 15/03/2021, issued by Ministry of Information and Communications" in footer
    assert "12 Vo Thi Sau Street" in footer
    # Names are names in both editions.
    assert "Nguyễn Văn An" in footer and "Trần Quang Vinh, Đỗ Thị Mai Phương" in footer
    assert "Governing body" in footer and "Editor-in-chief" in footer

    vietnamese = _render_base("vi")
    assert "Báo Đồng Nai Điện Tử" in vietnamese and "Dong Nai Online" not in vietnamese


def test_an_english_page_falls_back_to_the_vietnamese_value_where_no_english_is_given():
    _fill(**FILLED | {"paper_name_en": "", "address_en": "  ", "licence_issuer_en": ""})

    footer = _render_base("en")

    assert "Báo Đồng Nai Điện Tử" in footer
    assert "Số 12 đường Võ Thị Sáu" in footer
    assert "issued by Bộ Thông tin và Truyền thông" in footer
    assert "Dong Nai Provincial Party Committee" in footer


# ---------------------------------------------------------------------------------------------------
# The cache: no query on most pages, the next request after an edit shows it, a broken cache costs nothing
# ---------------------------------------------------------------------------------------------------


def test_the_footer_costs_no_query_once_cached_and_one_when_the_cache_is_cold(client, article):
    _fill(**FILLED)
    for url in ("/", article.get_absolute_url()):
        client.get(url)  # warms the cache (renditions, ranking, the settings)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        assert _sitesettings_queries(warm) == [], url

    site_settings._cache().delete(CACHE_KEY)
    with CaptureQueriesContext(connection) as cold:
        client.get("/")
    assert len(_sitesettings_queries(cold)) == 1


def test_the_home_page_runs_the_same_queries_with_an_empty_or_a_full_footer(client, article):
    client.get("/")
    with CaptureQueriesContext(connection) as empty_footer:
        client.get("/")
    _fill(**FILLED)
    client.get("/")
    with CaptureQueriesContext(connection) as full_footer:
        response = client.get("/")
    assert "Tỉnh ủy Đồng Nai" in response.content.decode()
    assert len(full_footer.captured_queries) == len(empty_footer.captured_queries)


def test_an_admin_edit_shows_on_the_next_request(client):
    _fill(**FILLED)
    assert "Nguyễn Văn An" in _get_footer(client, "/")  # now in the cache

    client.force_login(User.objects.create_superuser("quantri", password="pw"))
    data = {name: value.isoformat() if isinstance(value, date) else value for name, value in FILLED.items()}
    response = client.post(CHANGE_URL, data | {"editor_in_chief": "Lê Minh Tâm", "address_en": ""})
    assert response.status_code == 302 and response["Location"] == CHANGE_URL

    footer = _get_footer(client, "/")
    assert "Lê Minh Tâm" in footer and "Nguyễn Văn An" not in footer
    assert "Lê Minh Tâm" in _render_base("en") and "Số 12 đường Võ Thị Sáu" in _render_base("en")


def test_a_save_in_code_refreshes_the_cache_too():
    assert site_settings_current().editor_in_chief == ""
    _fill(editor_in_chief="Nguyễn Văn An")
    assert site_settings_current().editor_in_chief == "Nguyễn Văn An"


def test_a_copy_cached_by_a_reader_racing_the_save_is_dropped_at_the_commit(django_capture_on_commit_callbacks):
    stale = {"id": 1, "paper_name": "Báo Đồng Nai", "editor_in_chief": "Người cũ"}
    with django_capture_on_commit_callbacks(execute=True):
        _fill(editor_in_chief="Nguyễn Văn An")
        site_settings._cache().set(CACHE_KEY, stale)  # another request read the row before this commit
    assert site_settings_current().editor_in_chief == "Nguyễn Văn An"


BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_a_broken_cache_still_renders_the_footer_from_the_database(client, article):
    _fill(**FILLED)
    with override_settings(CACHES=BROKEN_CACHE):
        for url in ("/", article.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            footer = _footer(response.content.decode())
            assert all(text in footer for text in PRINTED_VI), url
            assert len(_sitesettings_queries(queries)) == 1, url
        # Saving with the cache down must not fail either.
        _fill(editor_in_chief="Lê Minh Tâm")
        assert "Lê Minh Tâm" in _get_footer(client, "/")


# ---------------------------------------------------------------------------------------------------
# The admin: one form, for those allowed
# ---------------------------------------------------------------------------------------------------


def test_the_superuser_edits_the_one_form_and_can_neither_add_nor_delete(client):
    client.force_login(User.objects.create_superuser("quantri", password="pw"))

    response = client.get(CHANGELIST_URL)
    assert response.status_code == 302 and response["Location"] == CHANGE_URL
    form = client.get(CHANGE_URL)
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="governing_body"' in page and 'name="_save"' in page
    assert "deletelink" not in page

    assert client.get(reverse("admin:articles_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:articles_sitesettings_delete", args=[1])).status_code == 403
    assert client.post(reverse("admin:articles_sitesettings_delete", args=[1]), {"post": "yes"}).status_code == 403
    assert SiteSettings.objects.count() == 1


def test_the_admin_refuses_a_bad_phone_with_a_form_error(client):
    client.force_login(User.objects.create_superuser("quantri", password="pw"))
    response = client.post(CHANGE_URL, {"paper_name": "Báo Đồng Nai", "phone": "gọi cho tôi"})
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert SiteSettings.objects.get().phone == ""


@pytest.mark.parametrize("role", [REPORTER, EDITOR])
def test_reporters_and_editors_get_403(client, role):
    client.force_login(factories.staff_member("nhanvien", role))
    assert client.get(CHANGE_URL).status_code == 403
    assert client.get(CHANGELIST_URL).status_code == 403
    assert client.post(CHANGE_URL, {"paper_name": "Tên bị đổi"}).status_code == 403
    assert SiteSettings.objects.get().paper_name != "Tên bị đổi"


def test_the_editor_in_chief_may_read_the_form_but_not_change_it(client):
    chief = factories.staff_member("tbt", EDITOR_IN_CHIEF)
    assert chief.has_perm("articles.view_sitesettings") and not chief.has_perm("articles.change_sitesettings")
    client.force_login(chief)

    assert client.get(CHANGELIST_URL)["Location"] == CHANGE_URL
    page = client.get(CHANGE_URL).content.decode()
    assert 'name="paper_name"' not in page and 'name="_save"' not in page
    assert client.post(CHANGE_URL, {"paper_name": "Tên bị đổi"}).status_code == 403
    assert SiteSettings.objects.get().paper_name != "Tên bị đổi"


def test_the_migration_gave_the_roles_what_roles_py_says():
    held = {
        group.name: set(group.permissions.filter(codename__endswith="_sitesettings").values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert held == {REPORTER: set(), EDITOR: set(), EDITOR_IN_CHIEF: {"view_sitesettings"}}


def test_a_save_in_another_process_reaches_this_process_s_footer(client, article):
    """Without Redis each process has its own memory cache; the particulars live in the "shared" one (on
    disk), so what a save in one gunicorn worker clears is cleared for every worker."""
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    assert "shared" in django_settings.CACHES  # the set-up without REDIS_URL
    client.get("/")  # this process has the particulars cached
    clear_as_a_save_does = (
        "import django; django.setup(); "
        "from articles import site_settings; site_settings._cache().delete(site_settings.CACHE_KEY)"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", clear_as_a_save_does],
        check=True,
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        timeout=60,
    )
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(_sitesettings_queries(after)) == 1  # read again from the database, not from a stale copy
