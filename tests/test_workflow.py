"""The editorial workflow, checked against the table in articles.workflow's docstring.

The expectations below are written out by hand from that table (and from the docstrings of
can_edit / can_view / can_delete), never computed from articles.workflow's own ONE_LEVEL / TWO_LEVEL:
the point is to catch a table that says something other than what the newsroom agreed.
"""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article, ArticleEvent, Revision
from articles.roles import ensure_groups
from articles.workflow import (
    EditConflict,
    InvalidPublishTime,
    NoteRequired,
    TransitionForbidden,
    TransitionNotAllowed,
    available_transitions,
    can_delete,
    can_edit,
    can_view,
    record_edit,
    transition,
)
from articles.workflow import write as workflow_write
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Article.Status
Action = ArticleEvent.Action

# ---------------------------------------------------------------------------------------------------
# The people and the states
# ---------------------------------------------------------------------------------------------------

AUTHOR = "author"  # the reporter who created the article (created_by)
OTHER_REPORTER = "other_reporter"
EDITOR = "editor"
EDITOR_IN_CHIEF = "editor_in_chief"
SUPERUSER = "superuser"
INACTIVE_EDITOR = "inactive_editor"
NON_STAFF = "non_staff"  # in the editors' group, but without is_staff: not a desk account
ROLES = (AUTHOR, OTHER_REPORTER, EDITOR, EDITOR_IN_CHIEF, SUPERUSER, INACTIVE_EDITOR, NON_STAFF)

DRAFT, IN_REVIEW, APPROVED = "draft", "in_review", "approved"
LIVE = "live"  # published, its time has come: readers see it
SCHEDULED = "scheduled"  # published with a future time
TAKEN_DOWN = "taken_down"
STATES = (DRAFT, IN_REVIEW, APPROVED, LIVE, SCHEDULED, TAKEN_DOWN)
EVER_PUBLISHED = {LIVE, SCHEDULED, TAKEN_DOWN}

ACTIONS = ("submit", "withdraw", "return", "approve", "publish", "take_down", "republish")

ONE_LEVEL = "one_level"
SIGN_OFF_SETTING = "sign_off_setting"  # settings.NEWSROOM_SIGN_OFF = True
SIGN_OFF_SECTION = "sign_off_section"  # Section.requires_sign_off = True, setting off
TABLES = (ONE_LEVEL, SIGN_OFF_SETTING, SIGN_OFF_SECTION)

# ---------------------------------------------------------------------------------------------------
# The table, by hand: action -> (states it starts from, roles that may take it, resulting state)
# ---------------------------------------------------------------------------------------------------

DESK = frozenset({EDITOR, EDITOR_IN_CHIEF, SUPERUSER})
WRITERS = DESK | {AUTHOR}  # submit: edit_any_article, or the article's own reporter
OWN_REPORTER = frozenset({AUTHOR})  # withdraw: no permission opens it, only being the article's reporter

ONE_LEVEL_SPEC = {
    "submit": ({DRAFT}, WRITERS, IN_REVIEW),
    "withdraw": ({IN_REVIEW}, OWN_REPORTER, DRAFT),
    # The docstring's table: "return  in review (+ approved)  draft".
    "return": ({IN_REVIEW, APPROVED}, DESK, DRAFT),
    "publish": ({IN_REVIEW}, DESK, LIVE),
    "take_down": ({LIVE, SCHEDULED}, DESK, TAKEN_DOWN),
    "republish": ({TAKEN_DOWN}, DESK, LIVE),
}
TWO_LEVEL_SPEC = {
    "submit": ({DRAFT}, WRITERS, IN_REVIEW),
    "withdraw": ({IN_REVIEW}, OWN_REPORTER, DRAFT),
    "return": ({IN_REVIEW, APPROVED}, DESK, DRAFT),
    "approve": ({IN_REVIEW}, DESK, APPROVED),
    "publish": ({APPROVED}, {EDITOR_IN_CHIEF, SUPERUSER}, LIVE),  # sign_off_article
    "take_down": ({LIVE, SCHEDULED}, DESK, TAKEN_DOWN),
    "republish": ({TAKEN_DOWN}, DESK, LIVE),
}
SPECS = {ONE_LEVEL: ONE_LEVEL_SPEC, SIGN_OFF_SETTING: TWO_LEVEL_SPEC, SIGN_OFF_SECTION: TWO_LEVEL_SPEC}

RESULT_STATUS = {DRAFT: Status.DRAFT, IN_REVIEW: Status.IN_REVIEW, APPROVED: Status.APPROVED}
RESULT_STATUS |= {LIVE: Status.PUBLISHED, TAKEN_DOWN: Status.TAKEN_DOWN}
EVENT_ACTION = {
    "submit": Action.SUBMIT,
    "withdraw": Action.WITHDRAW,
    "return": Action.RETURN,
    "approve": Action.APPROVE,
    "publish": Action.PUBLISH,
    "take_down": Action.TAKE_DOWN,
    "republish": Action.REPUBLISH,
}
SNAPSHOT_ACTIONS = {"submit", "publish", "republish"}  # the text as it goes to the desk, and to readers


def expected_outcome(table: str, role: str, state: str, action: str):
    """The resulting state, or the exception: the state is checked before the person."""
    spec = SPECS[table]
    if action not in spec or state not in spec[action][0]:
        return TransitionNotAllowed
    if role not in spec[action][1]:
        return TransitionForbidden
    return spec[action][2]


def expected_buttons(table: str, role: str, state: str) -> list[str]:
    spec = SPECS[table]
    return sorted(action for action, (sources, who, _) in spec.items() if state in sources and role in who)


# ---------------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------------

FIRST_NAMES = {
    AUTHOR: "Minh Khoa",
    OTHER_REPORTER: "Thu Hà",
    EDITOR: "Văn Bình",
    EDITOR_IN_CHIEF: "Quốc Hùng",
    SUPERUSER: "Quản Trị",
    INACTIVE_EDITOR: "Đã Nghỉ",
    NON_STAFF: "Bạn Đọc",
}


def make_user(username: str, *, group: str | None = None, **fields) -> User:
    return factories.staff_member(username, group, **({"last_name": "Trần", "first_name": username} | fields))


def make_role(role: str) -> User:
    spec = {
        AUTHOR: {"group": roles.REPORTER},
        OTHER_REPORTER: {"group": roles.REPORTER},
        EDITOR: {"group": roles.EDITOR},
        EDITOR_IN_CHIEF: {"group": roles.EDITOR_IN_CHIEF},
        SUPERUSER: {"is_superuser": True},
        INACTIVE_EDITOR: {"group": roles.EDITOR, "is_active": False},
        NON_STAFF: {"group": roles.EDITOR, "is_staff": False},
    }[role]
    return make_user(role, first_name=FIRST_NAMES[role], **spec)


def make_section(table: str):
    section = factories.section()
    if table == SIGN_OFF_SECTION:
        section.requires_sign_off = True
        section.save()
    return section


def article_in(state: str, *, author: User, section=None, **fields) -> Article:
    now = timezone.now()
    status, published_at = {
        DRAFT: (Status.DRAFT, None),
        IN_REVIEW: (Status.IN_REVIEW, None),
        APPROVED: (Status.APPROVED, None),
        LIVE: (Status.PUBLISHED, now - timedelta(hours=2)),
        SCHEDULED: (Status.PUBLISHED, now + timedelta(days=1)),
        TAKEN_DOWN: (Status.TAKEN_DOWN, now - timedelta(hours=2)),
    }[state]
    return factories.article(
        status=status,
        published_at=published_at,
        created_by=author,
        in_section=section,
        **fields,
    )


def state_of(article: Article) -> tuple:
    """Everything a refused step must leave as it was."""
    article = Article.objects.get(pk=article.pk)
    return (
        article.status,
        article.published_at,
        article.first_published_at,
        article.version,
        article.review_note,
        article.updated_by_id,
        article.updated_at,
        ArticleEvent.objects.filter(article=article).count(),
        Revision.objects.filter(article_number=article.pk).count(),
    )


@pytest.fixture
def author():
    return make_role(AUTHOR)


@pytest.fixture
def editor():
    return make_role(EDITOR)


@pytest.fixture
def editor_in_chief():
    return make_role(EDITOR_IN_CHIEF)


def is_published(article: Article) -> bool:
    return Article.objects.published().filter(pk=article.pk).exists()


# ---------------------------------------------------------------------------------------------------
# The matrix: table x role x state x action through transition()
# ---------------------------------------------------------------------------------------------------


def _matrix_params():
    for table in TABLES:
        for role in ROLES:
            for state in STATES:
                for action in ACTIONS:
                    yield pytest.param(table, role, state, action, id=f"{table}-{role}-{state}-{action}")


@pytest.mark.parametrize(("table", "role", "state", "action"), list(_matrix_params()))
def test_transition_matrix_follows_the_table(settings, table, role, state, action):
    settings.NEWSROOM_SIGN_OFF = table == SIGN_OFF_SETTING
    author = make_role(AUTHOR)
    user = author if role == AUTHOR else make_role(role)
    article = article_in(state, author=author, section=make_section(table))
    note = "Ghi chú cho bước này"
    expected = expected_outcome(table, role, state, action)

    if isinstance(expected, type):
        before = state_of(article)
        with pytest.raises(expected) as error:
            transition(article, action, user, note=note)
        if expected is TransitionForbidden:
            assert isinstance(error.value, PermissionDenied)
        assert state_of(article) == before
        return

    before = Article.objects.get(pk=article.pk)
    revisions_before = Revision.objects.filter(article=article).count()
    event = transition(article, action, user, note=note)
    article.refresh_from_db()
    assert article.status == RESULT_STATUS[expected]
    assert article.version == before.version + 1
    assert article.updated_by == user
    if expected == LIVE:
        assert article.is_published() and is_published(article)
    else:
        assert not is_published(article)

    stored = ArticleEvent.objects.filter(article=article).last()
    assert stored == event
    assert stored.action == EVENT_ACTION[action]
    assert stored.from_status == before.status
    assert stored.to_status == article.status
    assert stored.actor == user
    assert stored.actor_name == f"Trần {FIRST_NAMES[role]}"
    assert stored.note == note
    revisions = Revision.objects.filter(article=article)
    assert revisions.count() - revisions_before == (1 if action in SNAPSHOT_ACTIONS else 0)


def test_an_unknown_action_is_not_allowed_and_changes_nothing(editor, author):
    article = article_in(IN_REVIEW, author=author)
    before = state_of(article)
    with pytest.raises(TransitionNotAllowed):
        transition(article, "delete", editor)
    assert state_of(article) == before


def test_transition_forbidden_is_a_permission_denied():
    assert issubclass(TransitionForbidden, PermissionDenied)
    assert not issubclass(TransitionNotAllowed, PermissionDenied)


# Once a bug: ONE_LEVEL's RETURN started from IN_REVIEW only, so an APPROVED article under the one-level table
# (sign-off switched off, requires_sign_off unticked, the article moved to another section) had no step at all.
def test_an_approved_article_can_still_be_returned_after_its_section_drops_the_sign_off(editor, author):
    section = make_section(SIGN_OFF_SECTION)
    article = article_in(IN_REVIEW, author=author, section=section)
    transition(article, "approve", editor)
    section.requires_sign_off = False
    section.save()
    article.refresh_from_db()
    assert [rule.action for rule in available_transitions(editor, article)] == ["return"]
    transition(article, "return", editor, note="Chuyên mục không cần duyệt hai cấp nữa")
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


# ---------------------------------------------------------------------------------------------------
# The buttons: available_transitions
# ---------------------------------------------------------------------------------------------------


def _buttons_params():
    for table in TABLES:
        for role in ROLES:
            for state in STATES:
                yield pytest.param(table, role, state, id=f"{table}-{role}-{state}")


@pytest.mark.parametrize(("table", "role", "state"), list(_buttons_params()))
def test_available_transitions_are_exactly_the_buttons_of_the_role(settings, table, role, state):
    settings.NEWSROOM_SIGN_OFF = table == SIGN_OFF_SETTING
    author = make_role(AUTHOR)
    user = author if role == AUTHOR else make_role(role)
    article = article_in(state, author=author, section=make_section(table))
    buttons = [rule.action for rule in available_transitions(user, article)]
    assert sorted(buttons) == expected_buttons(table, role, state)


# ---------------------------------------------------------------------------------------------------
# Notes
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", " \n\t "])
@pytest.mark.parametrize(("action", "state"), [("return", IN_REVIEW), ("take_down", LIVE)])
def test_return_and_take_down_refuse_a_blank_note_and_change_nothing(editor, author, action, state, blank):
    article = article_in(state, author=author)
    before = state_of(article)
    with pytest.raises(NoteRequired):
        transition(article, action, editor, note=blank)
    assert state_of(article) == before


def test_the_return_note_is_kept_on_the_article_and_cleared_by_the_next_submit(editor, author):
    article = article_in(IN_REVIEW, author=author)
    event = transition(article, "return", editor, note="  Thiếu nguồn cho số liệu ở đoạn 2.  ")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.review_note == "Thiếu nguồn cho số liệu ở đoạn 2."
    assert event.note == "Thiếu nguồn cho số liệu ở đoạn 2."

    transition(article, "submit", author)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.review_note == ""


# ---------------------------------------------------------------------------------------------------
# Publication time: now, scheduled, across midnight, in the past
# ---------------------------------------------------------------------------------------------------

MORNING = datetime(2026, 3, 10, 8, 15, 30, tzinfo=HCM)


def test_publish_now_sets_published_at_and_first_published_at_to_now(editor, author):
    with time_machine.travel(MORNING, tick=False):
        article = article_in(IN_REVIEW, author=author)
        event = transition(article, "publish", editor)
    article.refresh_from_db()
    assert event.action == Action.PUBLISH
    assert event.publish_at == MORNING
    assert article.published_at == MORNING
    assert article.first_published_at == MORNING
    assert is_published(article)


def test_publish_at_a_future_time_schedules_and_the_article_appears_by_itself_then(editor, author):
    with time_machine.travel(MORNING, tick=False) as traveller:
        article = article_in(IN_REVIEW, author=author)
        at = MORNING + timedelta(hours=2)
        event = transition(article, "publish", editor, publish_at=at)
        article.refresh_from_db()
        assert event.action == Action.SCHEDULE
        assert event.to_status == Status.PUBLISHED
        assert event.publish_at == at
        assert article.status == Status.PUBLISHED
        assert article.published_at == at
        assert article.is_scheduled
        assert not is_published(article)

        traveller.shift(timedelta(hours=2) - timedelta(seconds=1))
        assert not is_published(article)
        traveller.shift(timedelta(seconds=1))
        assert is_published(article)


def test_a_schedule_across_midnight_in_vietnam_appears_at_its_minute_dated_the_new_day(client, editor, author):
    new_years_eve = datetime(2025, 12, 31, 23, 58, tzinfo=HCM)
    at = datetime(2026, 1, 1, 0, 3, tzinfo=HCM)
    with time_machine.travel(new_years_eve, tick=False) as traveller:
        article = article_in(IN_REVIEW, author=author, title="Chào năm mới 2026")
        event = transition(article, "publish", editor, publish_at=at)
        assert event.action == Action.SCHEDULE
        url = Article.objects.get(pk=article.pk).get_absolute_url()

        traveller.move_to(datetime(2025, 12, 31, 23, 59, tzinfo=HCM))
        assert not is_published(article)
        assert client.get(url).status_code == 404

        traveller.move_to(datetime(2026, 1, 1, 0, 2, 59, tzinfo=HCM))
        assert not is_published(article)
        assert client.get(url).status_code == 404

        traveller.move_to(at)
        assert is_published(article)
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "00:03, 01/01/2026" in page
        assert 'datetime="2026-01-01T00:03:00+07:00"' in page
        assert "31/12/2025" not in page


def test_a_publication_time_more_than_five_minutes_past_is_refused_and_changes_nothing(editor, author):
    with time_machine.travel(MORNING, tick=False):
        article = article_in(IN_REVIEW, author=author)
        before = state_of(article)
        with pytest.raises(InvalidPublishTime):
            transition(article, "publish", editor, publish_at=MORNING - timedelta(minutes=5, seconds=1))
        assert state_of(article) == before


def test_a_publication_time_a_few_minutes_past_is_taken_as_published_then(editor, author):
    with time_machine.travel(MORNING, tick=False):
        article = article_in(IN_REVIEW, author=author)
        at = MORNING - timedelta(minutes=4)
        event = transition(article, "publish", editor, publish_at=at)
    article.refresh_from_db()
    assert event.action == Action.PUBLISH
    assert article.published_at == at
    assert article.first_published_at == at


def test_take_down_removes_from_published_and_republish_keeps_the_original_times(editor, author):
    with time_machine.travel(MORNING, tick=False) as traveller:
        article = article_in(IN_REVIEW, author=author)
        transition(article, "publish", editor)
        traveller.shift(timedelta(days=2))

        transition(article, "take_down", editor, note="Sai số liệu, chờ xác minh")
        article.refresh_from_db()
        assert article.status == Status.TAKEN_DOWN
        assert not is_published(article)

        traveller.shift(timedelta(hours=3))
        event = transition(article, "republish", editor)
        article.refresh_from_db()
        assert event.action == Action.REPUBLISH
        assert article.status == Status.PUBLISHED
        assert article.published_at == MORNING
        assert article.first_published_at == MORNING
        assert is_published(article)


# ---------------------------------------------------------------------------------------------------
# expected_version: one person's step never lands on top of another's save
# ---------------------------------------------------------------------------------------------------


def test_a_stale_expected_version_is_an_edit_conflict_naming_who_saved_and_changes_nothing(editor_in_chief, author):
    khoa = make_user("khoa", group=roles.EDITOR, last_name="Trần", first_name="Minh Khoa")
    with time_machine.travel(MORNING, tick=False):
        article = article_in(DRAFT, author=author)
        opened_version = Article.objects.get(pk=article.pk).version
        transition(article, "submit", khoa)
    before = state_of(article)

    with pytest.raises(EditConflict) as error:
        transition(article, "publish", editor_in_chief, expected_version=opened_version)
    message = str(error.value)
    assert "Trần Minh Khoa" in message
    assert "10/03/2026 08:15:30" in message
    assert error.value.saved_by == "Trần Minh Khoa"
    assert state_of(article) == before


def test_a_matching_expected_version_goes_through_and_bumps_the_version_by_one(editor, author):
    article = article_in(IN_REVIEW, author=author)
    version = Article.objects.get(pk=article.pk).version
    transition(article, "publish", editor, expected_version=version)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.version == version + 1


# ---------------------------------------------------------------------------------------------------
# can_edit / can_view / can_delete
# ---------------------------------------------------------------------------------------------------

EVERYTHING = set(STATES)
NEVER_PUBLISHED = {DRAFT, IN_REVIEW, APPROVED}

# role -> states of an article (created by AUTHOR) in which the role may do it
CAN_EDIT = {
    AUTHOR: {DRAFT},
    OTHER_REPORTER: set(),
    EDITOR: EVERYTHING,
    EDITOR_IN_CHIEF: EVERYTHING,
    SUPERUSER: EVERYTHING,
    INACTIVE_EDITOR: set(),
    NON_STAFF: set(),
}
CAN_VIEW = {
    AUTHOR: EVERYTHING,
    OTHER_REPORTER: {LIVE},  # "what readers can see": not scheduled, not taken down
    EDITOR: EVERYTHING,
    EDITOR_IN_CHIEF: EVERYTHING,
    SUPERUSER: EVERYTHING,
    INACTIVE_EDITOR: set(),
    NON_STAFF: set(),
}
CAN_DELETE = {
    AUTHOR: {DRAFT},
    OTHER_REPORTER: set(),
    EDITOR: NEVER_PUBLISHED,
    EDITOR_IN_CHIEF: NEVER_PUBLISHED,
    SUPERUSER: EVERYTHING,
    INACTIVE_EDITOR: set(),
    NON_STAFF: set(),
}
PERMISSION_CHECKS = {"can_edit": (can_edit, CAN_EDIT), "can_view": (can_view, CAN_VIEW)}
PERMISSION_CHECKS["can_delete"] = (can_delete, CAN_DELETE)


def _permission_params():
    for check in PERMISSION_CHECKS:
        for role in ROLES:
            for state in STATES:
                yield pytest.param(check, role, state, id=f"{check}-{role}-{state}")


@pytest.mark.parametrize(("check", "role", "state"), list(_permission_params()))
def test_who_may_edit_view_and_delete_which_article(check, role, state):
    function, allowed = PERMISSION_CHECKS[check]
    author = make_role(AUTHOR)
    user = author if role == AUTHOR else make_role(role)
    article = article_in(state, author=author)
    assert function(user, article) is (state in allowed[role])


# Once a bug: can_delete did not check is_active / is_staff as can_edit, can_view and may_take do, so a
# non-staff account in the editors' group could delete never-published articles (the matrix's NON_STAFF
# rows) and an inactive superuser any article.
def test_an_inactive_superuser_may_not_delete_a_published_article(author):
    ghost = make_user("ghost", is_superuser=True, is_active=False)
    article = article_in(LIVE, author=author)
    assert can_delete(ghost, article) is False


def test_a_reporter_edits_and_deletes_only_their_own_draft(author):
    other = make_role(OTHER_REPORTER)
    mine, theirs = article_in(DRAFT, author=author), article_in(DRAFT, author=other)
    assert can_edit(author, mine) and can_delete(author, mine)
    assert not can_edit(author, theirs) and not can_delete(author, theirs)
    assert can_view(author, mine) and not can_view(author, theirs)


# ---------------------------------------------------------------------------------------------------
# Two editors press "Publish" at the same moment (PostgreSQL: SQLite has no row locks)
# ---------------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no SELECT … FOR UPDATE, the row lock this test is about",
)
@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_publish_exactly_once(monkeypatch):
    # A transactional test before this one flushes the database, and with it the data migration's groups.
    ensure_groups()
    author = make_role(AUTHOR)
    editors = [make_user(f"bientap{number}", group=roles.EDITOR) for number in (1, 2)]
    article = article_in(IN_REVIEW, author=author)

    # Widen the window between the lock and the commit, so the second editor really arrives while the
    # first holds the row: without the lock both would read "in review" and both would publish.
    real_revision_build = workflow_write.revision_build

    def slow_revision_build(*args, **kwargs):
        time.sleep(0.3)
        return real_revision_build(*args, **kwargs)

    monkeypatch.setattr(workflow_write, "revision_build", slow_revision_build)

    barrier = threading.Barrier(len(editors))
    outcomes: dict[str, object] = {}

    def publish(user):
        try:
            barrier.wait(timeout=10)
            outcomes[user.username] = transition(article.pk, "publish", user)
        except Exception as error:  # kept: the test looks at which one it was
            outcomes[user.username] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(user,)) for user in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    events = [outcome for outcome in outcomes.values() if isinstance(outcome, ArticleEvent)]
    refused = [outcome for outcome in outcomes.values() if not isinstance(outcome, ArticleEvent)]
    assert len(events) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], TransitionNotAllowed), outcomes
    assert ArticleEvent.objects.filter(article_id=article.pk, action=Action.PUBLISH).count() == 1
    assert Revision.objects.filter(article_number=article.pk, reason=Revision.Reason.PUBLISH).count() == 1
    submitted_version = article.version
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.version == submitted_version + 1


# ---------------------------------------------------------------------------------------------------
# Events and revisions
# ---------------------------------------------------------------------------------------------------


def _article_with_everything(author) -> Article:
    article = article_in(
        DRAFT,
        author=author,
        title="Khánh thành cầu Hóa An mới",
        sapo="(ĐN) - Sáng nay, cầu Hóa An mới chính thức thông xe.",
        body="<p>Đoạn thứ nhất.</p><p>Đoạn <strong>thứ hai</strong>.</p>",
    )
    factories.photo(article, caption="Cầu Hóa An nhìn từ bờ sông", credit="Huy Anh", position=0)
    factories.photo(article, caption="Lễ cắt băng", position=1, after_paragraph=1)
    factories.byline(article, name="Nguyệt Hà", position=0)
    factories.byline(article, name="Huy Anh", role="photo", position=1)
    article.tags.add("Giao thông", "Biên Hòa")
    return article


def test_submit_and_publish_keep_a_revision_of_the_whole_content(editor, author):
    article = _article_with_everything(author)
    transition(article, "submit", author)
    transition(article, "publish", editor)

    submitted, published = Revision.objects.filter(article=article).order_by("id")
    assert (submitted.reason, submitted.status) == (Revision.Reason.SUBMIT, Status.IN_REVIEW)
    assert (published.reason, published.status) == (Revision.Reason.PUBLISH, Status.PUBLISHED)
    assert submitted.created_by == author and published.created_by == editor
    assert published.created_by_name == f"Trần {FIRST_NAMES[EDITOR]}"
    assert published.article_number == article.pk
    for revision in (submitted, published):
        content = revision.content
        assert content["title"] == "Khánh thành cầu Hóa An mới"
        assert content["sapo"] == "(ĐN) - Sáng nay, cầu Hóa An mới chính thức thông xe."
        assert content["body"] == "<p>Đoạn thứ nhất.</p><p>Đoạn <strong>thứ hai</strong>.</p>"
        assert [photo["caption"] for photo in content["photos"]] == ["Cầu Hóa An nhìn từ bờ sông", "Lễ cắt băng"]
        assert content["photos"][0]["credit"] == "Huy Anh"
        assert [byline["name"] for byline in content["bylines"]] == ["Nguyệt Hà", "Huy Anh"]
        assert content["tags"] == ["Biên Hòa", "Giao thông"]
    assert submitted.content["published_at"] is None
    assert published.content["published_at"] == Article.objects.get(pk=article.pk).published_at.isoformat()


@pytest.mark.parametrize("state", [LIVE, SCHEDULED, TAKEN_DOWN])
def test_record_edit_on_a_published_article_logs_an_edit_and_keeps_a_revision(editor, author, state):
    article = article_in(state, author=author)
    article.title = "Tiêu đề đã sửa sau khi đăng"
    article.save()
    event = record_edit(article, editor)
    assert event is not None
    assert event.action == Action.EDIT
    assert event.from_status == event.to_status == article.status
    assert event.actor == editor
    revision = Revision.objects.filter(article=article).last()
    assert revision.reason == Revision.Reason.EDIT
    assert revision.content["title"] == "Tiêu đề đã sửa sau khi đăng"


@pytest.mark.parametrize("state", [DRAFT, IN_REVIEW, APPROVED])
def test_record_edit_does_nothing_before_publication(editor, author, state):
    article = article_in(state, author=author)
    trail = (ArticleEvent.objects.filter(article=article).count(), Revision.objects.filter(article=article).count())
    assert record_edit(article, editor) is None
    assert ArticleEvent.objects.filter(article=article).count() == trail[0]
    assert Revision.objects.filter(article_number=article.pk).count() == trail[1]


# ---------------------------------------------------------------------------------------------------
# The rows hold the whole rule: whom a step tells, whose move it is next
# ---------------------------------------------------------------------------------------------------

# Written out by hand, as the newsroom agreed: after each step, who has the article and who is e-mailed.
HOLDS_AND_TELLS = {
    "submit": ("editors", "editors"),
    "withdraw": ("reporter", None),  # the queue shrinks by itself; nobody needs an e-mail about it
    "return": ("reporter", "reporter"),
    "approve": ("editor_in_chief", "editor_in_chief"),
    "publish": ("nobody", "reporter"),
    "take_down": ("nobody", "reporter"),
    "republish": ("nobody", None),
}


@pytest.mark.parametrize("rules", [workflow.ONE_LEVEL, workflow.TWO_LEVEL], ids=["one_level", "two_level"])
def test_every_row_says_whose_move_it_is_next_and_whom_it_tells(rules):
    for rule in rules:
        assert (rule.holds, rule.notifies) == HOLDS_AND_TELLS[rule.action], rule.action


def test_every_step_into_a_state_agrees_on_whose_move_it_is():
    # The holder shown for an article is read from its state: two paths into one state must not disagree.
    for rule in (*workflow.ONE_LEVEL, *workflow.TWO_LEVEL):
        assert workflow.HOLDERS[rule.target] == rule.holds, rule.action


@pytest.mark.parametrize(
    ("state", "holder"),
    [(DRAFT, "Phóng viên (Trần Minh Khoa)"), (IN_REVIEW, "Biên tập viên"), (APPROVED, "Tổng biên tập"),
     (LIVE, "Không ai: bài đã ra khỏi quy trình"), (TAKEN_DOWN, "Không ai: bài đã ra khỏi quy trình")],
)  # fmt: skip
def test_the_holder_of_an_article_is_read_from_the_table(author, state, holder):
    assert workflow.holder_label(article_in(state, author=author)) == holder


def test_a_new_action_choice_without_a_row_is_only_a_trail_entry():
    # Every step of the tables records an action the event log knows.
    for rule in (*workflow.ONE_LEVEL, *workflow.TWO_LEVEL):
        assert rule.action in Action.values


# ---------------------------------------------------------------------------------------------------
# Withdraw (Rút lại): the reporter takes back a submission until someone acts on it
# ---------------------------------------------------------------------------------------------------


def test_a_reporter_withdraws_their_own_submission_back_to_a_draft(author):
    article = article_in(DRAFT, author=author)
    transition(article, "submit", author)
    assert "withdraw" in [rule.action for rule in available_transitions(author, Article.objects.get(pk=article.pk))]

    event = transition(article, "withdraw", author)

    article.refresh_from_db()
    assert (article.status, article.updated_by, article.version) == (Status.DRAFT, author, 3)
    assert (event.action, event.from_status, event.to_status) == (Action.WITHDRAW, Status.IN_REVIEW, Status.DRAFT)
    assert can_edit(author, article)  # the reporter's own draft again
    # The submission's snapshot stays in the trail (it went to the desk); withdrawing keeps no new one.
    assert list(Revision.objects.filter(article=article).values_list("reason", flat=True)) == ["submit"]
    transition(article, "submit", author)  # and it can be submitted again
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_an_editor_who_saved_an_edit_after_the_submission_closes_the_withdrawal(author, editor):
    article = article_in(DRAFT, author=author)
    transition(article, "submit", author)
    with time_machine.travel(datetime(2026, 3, 2, 14, 32, tzinfo=HCM), tick=False):
        record_edit(article, editor)  # the desk saved its copy-edit
    article.refresh_from_db()
    before = state_of(article)

    assert "withdraw" not in [rule.action for rule in available_transitions(author, article)]
    [(rule, why)] = workflow.refused_transitions(author, article)
    assert rule.action == "withdraw" and isinstance(why, workflow.AlreadyActedOn)
    with pytest.raises(workflow.AlreadyActedOn) as refused:
        # Even with the version the reporter's page carried: the reason given is the editor's work, not staleness.
        transition(article, "withdraw", author, expected_version=article.version - 1)
    assert str(refused.value) == (
        "Không thể “Rút lại” nữa: Trần Văn Bình đã xử lý bài lúc 02/03/2026 14:32, sau khi bài được gửi duyệt. "
        "Hãy đề nghị biên tập viên trả lại bài cho bạn."
    )
    assert state_of(article) == before


@pytest.mark.parametrize("step", ["publish", "return", "approve"])
def test_once_the_status_moved_on_there_is_nothing_to_withdraw(settings, author, editor, step):
    settings.NEWSROOM_SIGN_OFF = step == "approve"
    article = article_in(DRAFT, author=author)
    transition(article, "submit", author)
    transition(article, step, editor, note="Cần bổ sung")
    with pytest.raises(TransitionNotAllowed):
        transition(article, "withdraw", author)


def test_opening_or_previewing_a_submission_is_not_acting_on_it(client, author, editor):
    article = article_in(DRAFT, author=author)
    transition(article, "submit", author)
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    assert client.get(f"/xem-truoc/bai/{article.pk}/").status_code == 200
    transition(article, "withdraw", author)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_only_the_articles_own_reporter_may_withdraw_it(author, editor):
    article = article_in(DRAFT, author=author)
    transition(article, "submit", author)
    superuser = make_role(SUPERUSER)
    for other in (editor, superuser, make_role(OTHER_REPORTER)):
        assert "withdraw" not in [rule.action for rule in available_transitions(other, article)]
        with pytest.raises(TransitionForbidden):
            transition(article, "withdraw", other)


def test_a_withdrawal_emails_nobody(author, mailoutbox, django_capture_on_commit_callbacks):
    factories.staff_member("bientap_thu", roles.EDITOR)
    article = article_in(DRAFT, author=author)
    transition(article, "submit", author)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "withdraw", author)
    assert mailoutbox == []
