"""A realistic archive for benchmarks: N published articles shaped like the real paper's, in a few seconds.

    .venv/bin/python bench/seed_realistic.py --articles 5000 [--seed 1] [--english 0.08] [--views 300]

Run on a migrated database (DATABASE_URL, DJANGO_SETTINGS_MODULE as for manage.py; MEDIA_ROOT receives the
photo files). Each article has a Vietnamese title and a "(ĐN) - …" sapo, a body of 7–10 paragraphs (the demo
paper's own prose, reshuffled), 1–3 photos with captions and credits, one or two bylines (a photographer's
on some), 3–5 tags from a vocabulary of ~300 with a skewed (Zipf) use, and a publication time spread over
the last two years (more of them recent). About 8 % have an English edition linked to them; a few carry a
correction. --views N gives the newest N articles plausible readers (demo/views.py, through ranking.py).

Fast by construction: the articles go in through workflow.articles_import_published (bulk, with the
"publish" event and snapshot each real one has); photos, bylines, tags and corrections by bulk_create; the
photos share a small pool of stand-in JPEGs (demo/photos.py) whose renditions are made once. A second run adds
N more articles (slugs stay unique). Prints one summary line; the last line is the newest article's address.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import images, search  # noqa: E402
from articles.demo.articles import DEMO_ARTICLES  # noqa: E402
from articles.demo.articles_en import TRANSLATIONS  # noqa: E402
from articles.demo.loader import SeedReport, body_html, ensure_sections, one_line, paragraphs  # noqa: E402
from articles.demo.photos import MOTIFS_BY_SECTION, render_photo  # noqa: E402
from articles.demo.seed_article import SEED_ARTICLE  # noqa: E402
from articles.models import Article, Author, Byline, Correction, Photo, Tag, TaggedArticle  # noqa: E402
from articles.text import slugify_vi  # noqa: E402
from articles.workflow import articles_import_published  # noqa: E402

PLACES = (
    "Biên Hòa", "Long Khánh", "Nhơn Trạch", "Trảng Bom", "Long Thành", "Xuân Lộc", "Định Quán", "Tân Phú",
    "Vĩnh Cửu", "Thống Nhất", "Cẩm Mỹ",
)  # fmt: skip

# Headline patterns by section: {place} is a district or city of the province, {n} a number.
TITLES: dict[str, tuple[str, ...]] = {
    "thoi-su": (
        "{place} khẩn trương khắc phục hậu quả mưa lớn kéo dài",
        "Thông xe kỹ thuật cầu nối {place} với quốc lộ 51",
        "Lãnh đạo tỉnh kiểm tra tiến độ các công trình trọng điểm tại {place}",
        "Hơn {n} hộ dân {place} được hỗ trợ sau trận lốc xoáy",
        "Đẩy nhanh giải phóng mặt bằng đường Vành đai 3 qua {place}",
    ),
    "chinh-tri": (
        "Đảng bộ {place} tổng kết công tác xây dựng Đảng năm {year}",
        "HĐND tỉnh chất vấn về quản lý đất đai tại {place}",
        "Tiếp xúc cử tri {place} trước kỳ họp thứ {n}",
        "Nâng cao chất lượng sinh hoạt chi bộ ở {place}",
        "Trao huy hiệu Đảng cho {n} đảng viên {place}",
    ),
    "kinh-te": (
        "Kim ngạch xuất khẩu của {place} tăng {n}% so với cùng kỳ",
        "Khu công nghiệp {place} thu hút thêm {n} dự án FDI",
        "Doanh nghiệp {place} tìm đơn hàng cho quý cuối năm",
        "Giá hồ tiêu tại {place} tăng mạnh, nông dân phấn khởi",
        "Thu ngân sách {place} đạt {n}% dự toán năm",
    ),
    "xa-hoi": (
        "Trao {n} căn nhà tình thương cho hộ nghèo {place}",
        "Công nhân {place} đón Tết sum vầy nhờ chuyến xe miễn phí",
        "Bếp ăn thiện nguyện ở {place} duy trì {n} suất mỗi ngày",
        "{place} giải quyết việc làm cho hơn {n} lao động",
        "Hỗ trợ sinh kế cho người khuyết tật tại {place}",
    ),
    "quoc-phong-an-ninh": (
        "Diễn tập khu vực phòng thủ {place} năm {year}",
        "{n} thanh niên {place} lên đường nhập ngũ",
        "Lực lượng vũ trang {place} giúp dân khắc phục thiên tai",
        "Ra mắt mô hình tổ tự quản an ninh trật tự ở {place}",
        "Huấn luyện dân quân tự vệ {place} đạt kết quả cao",
    ),
    "phap-luat": (
        "Triệt phá đường dây đánh bạc qua mạng tại {place}",
        "Khởi tố {n} đối tượng lừa đảo chiếm đoạt tài sản ở {place}",
        "Xử phạt {n} xe quá tải trên tuyến đường qua {place}",
        "Cảnh báo thủ đoạn giả danh công an gọi điện ở {place}",
        "Tòa án {place} xét xử vụ án khai thác cát trái phép",
    ),
    "van-hoa-the-thao": (
        "Lễ hội trái cây {place} thu hút hàng nghìn du khách",
        "Giải việt dã {place} năm {year} có {n} vận động viên",
        "Phục dựng lễ hội truyền thống của đồng bào dân tộc ở {place}",
        "Đội bóng đá {place} giành quyền vào chung kết giải tỉnh",
        "Trùng tu di tích lịch sử cấp quốc gia tại {place}",
    ),
    "giao-duc": (
        "{place} cần thêm {n} phòng học trước năm học mới",
        "Học sinh {place} đoạt {n} giải học sinh giỏi cấp quốc gia",
        "Tuyển sinh lớp 10 ở {place}: áp lực ở các trường trung tâm",
        "Giáo viên vùng sâu {place} bám trường, bám lớp",
        "Trao {n} suất học bổng cho học sinh nghèo {place}",
    ),
    "suc-khoe": (
        "Trung tâm Y tế {place} đưa vào sử dụng khoa hồi sức mới",
        "Ca mắc sốt xuất huyết ở {place} tăng {n}% trong tháng",
        "Tiêm vắc xin sởi cho hơn {n} trẻ em tại {place}",
        "Bệnh viện {place} cứu sống bệnh nhân ngừng tim",
        "Khám bệnh, phát thuốc miễn phí cho {n} người dân {place}",
    ),
    "nong-nghiep-nong-thon": (
        "Nông dân {place} chuyển đổi {n} ha cà phê sang sầu riêng",
        "{place} đạt chuẩn nông thôn mới nâng cao",
        "Chăn nuôi an toàn sinh học giúp hộ dân {place} tăng thu nhập",
        "Hợp tác xã {place} liên kết tiêu thụ {n} tấn bưởi",
        "Nạo vét kênh mương, chủ động nước tưới vụ đông xuân ở {place}",
    ),
    "do-thi": (
        "Chỉnh trang {n} tuyến phố trung tâm {place}",
        "Xử lý điểm ngập trên đường Phạm Văn Thuận ở {place}",
        "{place} quy hoạch thêm {n} ha công viên cây xanh",
        "Khu tái định cư {place} sẵn sàng đón dân",
        "Lắp đèn chiếu sáng cho các tuyến hẻm ở {place}",
    ),
    "ban-doc": (
        "Bạn đọc phản ánh: đường vào khu dân cư ở {place} xuống cấp",
        "Người dân {place} mong sớm có nước sạch",
        "Hồi âm: đã sửa đèn tín hiệu tại nút giao ở {place}",
        "Bạn đọc hỏi về thủ tục cấp giấy chứng nhận đất ở {place}",
        "Rác thải ùn ứ ở chợ {place}, người dân bức xúc",
    ),
}

# Tags a provincial paper uses, beyond the demo's own: institutions, places, topics, recurring events.
EXTRA_TAGS = """
Tỉnh ủy Đồng Nai; UBND tỉnh; Mặt trận Tổ quốc; Đoàn Thanh niên; Hội Nông dân; Hội Liên hiệp Phụ nữ; Hội Cựu chiến
binh; Công đoàn; Bảo hiểm xã hội; Kho bạc Nhà nước; Cục Thuế; Sở Tài chính; Sở Kế hoạch và Đầu tư; Sở Xây dựng;
Sở Giao thông vận tải; Sở Y tế; Sở Giáo dục và Đào tạo; Sở Nông nghiệp; Sở Tài nguyên và Môi trường; Sở Văn hóa;
Công an Biên Hòa; Tòa án nhân dân tỉnh; Viện Kiểm sát; Bộ Chỉ huy Quân sự tỉnh; Bộ đội Biên phòng; Cảnh sát giao
thông; Phòng cháy chữa cháy; Cứu hộ cứu nạn; Quốc lộ 1; Quốc lộ 20; Quốc lộ 51; Cao tốc Biên Hòa - Vũng Tàu; Cao
tốc Dầu Giây - Phan Thiết; Đường Vành đai 3; Đường Vành đai 4; Cầu Đồng Nai; Sông Đồng Nai; Hồ Trị An; Vườn quốc
gia Cát Tiên; Khu bảo tồn Đồng Nai; Núi Chứa Chan; Thác Giang Điền; Văn miếu Trấn Biên; Chiến khu D; Xuân Lộc;
Định Quán; Tân Phú; Vĩnh Cửu; Thống Nhất; Cẩm Mỹ; Trảng Bom; Nhơn Trạch; Tam Phước; Hố Nai; Tân Hiệp; Trảng
Dài; Phước Tân; An Phước; Long Đức; Hiệp Phước; Xuân Lập; Gia Kiệm; Phú Lý; Mã Đà; Tà Lài; Bình Đa; Bửu Long;
Xuất khẩu; Nhập khẩu; FDI; Thu ngân sách; Giải ngân đầu tư công; Lãi suất; Giá vàng; Giá xăng dầu; Giá lúa gạo;
Sầu riêng; Cà phê; Cao su; Bưởi; Chôm chôm; Xoài; Heo; Gà; Dịch tả heo châu Phi; Cúm gia cầm; Sâu bệnh; Hạn mặn;
Nước sạch; Thủy lợi; Kênh mương; Phân bón; Hợp tác xã; OCOP; Nông thôn mới; Nông nghiệp công nghệ cao; Du lịch;
Du lịch sinh thái; Lễ hội; Di tích; Âm nhạc; Mỹ thuật; Sách; Điện ảnh; Bóng đá; Bóng chuyền; Điền kinh; Cờ vua;
Võ thuật; Bơi lội; Thể thao học đường; Đại hội Thể dục thể thao; V-League; Hạng Nhất; Học bổng; Tuyển sinh; Thi
tốt nghiệp THPT; Kỳ thi vào lớp 10; Trường học; Đại học Đồng Nai; Giáo dục nghề nghiệp; Sách giáo khoa; Bạo lực
học đường; An toàn thực phẩm; Sốt xuất huyết; Tay chân miệng; Tiêm chủng; Bảo hiểm y tế; Khám chữa bệnh; Dược
phẩm; Hiến máu; Bệnh viện Thống Nhất; Trung tâm y tế; Y tế cơ sở; Người cao tuổi; Trẻ em; Người khuyết tật; Hộ
nghèo; Nhà tình thương; An sinh xã hội; Việc làm; Tiền lương; Nhà ở xã hội; Lao động nhập cư; Tết Nguyên đán;
Trung thu; Ngày Thương binh liệt sĩ; Quốc khánh 2-9; Ngày Giải phóng miền Nam; Bầu cử; Kỳ họp HĐND; Tiếp xúc cử
tri; Cải cách hành chính; Chuyển đổi số; Dịch vụ công trực tuyến; Căn cước công dân; Phòng chống tham nhũng;
Kỷ luật đảng viên; Học tập và làm theo Bác; Xây dựng Đảng; Quy hoạch tỉnh; Sáp nhập đơn vị hành chính; Đất đai;
Giấy chứng nhận quyền sử dụng đất; Bồi thường tái định cư; Khai thác cát; Khoáng sản; Môi trường; Rác thải;
Ô nhiễm không khí; Nước thải; Ngập nước; Mưa lớn; Lốc xoáy; Cháy rừng; Sạt lở; Thời tiết; Tai nạn giao thông;
Vi phạm nồng độ cồn; Đua xe trái phép; Ma túy; Trộm cắp; Lừa đảo qua mạng; Tín dụng đen; Cờ bạc; Buôn lậu; Hàng
giả; Xét xử; Khởi tố; Truy nã; Án lệnh; Trật tự đô thị; Lấn chiếm vỉa hè; Công viên; Chiếu sáng công cộng;
Xe buýt điện; Bến xe; Đường sắt; Đường thủy; Cảng Phước An; Logistics; Năng lượng tái tạo; Điện mặt trời; Điện
lực; Viễn thông; Khởi nghiệp; Doanh nhân; Thương mại điện tử; Chợ truyền thống; Siêu thị; Bình ổn giá; Kiều bào;
Hợp tác quốc tế; Hàn Quốc; Nhật Bản; Đài Loan; Đồng bào dân tộc; Người Chơro; Người Hoa; Tôn giáo; Gương người tốt
việc tốt; Cựu chiến binh; Thanh niên tình nguyện; Mùa hè xanh; Hiến đất làm đường; Bạn đọc phản ánh; Hồi âm;
Tư vấn pháp luật; Đường dây nóng
"""

PHOTOGRAPHERS = ("Phúc Khang", "Gia Bảo", "Huy Anh", "Công Nghĩa", "Văn Gia", "Phạm Tùng", "Minh Thành", "Sơn Thuận")
REPORTERS = (
    "Nguyệt Hà", "Minh Châu", "Lê Thị Thu Hằng", "Trần Minh Khoa", "Đinh Thị Thảo", "Hoàng Vũ", "Thanh Tùng",
    "Lam Giang", "Thảo Nguyên", "Ngọc Diệp", "Trúc Mai", "Quế Lâm", "Đức Trí", "Nhật Minh", "Bích Ngọc",
    "Khánh Vy", "Hồng Phúc", "An Nhiên", "Hải Quân", "Kim Liễu", "Hoàng Lộc", "Phương Hằng", "Văn Truyền",
    "Lý Bình", "Thu Hoài", "Đăng Tùng", "Ly Na", "Bảo Ngọc", "Hải Yến", "Mai Liên", "Vân Ly", "Hoàng Hải",
    "Nguyễn Trần Đông", "Phạm Tuân", "Trần Danh", "Hải Hà", "Thanh Hải", "Bình Nguyên", "Tố Tâm", "Minh Hạnh",
)  # fmt: skip
# The section mix of a provincial paper's output: news, society and the economy first.
SECTION_WEIGHTS = {
    "thoi-su": 16, "xa-hoi": 12, "kinh-te": 11, "chinh-tri": 8, "phap-luat": 9, "van-hoa-the-thao": 9,
    "giao-duc": 7, "suc-khoe": 7, "nong-nghiep-nong-thon": 7, "quoc-phong-an-ninh": 5, "do-thi": 5, "ban-doc": 4,
}  # fmt: skip
PHOTO_POOL_PER_MOTIF = 4  # distinct pictures per motif; all photos share these files
ARCHIVE_DAYS = 730
BATCH = 1000


def tag_vocabulary(rng: random.Random) -> list[str]:
    """~300 distinct tags, the demo's and EXTRA_TAGS, in a shuffled order that fixes their popularity rank."""
    names = [tag for article in DEMO_ARTICLES for tag in article["tags"]] + list(PLACES)
    names += [one_line(name) for name in EXTRA_TAGS.split(";")]
    vocabulary = list(dict.fromkeys(name for name in names if name))
    rng.shuffle(vocabulary)
    return vocabulary


def pick_tags(rng: random.Random, vocabulary: list[str], cumulative: list[float]) -> list[str]:
    count = rng.randint(3, 5)
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        chosen.update(dict.fromkeys(rng.choices(vocabulary, cum_weights=cumulative, k=count - len(chosen))))
    return list(chosen)


def text_pools() -> tuple[dict[str, list[str]], list[str], list[str], list[str], list[str]]:
    """(paragraphs by section, all paragraphs, sapo sentences, photo captions, English paragraphs)."""
    by_section: dict[str, list[str]] = {}
    sapos, captions = [], []
    for spec in [*DEMO_ARTICLES, SEED_ARTICLE]:
        by_section.setdefault(spec["section"], []).extend(paragraphs(spec["body"]))
        sapos.append(one_line(spec["sapo"]).removeprefix("(ĐN) - ").removeprefix("(ĐN) – "))
        captions.extend(one_line(photo["caption"]) for photo in spec.get("photos", ()))
    english = [paragraph for translation in TRANSLATIONS.values() for paragraph in paragraphs(translation["body"])]
    every = [paragraph for pool in by_section.values() for paragraph in pool]
    return by_section, every, sapos, captions, english


def photo_pool(per_motif: int = PHOTO_POOL_PER_MOTIF) -> dict[str, list[tuple[str, int, int]]]:
    """Stand-in JPEGs by motif, written once to the media storage with their renditions: (name, width, height)."""
    pool: dict[str, list[tuple[str, int, int]]] = {}
    motifs = sorted({motif for motifs in MOTIFS_BY_SECTION.values() for motif in motifs})
    for motif in motifs:
        for index in range(per_motif):
            name = f"photos/bench/{motif}-{index + 1}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(render_photo(f"bench-{motif}-{index}", motif)))
            images.make_renditions(name)
            pool.setdefault(motif, []).append((name, 1200, 800))
    return pool


def ensure_authors(names: tuple[str, ...]) -> dict[str, Author]:
    slugs = {slugify_vi(name): name for name in names}
    existing = {author.slug: author for author in Author.objects.filter(slug__in=slugs)}
    Author.objects.bulk_create([Author(name=name, slug=slug) for slug, name in slugs.items() if slug not in existing])
    return {author.name: author for author in Author.objects.filter(slug__in=slugs)}


def ensure_tags(vocabulary: list[str]) -> dict[str, Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=vocabulary)}
    taken = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in vocabulary:
        if name in existing:
            continue
        tag = Tag(name=name)
        slug, suffix = tag.slugify(name), 1
        while slug in taken:
            slug, suffix = tag.slugify(name, suffix), suffix + 1
        taken.add(slug)
        tag.slug = slug
        new.append(tag)
    Tag.objects.bulk_create(new)
    return {tag.name: tag for tag in Tag.objects.filter(name__in=vocabulary)}


def publication_times(rng: random.Random, count: int, now) -> list:
    """Newest first, over ARCHIVE_DAYS, denser in recent months (a growing site), in daytime hours."""
    times = []
    for _ in range(count):
        days = ARCHIVE_DAYS * rng.random() ** 1.5
        moment = now - timedelta(days=days)
        local = timezone.localtime(moment)
        if not 5 <= local.hour <= 22:
            moment -= timedelta(hours=8)
        times.append(min(moment, now - timedelta(minutes=5)))
    times.sort(reverse=True)
    return times


def seed(
    count: int, *, rng: random.Random, english_share: float, views: int, photos_per_motif: int = PHOTO_POOL_PER_MOTIF
) -> tuple[dict, str]:
    started = time.monotonic()
    now = timezone.now()
    sections = ensure_sections(SeedReport())
    section_slugs = [slug for slug in SECTION_WEIGHTS if slug in sections]
    section_weights = [SECTION_WEIGHTS[slug] for slug in section_slugs]
    by_section, every, sapos, captions, english_paragraphs = text_pools()
    english_titles = [translation["title"] for translation in TRANSLATIONS.values()]
    english_sapos = [one_line(translation["sapo"]) for translation in TRANSLATIONS.values()]
    vocabulary = tag_vocabulary(rng)
    cumulative, total = [], 0.0
    for rank in range(len(vocabulary)):
        total += 1 / (rank + 1) ** 0.5  # Zipf-like: the top tag on ~12 % of the articles, the last on ~0.7 %
        cumulative.append(total)
    pool = photo_pool(photos_per_motif)
    start = Article.objects.count()  # slugs of a second run differ from the first's

    with transaction.atomic():
        authors = ensure_authors(REPORTERS + PHOTOGRAPHERS)
        tags = ensure_tags(vocabulary)
        plans, articles = [], []
        for n, published_at in enumerate(publication_times(rng, count, now)):
            section = rng.choices(section_slugs, weights=section_weights)[0]
            place = rng.choice(PLACES)
            title = rng.choice(TITLES[section]).format(
                place=place, n=rng.randint(2, 900), year=timezone.localtime(published_at).year
            )
            own = by_section.get(section, every)
            chosen = rng.sample(own, min(len(own), rng.randint(3, 5)))
            chosen += rng.sample(every, rng.randint(7, 10) - len(chosen))
            text = [rng.choice(REPORTERS)] + ([rng.choice(REPORTERS)] if rng.random() < 0.15 else [])
            photos = rng.choices((1, 2, 3), weights=(3, 4, 2))[0]
            plans.append(
                {
                    "section": section,
                    "bylines": list(dict.fromkeys(text)),
                    "photographer": rng.choice(PHOTOGRAPHERS) if rng.random() < 0.4 else None,
                    "photos": photos,
                    "paragraphs": len(chosen),
                    "tags": pick_tags(rng, vocabulary, cumulative),
                }
            )
            article = Article(
                title=title[:255],
                slug=f"{slugify_vi(title, max_length=180)}-{start + n + 1}",
                sapo=f"(ĐN) - {rng.choice(sapos)}",
                body=body_html(tuple(chosen)),
                section=sections[section],
                published_at=published_at,
                language=Article.Language.VIETNAMESE,
            )
            article.search_bylines = search.bylines_copy(plans[-1]["bylines"])
            articles.append(article)
        translated = [index for index in range(count) if rng.random() < english_share]
        for index in translated:
            original = articles[index]
            words = rng.randint(7, 10)
            article = Article(
                title=f"{rng.choice(english_titles)} ({original.slug.rsplit('-', 1)[1]})",
                slug=f"en-{original.slug}"[:200],
                sapo=rng.choice(english_sapos),
                body=body_html(tuple(rng.sample(english_paragraphs, words))),
                section=original.section,
                published_at=original.published_at,
                language=Article.Language.ENGLISH,
            )
            article.search_bylines = original.search_bylines
            plan = dict(plans[index], paragraphs=words, tags=plans[index]["tags"][:3])
            plans.append(plan)
            articles.append(article)

        created = articles_import_published(None, articles, batch_size=BATCH)
        if connection.vendor == "postgresql":
            # The import's vector has no byline names (an import has no bylines yet): one UPDATE adds them.
            Article.objects.filter(pk__in=[article.pk for article in created]).update(
                search_vector=search.weighted_vector(
                    F("search_title"), F("search_sapo"), F("search_body"), F(search.BYLINES_FIELD)
                )
            )
        links = []
        for offset, index in enumerate(translated):
            created[index].translation = created[count + offset]
            links.append(created[index])
        Article.objects.bulk_update(links, ["translation"], batch_size=BATCH)

        bylines, photos, tagged = [], [], []
        for article, plan in zip(created, plans, strict=True):
            for position, name in enumerate(plan["bylines"]):
                bylines.append(Byline(article=article, author=authors[name], role=Byline.Role.TEXT, position=position))
            if plan["photographer"]:
                bylines.append(
                    Byline(article=article, author=authors[plan["photographer"]], role=Byline.Role.PHOTO, position=9)
                )
            motifs = MOTIFS_BY_SECTION.get(plan["section"], ("city",))
            for position in range(plan["photos"]):
                name, width, height = rng.choice(pool[motifs[position % len(motifs)]])
                caption = rng.choice(captions)
                photos.append(
                    Photo(
                        article=article,
                        image=name,
                        width=width,
                        height=height,
                        caption=caption,
                        alt_text=caption,
                        credit=plan["photographer"] or rng.choice(PHOTOGRAPHERS),
                        position=position,
                        # The lead above the body, the others spread through it.
                        after_paragraph=0 if position == 0 else min(position * 3, plan["paragraphs"] - 1),
                        is_lead=position == 0,
                    )
                )
            tagged.extend(TaggedArticle(content_object=article, tag=tags[name]) for name in plan["tags"])
        Byline.objects.bulk_create(bylines, batch_size=BATCH)
        Photo.objects.bulk_create(photos, batch_size=BATCH)
        TaggedArticle.objects.bulk_create(tagged, batch_size=BATCH)

        corrected = rng.sample(created[:count], max(1, count // 200))
        Correction.objects.bulk_create(
            [
                Correction(
                    article=article,
                    kind=Correction.Kind.ERRATUM,
                    wrong_text="Sự việc xảy ra vào sáng thứ ba.",
                    correct_text="Sự việc xảy ra vào chiều thứ ba.",
                    created_at=article.published_at + timedelta(hours=rng.randint(2, 30)),
                )
                for article in corrected
            ]
        )

    viewed = 0
    if views:
        from articles.demo.views import seed_views

        viewed, _ = seed_views(created[:views], now=now)
    summary = {
        "articles": len(created),
        "english": len(translated),
        "photos": len(photos),
        "photo_files": sum(len(files) for files in pool.values()),
        "bylines": len(bylines),
        "tags": len(tags),
        "tagged": len(tagged),
        "corrections": len(corrected),
        "viewed": viewed,
        "seconds": round(time.monotonic() - started, 1),
    }
    return summary, created[0].get_absolute_url()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000, help="Vietnamese articles to add (default 5000)")
    parser.add_argument("--english", type=float, default=0.08, help="share given an English edition (0.08)")
    parser.add_argument("--views", type=int, default=0, help="give the newest N articles demo readers (0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same archive every time (1)")
    args = parser.parse_args(argv)
    if args.articles < 1 or not 0 <= args.english <= 1 or args.views < 0:
        parser.error("--articles must be ≥ 1, --english within 0..1, --views ≥ 0")
    summary, newest = seed(args.articles, rng=random.Random(args.seed), english_share=args.english, views=args.views)
    print(" ".join(f"{key}={value}" for key, value in summary.items()))
    print(newest)


if __name__ == "__main__":
    main()
