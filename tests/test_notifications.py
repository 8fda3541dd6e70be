"""Who is e-mailed at each workflow step, and that mail trouble never undoes or fails a step.

The messages go out on commit: each step runs inside django_capture_on_commit_callbacks(execute=True).
Subjects are translated; the assertions look at what translation cannot change (title, note, time).
"""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from articles import notifications, roles
from articles.models import Article, ArticleEvent
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Khánh thành cầu Hóa An mới"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def make_user(username: str, *, group: str | None = None, email: str | None = None, **fields) -> User:
    email = f"{username}@baodongnai.vn" if email is None else email
    return factories.staff_member(
        username, group, email=email, **({"last_name": "Lê", "first_name": username} | fields)
    )


@pytest.fixture
def people():
    """A newsroom: who should hear of a submitted article and who should not."""
    return {
        "author": make_user("tacgia", group=roles.REPORTER),
        "reporter": make_user("phongvien", group=roles.REPORTER),
        "editor": make_user("bientap", group=roles.EDITOR),
        "editor2": make_user("bientap2", group=roles.EDITOR),
        "editor_no_email": make_user("bientap_khongmail", group=roles.EDITOR, email=""),
        "editor_inactive": make_user("bientap_nghi", group=roles.EDITOR, is_active=False),
        "editor_not_staff": make_user("bientap_khongstaff", group=roles.EDITOR, is_staff=False),
        "chief": make_user("tongbientap", group=roles.EDITOR_IN_CHIEF),
    }


def article_for(author: User, status=Article.Status.DRAFT, **fields) -> Article:
    published_at = fields.pop("published_at", None)
    if status in (Article.Status.PUBLISHED, Article.Status.TAKEN_DOWN) and published_at is None:
        published_at = timezone.now()
    return factories.article(
        title=fields.pop("title", TITLE),
        status=status,
        published_at=published_at,
        created_by=author,
        **fields,
    )


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """transition(), with its on-commit e-mail sent as a real commit would send it."""

    def run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            event = transition(*args, **kwargs)
        # One e-mail callback (the caches' invalidations run on commit too).
        assert len([c for c in callbacks if getattr(c, "func", None) is notifications.event_notify]) == 1
        return event

    return run


def test_submit_emails_every_active_editor_with_an_email_and_nobody_else(people, step):
    article = article_for(people["author"])
    step(article, "submit", people["author"])

    # One message each, so no one sees the others' addresses. Not the reporters, not an editor without
    # an address, not an inactive or non-staff account.
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in (people["editor"], people["editor2"], people["chief"])
    )
    for message in mail.outbox:
        assert TITLE in message.subject
        assert TITLE in message.body
        assert f"/admin/articles/article/{article.pk}/change/" in message.body


def test_an_editor_who_submits_is_not_emailed_about_their_own_submission(people, step):
    article = article_for(people["author"])
    step(article, "submit", people["editor"])
    assert sorted(message.to[0] for message in mail.outbox) == sorted([people["editor2"].email, people["chief"].email])


def test_return_emails_the_author_with_the_note(people, step):
    article = article_for(people["author"], status=Article.Status.IN_REVIEW)
    step(article, "return", people["editor"], note="Thiếu nguồn cho số liệu ở đoạn 2.")
    (message,) = mail.outbox
    assert message.to == [people["author"].email]
    assert TITLE in message.subject
    assert "Thiếu nguồn cho số liệu ở đoạn 2." in message.body


def test_publish_emails_the_author(people, step):
    article = article_for(people["author"], status=Article.Status.IN_REVIEW)
    step(article, "publish", people["editor"])
    (message,) = mail.outbox
    assert message.to == [people["author"].email]
    assert TITLE in message.subject


def test_a_scheduled_publish_emails_the_author_the_time_in_vietnam(people, step):
    article = article_for(people["author"], status=Article.Status.IN_REVIEW)
    # Whatever time zone is active where the step is taken, the e-mail speaks the paper's time.
    with time_machine.travel(datetime(2025, 12, 31, 23, 58, tzinfo=HCM), tick=False), timezone.override("UTC"):
        event = step(article, "publish", people["editor"], publish_at=datetime(2026, 1, 1, 0, 3, tzinfo=HCM))
    assert event.action == ArticleEvent.Action.SCHEDULE
    (message,) = mail.outbox
    assert message.to == [people["author"].email]
    assert TITLE in message.subject
    assert "01/01/2026 00:03" in message.subject
    assert "01/01/2026 00:03" in message.body


def test_take_down_emails_the_author_with_the_reason(people, step):
    article = article_for(people["author"], status=Article.Status.PUBLISHED)
    step(article, "take_down", people["editor"], note="Sai số liệu về vốn đầu tư, chờ xác minh.")
    (message,) = mail.outbox
    assert message.to == [people["author"].email]
    assert TITLE in message.subject
    assert "Sai số liệu về vốn đầu tư, chờ xác minh." in message.body


def test_approve_emails_the_editor_in_chief_only(settings, people, step):
    settings.NEWSROOM_SIGN_OFF = True
    make_user("tongbientap_nghi", group=roles.EDITOR_IN_CHIEF, is_active=False)
    make_user("tongbientap_khongstaff", group=roles.EDITOR_IN_CHIEF, is_staff=False)
    article = article_for(people["author"], status=Article.Status.IN_REVIEW)
    step(article, "approve", people["editor"])
    (message,) = mail.outbox
    assert message.to == [people["chief"].email]
    assert TITLE in message.subject


def test_a_section_with_sign_off_also_emails_the_editor_in_chief_on_approve(people, step):
    section = factories.section()
    section.requires_sign_off = True
    section.save()
    article = article_for(people["author"], status=Article.Status.IN_REVIEW, in_section=section)
    step(article, "approve", people["editor"])
    (message,) = mail.outbox
    assert message.to == [people["chief"].email]


def test_nobody_is_emailed_about_their_own_step(people, step):
    article = article_for(people["editor"], status=Article.Status.IN_REVIEW)
    step(article, "publish", people["editor"])
    assert mail.outbox == []


def test_an_inactive_author_is_not_emailed(people, step):
    article = article_for(people["author"], status=Article.Status.IN_REVIEW)
    User.objects.filter(pk=people["author"].pk).update(is_active=False)
    step(article, "publish", people["editor"])
    assert mail.outbox == []


def test_a_title_with_a_line_break_still_gets_its_email_on_one_subject_line(people, step):
    article = article_for(people["author"], status=Article.Status.IN_REVIEW, title="Khánh thành\ncầu Hóa An")
    step(article, "publish", people["editor"])
    (message,) = mail.outbox
    assert "Khánh thành cầu Hóa An" in message.subject
    assert "\n" not in message.subject


def test_a_mail_server_that_is_down_neither_undoes_the_step_nor_raises(settings, people, step, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    article = article_for(people["author"], status=Article.Status.IN_REVIEW)
    with caplog.at_level(logging.ERROR, logger="articles.notifications"):
        event = step(article, "return", people["editor"], note="Viết lại đoạn mở đầu.")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.review_note == "Viết lại đoạn mở đầu."
    assert ArticleEvent.objects.filter(pk=event.pk).exists()
    assert mail.outbox == []
    assert any(record.exc_info and isinstance(record.exc_info[1], ConnectionRefusedError) for record in caplog.records)
