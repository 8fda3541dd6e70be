"""The editorial workflow: the states an article passes through, who may move it, and the one door.

Read the table first (articles/workflow/table.py, one step per line; each row also says whom the step
tells and whose move it is next). Every status change of an article goes through `transition()`: the
admin's buttons and actions, management commands and tests alike; seeding and imports go through
`article_import()`, the same steps with only the permission check skipped. Nothing else writes `status`
or `published_at` (the admin form shows both read-only), and every audited write — steps, corrections,
edits, creations — goes through `article_write()` (write.py).

    action     from                 to          who may               note      tells       holds next
    submit     draft                in review   edit_any, or author   -         editors     editors
    withdraw   in review            draft       the author only       -         -           reporter    (until acted on)
    return     in review, approved  draft       publish_article       required  reporter    reporter
    approve    in review            approved    publish_article       -         chief       chief       (sign-off level)
    publish    in review            published   publish_article       -         reporter    nobody      (now or later)
    publish    approved             published   sign_off_article      -         reporter    nobody      (sign-off level)
    take_down  published            taken down  take_down_article     required  reporter    nobody
    republish  taken down           published   take_down_article     -         -           nobody

A reporter may withdraw a submission until someone acts on it: once anyone else has written to the
article since (an edit saved, a step taken), "withdraw" is refused and the reporter asks for a return.

Whatever the table, no step puts an article before readers while one of its photos lacks alt text (the
description a blind reader's screen reader says instead of the picture): publish, the editor-in-chief's
final publish and republish all refuse with MissingAltText, which names the photos; the admin does not
offer such a step, and says which photos to describe instead. Submitting and approving do not check.

With the second level on (settings.NEWSROOM_SIGN_OFF, or Section.requires_sign_off) an editor's
"approve" leads to `approved`, and only the editor-in-chief's sign_off_article publishes from there.
A scheduled article is `published` with a future `published_at`: `Article.objects.published()`
compares with now, so it appears by itself at that minute, with no cron job.
"""

from articles.models import Article, ArticleEvent, user_display_name
from articles.workflow.door import (
    PAST_TOLERANCE,
    article_create,
    article_import,
    articles_import_published,
    available_transitions,
    can_delete,
    can_edit,
    can_view,
    check_alt_text,
    check_may_take,
    edit_record,
    is_author,
    may_take,
    path_to,
    photos_to_describe,
    record_edit,
    refused_transitions,
    step_refusal,
    steps_for,
    transition,
)
from articles.workflow.errors import (
    AlreadyActedOn,
    EditConflict,
    InvalidPublishTime,
    MissingAltText,
    NoteRequired,
    PhotoToDescribe,
    TransitionForbidden,
    TransitionNotAllowed,
    WorkflowError,
)
from articles.workflow.table import (
    APPROVE,
    HOLDERS,
    ONE_LEVEL,
    PUBLISH,
    REPUBLISH,
    RETURN,
    SIGN_OFF,
    SUBMIT,
    TAKE_DOWN,
    TWO_LEVEL,
    WITHDRAW,
    Audience,
    Transition,
    find_rule,
    holder_label,
    holder_of,
    rule_named,
    table_for,
)
from articles.workflow.write import ArticleWrite, article_write, check_version

Status = Article.Status
Action = ArticleEvent.Action

__all__ = [
    "APPROVE",
    "Action",
    "AlreadyActedOn",
    "ArticleWrite",
    "Audience",
    "EditConflict",
    "HOLDERS",
    "InvalidPublishTime",
    "MissingAltText",
    "NoteRequired",
    "ONE_LEVEL",
    "PAST_TOLERANCE",
    "PUBLISH",
    "PhotoToDescribe",
    "REPUBLISH",
    "RETURN",
    "SIGN_OFF",
    "SUBMIT",
    "Status",
    "TAKE_DOWN",
    "TWO_LEVEL",
    "Transition",
    "TransitionForbidden",
    "TransitionNotAllowed",
    "WITHDRAW",
    "WorkflowError",
    "article_create",
    "article_import",
    "article_write",
    "articles_import_published",
    "available_transitions",
    "can_delete",
    "can_edit",
    "can_view",
    "check_alt_text",
    "check_may_take",
    "check_version",
    "edit_record",
    "find_rule",
    "holder_label",
    "rule_named",
    "holder_of",
    "is_author",
    "may_take",
    "path_to",
    "photos_to_describe",
    "record_edit",
    "refused_transitions",
    "step_refusal",
    "steps_for",
    "table_for",
    "transition",
    "user_display_name",
]
