"""A realistic Vietnamese corpus for the search benchmark: words with a newspaper's skew.

Common syllables follow a Zipf law (a handful are in nearly every article), about 90 place names are
of middling frequency (one in the title of many articles), and 12,000 rare tokens (companies, road and
decree numbers) each turn up in a few dozen articles. Deterministic: the same seed gives the same text.
Each word comes with its normalised form (articles.search.normalize), so the bench never has to
normalise 400 MB of text in Python.
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words(
    """
và của có là người các những được cho với trong không đã này một để khi đến theo về từ tỉnh năm ngày
dân huyện xã công tác cũng như ra sẽ đang phát triển kinh tế xã hội làm việc thực hiện nhiều tại
trên hơn chính quyền địa phương cán bộ đồng chí lãnh đạo ban chỉ đạo hội nghị tổ chức nhân thành phố
khu vực dự án đầu tư giao thông xây dựng đường cầu nông nghiệp nông dân sản xuất lúa cây trồng vật
nuôi giá thị trường doanh nghiệp lao động việc làm học sinh trường giáo dục y tế bệnh viện sức khỏe
mưa bão lũ ngập nước sông biển rừng môi trường an ninh trật tự công an cảnh sát vụ án điều tra tai
nạn xe máy ô tô gia đình trẻ em phụ nữ văn hóa lễ hội du lịch thể thao bóng đá giải đấu chương trình
kế hoạch mục tiêu kết quả đánh giá tăng giảm so với cùng kỳ tháng quý trước sau mới cũ lớn nhỏ cao
thấp nhanh chậm tốt khó khăn thuận lợi hỗ trợ chính sách pháp luật quy định nghị quyết quyết định
thông báo yêu cầu đề nghị kiến nghị ý kiến cử tri đại biểu quốc hội hội đồng ủy ban mặt trận đoàn
thanh niên cựu chiến binh quân sự quốc phòng biên giới bộ đội chiến sĩ an toàn phòng chống dịch bệnh
vắc xin tiêm chủng điện nước sạch nhà ở đất đai quy hoạch giải phóng mặt bằng bồi thường tái định cư
khu công nghiệp nhà máy xuất khẩu nhập khẩu hàng hóa chợ siêu thị tiêu dùng ngân hàng vốn vay thuế
ngân sách chi thu tài chính kho bạc bảo hiểm hưu trí người cao tuổi hộ nghèo cận nghèo trao tặng quà
tết xuân mùa hè thu đông sáng chiều tối đêm hôm qua nay mai
"""
)

PLACES = """
Biên Hòa|Long Khánh|Trảng Bom|Nhơn Trạch|Long Thành|Vĩnh Cửu|Định Quán|Tân Phú|Xuân Lộc|Cẩm Mỹ|
Thống Nhất|Hố Nai|Tam Hiệp|Bửu Long|Phước Tân|Tam Phước|An Bình|Trị An|Mã Đà|Cát Tiên|La Ngà|
Gia Kiệm|Dầu Giây|Bàu Xéo|Sông Ray|Xuân Đà|Xuân Trường|Phú Hữu|Đại Phước|Hiệp Phước|Phước An|
Long Tân|Bình An|An Phước|Lộc An|Suối Trầu|Cẩm Đường|Bàu Hàm|Sông Trầu|Thanh Bình|Cây Gáo|
Tân Triều|Bình Lợi|Thạnh Phú|Hiếu Liêm|Phú Lý|Mã Đà|Thuận Lợi|Gia Canh|Ngọc Định|Phú Cường|
Túc Trưng|La Ngà|Phú Vinh|Phú Tân|Thanh Sơn|Phú Bình|Phú Lâm|Nam Cát Tiên|Tà Lài|Đắk Lua|
Xuân Bắc|Xuân Thọ|Suối Cát|Xuân Hiệp|Xuân Phú|Bảo Hòa|Xuân Định|Xuân Tâm|Xuân Hưng|Xuân Hòa|
Xuân Tây|Xuân Đông|Long Giao|Nhân Nghĩa|Bảo Bình|Xuân Quế|Sông Nhạn|Thừa Đức|Lâm San|
Long An|Long Phước|Bàu Cạn|Bình Sơn|Cẩm Đường|Tân Hiệp|Phước Bình|Phước Thái|Long Đức
""".replace("\n", "").split("|")

NAMES = """
Nguyệt Hà|Gia Bảo|Minh Châu|Thanh Tùng|Bích Ngọc|Hồng Phúc|Ngọc Diệp|Huy Anh|Khánh Vy|Quang Huy|
Thu Hằng|Đức Trung|Lan Anh|Văn Truyền|Hải Yến|Phương Liễu|Kim Liễu|Hoàng Lộc|Công Nghĩa|Bảo Ngọc|
Vân Anh|Trung Hiếu|Mai Hương|Sơn Thao|Thanh Hải|Ly Na|Hồng Nga|Thái Hà|Phạm Tùng|Ngọc Liên|
Bảo Anh|Hải Quân|Trà My|Minh Thành|Hà Anh|Đăng Tùng|Lê Duy|Hoàng Hải|Ánh Tuyết|Phan Anh
""".replace("\n", "").split("|")

COMPANIES = _words(
    """
Sonadezi Amata Vedan Formosa Changshin Pouchen Taekwang Hyosung Bosch Nestlé Biwase Tín Nghĩa
Vinacapital Becamex Đồng Phú Dofico Donataba Lixeha Donagamex Shinhan Agribank Vietcombank BIDV
Sacombank Vietinbank Masan Vinamilk Hòa Phát Unilever
"""
)


def plain(word: str) -> str:
    from articles.search import normalize

    return normalize(word).strip()


class Corpus:
    """Words (as printed, normalised) drawn with a newspaper's skew."""

    def __init__(self, seed: int = 10):
        self.random = random.Random(seed)
        self.common = [(word, plain(word)) for word in dict.fromkeys(COMMON)]
        self.common_weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.common))]
        self.places = [(name, plain(name)) for name in dict.fromkeys(PLACES)]
        self.place_weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(self.places))]
        self.rare = [(word, plain(word)) for word in self._rare_words()]
        self.names = [(name, plain(name)) for name in NAMES]

    def _rare_words(self) -> list[str]:
        words = [f"ĐT{n}" for n in range(700, 900)] + [f"QL{n}" for n in (1, 20, 51, 56)]
        words += [f"{n}/NĐ-CP" for n in range(1, 300)] + [
            f"{company}{n}" for company in COMPANIES for n in range(1, 380)
        ]
        words += COMPANIES
        return words[:12_000]

    def words(self, count: int, rare_share: float = 0.0, places: int = 0) -> list[tuple[str, str]]:
        picked = self.random.choices(self.common, weights=self.common_weights, k=count)
        for _ in range(places):
            picked.insert(
                self.random.randrange(len(picked) + 1), self.random.choices(self.places, self.place_weights)[0]
            )
        for _ in range(sum(self.random.random() < rare_share for _ in range(count))):
            picked.insert(self.random.randrange(len(picked) + 1), self.random.choice(self.rare))
        return picked

    def sentence(self, count: int, rare_share: float = 0.0, places: int = 0) -> tuple[str, str]:
        """(text, its normalised words without the padding)."""
        words = self.words(count, rare_share, places)
        text = " ".join(word for word, _ in words)
        return text[0].upper() + text[1:], " ".join(normal for _, normal in words)
