"""The seed article (Báo Đồng Nai, 8 September 2022) exactly as the paper printed it, and its English edition.

Copied from shared/seed/000_aa33d29e398f4814.txt, which is not part of the project at run time. Title, sapo,
body paragraphs and captions are character for character the seed's; do not reflow or "fix" them.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

SEED_SLUG = "tiep-tuc-phoi-hop-lanh-dao-chi-dao-hieu-qua-cong-tac-quan-su-quoc-phong-dia-phuong"
# 12:09, 08/09/2022 as the page prints it, in the paper's own time zone.
SEED_PUBLISHED_AT = datetime(2022, 9, 8, 12, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# Both editions use the same stand-in pictures, as the paper reuses its photos in the English edition.
_PHOTO_SEEDS = ("seed-article-photo-1", "seed-article-photo-2")

SEED_ARTICLE = {
    "slug": SEED_SLUG,
    "language": "vi",
    "section": "quoc-phong-an-ninh",
    "title": "Tiếp tục phối hợp lãnh đạo, chỉ đạo hiệu quả công tác quân sự, quốc phòng địa phương",
    "published_at": SEED_PUBLISHED_AT,
    "sapo": (
        "(ĐN) - Là một trong những ý kiến chỉ đạo của đồng chí Hồ Thanh Sơn, Phó bí thư thường trực Tỉnh ủy "
        "tại Hội nghị tổng kết thực hiện quy chế phối hợp giữa Đảng ủy Quân sự tỉnh với các Huyện ủy, Thành "
        "ủy về lãnh đạo công tác quân sự, quốc phòng địa phương (QSQPĐP) và chính sách hậu phương quân đội "
        "giai đoạn 2016-2021 diễn ra sáng 8-9."
    ),
    "body": (
        (
            "Đồng chí Hồ Thanh Sơn đánh giá cao kết quả phối hợp thời gian qua, đồng thời đề nghị Đảng ủy Quân sự "
            "tỉnh và các Huyện ủy, Thành ủy tiếp tục nghiên cứu, phối hợp để tham mưu cho Tỉnh ủy, UBND tỉnh lãnh "
            "đạo, chỉ đạo chặt chẽ nhiệm vụ QSQPĐP trong giai đoạn mới. Trong đó, lãnh đạo kết hợp chặt chẽ nhiệm "
            "vụ phát triển kinh tế - xã hội với đảm bảo quốc phòng - an ninh theo Chiến lược bảo vệ Tổ quốc trong "
            "giai đoạn mới; xây dựng các huyện, thành phố và tỉnh, thành các khu vực phòng thủ vững chắc, có tiềm "
            "lực mọi mặt, tăng cường nhiệm vụ quốc phòng, an ninh trong tình hình mới."
        ),
        (
            "Phó bí thư thường trực Tỉnh ủy lưu ý, cơ quan quân sự các cấp phải tiếp tục nâng cao năng lực dự "
            "báo, nắm chắc tình hình; kịp thời xử lý và tham mưu cho cấp ủy, chính quyền lãnh đạo, chỉ đạo xử lý "
            "có hiệu quả các tình huống, không để bị động bất ngờ, nhất là các tình huống phi truyền thống. Cấp "
            "ủy, chính quyền tiếp tục quan tâm chăm lo xây dựng lực lượng vũ trang các cấp vững mạnh toàn diện để "
            "trong hoàn cảnh nào, lực lượng vũ trang phải là lực lượng tuyệt đối trung thành, nòng cốt bảo vệ "
            "Đảng, Nhà nước, Nhân dân. Phối hợp chặt chẽ tham mưu quản lý, sử dụng nguồn đảng viên sau khi xuất "
            "ngũ trở về các địa phương, góp phần củng cố, xây dựng chính quyền cơ sở vững mạnh; tìm giải pháp xây "
            "dựng lực lượng dân quân tự vệ vững mạnh, rộng khắp; lực lượng dự bị động viên hùng hậu, sẵn sàng "
            "động viên khi có tình huống. Tiếp tục tham mưu thực hiện hiệu quả chính sách hậu phương quân đội, "
            "củng cố vững chắc khu vực địa bàn đóng quân, góp phần xây dựng khu vực phòng thủ vững chắc; xây dựng "
            "cấp ủy, tổ chức Đảng quân sự các cấp trong sạch vững mạnh, có năng lực lãnh đạo, sức chiến đấu cao, "
            "có vai trò, uy tín tại các cơ sở, địa phương."
        ),
        "Dịp này, Đảng ủy Quân sự tỉnh và các Huyện ủy, Thành ủy ký kết quy chế phối hợp giai đoạn 2022-2025.",
    ),
    # The page prints no credit line for these photos; caption and alt text are the same line in the seed.
    "photos": (
        {
            "caption": "Phó bí thư thường trực Tỉnh ủy Hồ Thanh Sơn phát biểu chỉ đạo hội nghị",
            "alt_text": "Phó bí thư thường trực Tỉnh ủy Hồ Thanh Sơn phát biểu chỉ đạo hội nghị",
            "credit": "",
            "after_paragraph": 0,
            "seed": _PHOTO_SEEDS[0],
            "motif": "hall",
        },
        {
            "caption": "Đảng ủy Quân sự tỉnh và các Huyện ủy, Thành ủy ký kết quy chế phối hợp giai đoạn 2022-2025",
            "alt_text": "Đảng ủy Quân sự tỉnh và các Huyện ủy, Thành ủy ký kết quy chế phối hợp giai đoạn 2022-2025",
            "credit": "",
            "after_paragraph": 1,
            "seed": _PHOTO_SEEDS[1],
            "motif": "hall",
        },
    ),
    "bylines": (("Nguyệt Hà", "text"),),
    "tags": ("Quân sự", "Quốc phòng địa phương", "Hồ Thanh Sơn"),
}

SEED_ARTICLE_EN = {
    "language": "en",
    "section": "quoc-phong-an-ninh",
    "title": "Continuing to coordinate effective leadership and direction of local military and defence work",
    "published_at": SEED_PUBLISHED_AT,
    "sapo": (
        "(ĐN) - This was one of the instructions given by Hồ Thanh Sơn, Standing Deputy Secretary of the "
        "Provincial Party Committee, at the conference reviewing the regulation on coordination between the "
        "Provincial Military Party Committee and the district and city Party Committees in leading local "
        "military and defence work and policies for the army's rear in the 2016-2021 period, held on the "
        "morning of September 8."
    ),
    "body": (
        (
            "Hồ Thanh Sơn highly appreciated the results of their coordination so far and asked the Provincial "
            "Military Party Committee and the district and city Party Committees to keep studying and working "
            "together to advise the Provincial Party Committee and the Provincial People's Committee on leading "
            "and directing local military and defence tasks closely in the new period. In particular, they should "
            "closely combine socio-economic development with ensuring national defence and security under the "
            "Strategy for Safeguarding the Fatherland in the new period; build the districts, the cities and the "
            "province into solid defensive zones with strength in every respect; and reinforce defence and "
            "security tasks in the new situation."
        ),
        (
            "The Standing Deputy Secretary noted that military agencies at all levels must keep improving their "
            "capacity to forecast and firmly grasp the situation, and promptly handle situations and advise Party "
            "committees and authorities on leading and directing an effective response, so as never to be caught "
            "off guard, especially by non-traditional threats. Party committees and authorities should continue "
            "to build comprehensively strong armed forces at all levels so that, in any circumstances, the armed "
            "forces remain absolutely loyal and the core force protecting the Party, the State and the People. "
            "They should coordinate closely in advising on the management and use of Party members who return "
            "to their localities after military service, helping to consolidate strong grassroots government; "
            "find ways to build strong and widespread militia and self-defence forces and a large reserve force "
            "ready to be mobilised when needed. They should also keep advising on the effective implementation of "
            "policies for the army's rear, firmly consolidate the areas where troops are stationed, contribute to "
            "solid defensive zones, and build clean and strong military Party committees and organisations at "
            "all levels, with strong leadership capacity, high fighting strength, and standing and prestige in "
            "their units and localities."
        ),
        (
            "On this occasion, the Provincial Military Party Committee and the district and city Party Committees "
            "signed a coordination regulation for the 2022-2025 period."
        ),
    ),
    "photos": (
        {
            "caption": (
                "Hồ Thanh Sơn, Standing Deputy Secretary of the Provincial Party Committee, addresses the conference"
            ),
            "alt_text": (
                "Hồ Thanh Sơn, Standing Deputy Secretary of the Provincial Party Committee, addresses the conference"
            ),
            "credit": "",
            "after_paragraph": 0,
            "seed": _PHOTO_SEEDS[0],
            "motif": "hall",
        },
        {
            "caption": (
                "The Provincial Military Party Committee and the district and city Party Committees sign the "
                "coordination regulation for 2022-2025"
            ),
            "alt_text": (
                "The Provincial Military Party Committee and the district and city Party Committees sign the "
                "coordination regulation for 2022-2025"
            ),
            "credit": "",
            "after_paragraph": 1,
            "seed": _PHOTO_SEEDS[1],
            "motif": "hall",
        },
    ),
    # The English text renders Nguyệt Hà's report; the byline stays hers, as the paper's English edition does.
    "bylines": (("Nguyệt Hà", "text"),),
    "tags": ("Military", "Local defence", "Hồ Thanh Sơn"),
}
