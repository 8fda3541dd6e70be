"""Prepare bench/spike.py's database after `migrate` and print what the run needs as JSON.

`.venv/bin/python bench/spike_setup.py ARCHIVE SEEDER` (with the run's DATABASE_URL and settings): an archive of
ARCHIVE published articles (`archive_seed`, the one place that says which seeder), the desk's editor (the Biên
tập viên role), and the night's three hot stories, each with bylines, a photo and tags, published through the
workflow's import door as the demo's are. The first is the lead the editor keeps updating, the second gets the
correction, the third is the one taken down.
"""

import contextlib
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.demo.loader import SeedReport, _Authors, ensure_article, ensure_sections  # noqa: E402
from articles.models import Article, Byline, Section  # noqa: E402
from articles.roles import EDITOR  # noqa: E402

EDITOR_USERNAME = "spike-editor"

# Titles the readers' script looks for in every page: nothing the templates escape (no quotes, no &).
HOT_STORIES = (
    {
        "title": "Bão số 9 đổ bộ Đồng Nai: mưa lớn diện rộng, nhiều tuyến đường ngập sâu",
        "section": "thoi-su",
        "tags": ["Bão số 9", "Mưa lũ", "Phòng chống thiên tai"],
    },
    {
        "title": "Hồ Trị An xả lũ khẩn cấp, hạ du sông Đồng Nai di dời hàng nghìn hộ dân",
        "section": "thoi-su",
        "tags": ["Hồ Trị An", "Mưa lũ", "Sông Đồng Nai"],
    },
    {
        "title": "Sạt lở vùi lấp quốc lộ 20 đoạn qua Định Quán, giao thông tê liệt nhiều giờ",
        "section": "xa-hoi",
        "tags": ["Sạt lở", "Quốc lộ 20", "Định Quán"],
    },
)

PARAGRAPHS = (
    "Từ chiều tối, mưa lớn kéo dài trên toàn tỉnh khiến nhiều khu dân cư tại Biên Hòa, Long Khánh và Trảng Bom bị "
    "ngập sâu, có nơi nước lên tới nửa mét. Lực lượng chức năng đã có mặt để hỗ trợ người dân di chuyển tài sản.",
    "Theo Đài khí tượng thủy văn tỉnh, lượng mưa đo được trong 6 giờ qua phổ biến từ 120 đến 180 mm, riêng khu "
    "vực Tân Phú và Định Quán trên 200 mm. Mưa còn tiếp diễn trong đêm nay và ngày mai.",
    "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn tỉnh yêu cầu các địa phương rà soát, di dời người dân ở "
    "vùng trũng thấp, ven sông và khu vực có nguy cơ sạt lở đến nơi an toàn trước 22 giờ.",
    "Các trường học trên địa bàn được phép cho học sinh nghỉ học ngày mai nếu điều kiện không bảo đảm an toàn. Sở "
    "Giáo dục và Đào tạo đề nghị phụ huynh theo dõi thông báo của nhà trường.",
    "Công ty Điện lực Đồng Nai cho biết đã tạm ngừng cấp điện tại một số khu vực bị ngập để bảo đảm an toàn, và "
    "sẽ cấp điện trở lại ngay khi nước rút.",
    "Người dân cần hỗ trợ khẩn cấp có thể gọi đường dây nóng của Ban Chỉ huy phòng chống thiên tai tỉnh, hoạt động "
    "suốt 24 giờ trong những ngày mưa bão.",
    "Báo Đồng Nai sẽ tiếp tục cập nhật diễn biến mưa bão và công tác ứng phó trên địa bàn tỉnh.",
)


def archive_seed(count: int, seeder: str) -> str:
    """The archive under the hot stories; the one place that says how it is made.

    "realistic": bench/seed_realistic.py (photos, bylines, tags, 7–10 paragraphs), once it exists in the
    checkout; "basic": bench/seed_articles.py (title, sapo, one paragraph), always there.
    """
    if seeder == "realistic":
        subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [sys.executable, str(BENCH / "seed_realistic.py"), "--articles", str(count)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return "realistic"
    import seed_articles

    with contextlib.redirect_stdout(io.StringIO()):
        seed_articles.main(count)
    return "basic"


def editor():
    user, _ = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME,
        defaults={"is_staff": True, "first_name": "Trực", "last_name": "Ban biên tập"},
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def hot_stories(desk_user) -> list[Article]:
    report = SeedReport()
    sections = ensure_sections(report)
    authors = _Authors()
    now = timezone.now()
    stories = []
    for number, story in enumerate(HOT_STORIES, start=1):
        spec = {
            "title": story["title"],
            "slug": f"tin-nong-{number}",
            "sapo": f"(ĐN) - {story['title']}. Diễn biến mới nhất được cập nhật liên tục.",
            "body": PARAGRAPHS,
            "section": story["section"] if story["section"] in sections else next(iter(sections)),
            "bylines": [("Nguyệt Hà", Byline.Role.TEXT), ("Huy Anh", Byline.Role.PHOTO)],
            "photos": [
                {"caption": f"Hiện trường: {story['title']}", "credit": "Ảnh: Huy Anh", "seed": f"spike-{number}"}
            ],
            "tags": story["tags"],
        }
        # Published a few minutes apart, the newest first on the home page.
        published_at = now - timedelta(minutes=10 * number)
        stories.append(
            ensure_article(spec, sections=sections, authors=authors, report=report, published_at=published_at,
                           steps_by=desk_user)
        )  # fmt: skip
    return stories


def main(archive: int, seeder: str) -> None:
    used = archive_seed(archive, seeder)
    desk_user = editor()
    hot = hot_stories(desk_user)
    sections = [section.get_absolute_url() for section in Section.objects.order_by("position", "id")]
    print(
        json.dumps(
            {
                "seeder": used,
                "published": Article.objects.published().count(),
                "editor": desk_user.username,
                "hot": [
                    {"id": article.pk, "url": article.get_absolute_url(), "title": article.title} for article in hot
                ],
                "sections": sections,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
