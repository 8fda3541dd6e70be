"""The desk during bench/spike.py's traffic: a Django process with the server's settings, acting through the workflow.

`.venv/bin/python bench/spike_editor.py PLAN.json EVENTS.jsonl` (with the run's DATABASE_URL and settings). PLAN
says, in seconds after `start` (a time.monotonic() value: one clock for every process of the machine, the readers'
script reads the same one): save the lead story every `save_every` s (a new first paragraph, "Cập nhật lần thứ N",
saved the way the admin's change form saves: one audited write keeping the typed text, then the edit's trail),
publish a new story every `publish_every` s (created, submitted and published by the editor), record one correction
at `correction_at` and take one story down at `takedown_at`, until `stop_at`.

Each action is one line of EVENTS: its kind, its number, and two times: `commit`, when COMMIT returned (a hook
registered first, so it runs before the page cache's own after-commit work), and `done`, when the workflow call
returned with all its after-commit work done (what the editor's browser waits for).
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import workflow  # noqa: E402
from articles.corrections import correction_record  # noqa: E402
from articles.models import Article, Byline, Correction, Section, author_for  # noqa: E402

# What the readers' script (bench/spike_readers.lua) looks for in the pages: keep the two in step.
LEAD_MARK = "Cập nhật lần thứ {n}"
NEW_STORY_TITLE = "Bản tin bão số {n}: lực lượng cứu hộ tiếp cận vùng ngập"
CORRECTION_TEXT = "Lượng mưa tại Tân Phú là 230 mm, không phải 320 mm"


def timed(action) -> dict:
    """Run `action` in a transaction, as the admin's view does, and note when it committed and when it returned."""
    marks: dict = {}
    started = time.monotonic()
    with transaction.atomic():
        transaction.on_commit(lambda: marks.setdefault("commit", time.monotonic()))
        result = action()
    marks["done"] = time.monotonic()
    marks["started"] = started
    if isinstance(result, dict):
        marks.update(result)
    return marks


class Desk:
    def __init__(self, plan: dict):
        self.plan = plan
        self.user = get_user_model().objects.get(username=plan["editor"])
        self.lead_body = Article.objects.get(pk=plan["lead"]).body
        self.section = Section.objects.get(pk=Article.objects.get(pk=plan["lead"]).section_id)

    def save_lead(self, n: int) -> dict:
        def action():
            article = Article.objects.get(pk=self.plan["lead"])
            now = timezone.localtime().strftime("%H:%M:%S")
            mark = LEAD_MARK.format(n=n)
            article.body = f"<p><strong>{mark} lúc {now}:</strong> nước tiếp tục dâng ở các xã ven sông.</p>"
            article.body += self.lead_body
            # What ArticleAdmin._save_content does with the form's instance: one audited write keeping the typed text.
            with workflow.article_write(
                article, self.user, expected_version=article.version, keep_changes=True
            ) as write:
                write.save(everything=True)
                workflow.edit_record(write)
            return {"article": article.pk}

        return timed(action)

    def publish_new(self, n: int) -> dict:
        title = NEW_STORY_TITLE.format(n=n)
        article = workflow.article_create(
            self.user,
            title=title,
            slug=f"ban-tin-bao-so-{n}",
            sapo=f"(ĐN) - {title}.",
            body="<p>Các đội cứu hộ đã tiếp cận những khu dân cư bị cô lập và đưa người dân đến nơi an toàn.</p>",
            section=self.section,
        )
        Byline.objects.create(article=article, author=author_for(self.user), role=Byline.Role.TEXT)
        workflow.transition(article.pk, workflow.SUBMIT.action, self.user)
        marks = timed(lambda: workflow.transition(article.pk, workflow.PUBLISH.action, self.user) and None)
        marks["article"] = article.pk
        return marks

    def correct(self, n: int) -> dict:
        def action():
            correction_record(
                self.plan["corrected"],
                self.user,
                kind=Correction.Kind.ERRATUM,
                wrong_text="Lượng mưa tại Tân Phú là 320 mm",
                correct_text=CORRECTION_TEXT,
            )
            return {"article": self.plan["corrected"]}

        return timed(action)

    def take_down(self, n: int) -> dict:
        def action():
            workflow.transition(
                self.plan["taken_down"],
                workflow.TAKE_DOWN.action,
                self.user,
                note="Gỡ theo yêu cầu của cơ quan chức năng: thông tin chưa được kiểm chứng.",
            )
            return {"article": self.plan["taken_down"]}

        return timed(action)


def schedule(plan: dict) -> list[tuple[float, str, int]]:
    """(seconds after start, action, its number), in order."""
    length = plan["stop_at"]
    todo = []
    at, n = plan["save_every"] / 2, 1
    while at < length:
        todo.append((at, "save_lead", n))
        at, n = at + plan["save_every"], n + 1
    at, n = plan["publish_every"], 1
    while at < length:
        todo.append((at, "publish_new", n))
        at, n = at + plan["publish_every"], n + 1
    todo.append((plan["correction_at"], "correct", 1))
    todo.append((plan["takedown_at"], "take_down", 1))
    return sorted(todo)


def warm_up() -> None:
    """What the first write of a fresh process would otherwise pay inside its timed after-commit work: the cache's
    connection (the page cache's purge goes through it). A server's admin process has it open long before."""
    from django.core.cache import caches

    caches["default"].get("spike:warm-up")


def main(plan_path: str, events_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    desk = Desk(plan)
    warm_up()
    start = plan["start"]
    with open(events_path, "a", encoding="utf-8") as events:
        for at, kind, n in schedule(plan):
            wait = start + at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                marks = getattr(desk, kind)(n)
            except Exception as error:  # noqa: BLE001 (reported and checked by spike.py, never hidden)
                marks = {"error": f"{type(error).__name__}: {error}"}
            events.write(json.dumps({"kind": kind, "n": n, "planned": start + at, **marks}) + "\n")
            events.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
