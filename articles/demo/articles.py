"""Demo articles: three weeks of plausible news from a Đồng Nai provincial paper, newest first.

The people, figures and events are invented; the places and institutions are real, so the pages read like the
paper's. The text avoids calendar dates and years because publication times are relative to the day the demo
is seeded (`days_ago` at `time`, local time; see loader.publication_times).

Sapo and body are prose wrapped for the source file: line breaks inside a paragraph are ignored, a blank line
starts a new paragraph. Photo n is placed after body paragraph n (the first above the body) unless
"after_paragraph" says otherwise. Credits are bare names: the site prints them as “Ảnh: …”.
"""

TEXT, PHOTO, TEXT_AND_PHOTO = "text", "photo", "text_photo"

DEMO_ARTICLES = [
    {
        "section": "thoi-su",
        "days_ago": 0,
        "time": "09:15",
        "title": "Mở tuyến xe buýt nối Biên Hòa với Cảng hàng không quốc tế Long Thành",
        "sapo": """
            (ĐN) - Tuyến xe buýt có trợ giá đầu tiên kết nối trung tâm Biên Hòa với nhà ga hành khách Cảng hàng
            không quốc tế Long Thành đã chính thức đón khách, với tần suất 20 phút một chuyến vào giờ cao điểm.
        """,
        "body": """
            Tuyến xe dài khoảng 42 km, xuất phát từ bến xe Biên Hòa, đi theo quốc lộ 51 rồi rẽ vào đường kết nối dẫn
            đến khu vực nhà ga. Mỗi chuyến chạy khoảng 55 phút, giá vé lượt 25 nghìn đồng; học sinh, sinh viên và
            người cao tuổi được giảm một nửa.

            Đơn vị khai thác đưa vào hoạt động 14 xe buýt điện sức chứa 60 chỗ, có khoang để hành lý và bệ hỗ trợ xe
            lăn. Hành khách có thể thanh toán bằng thẻ ngân hàng không tiếp xúc hoặc quét mã QR ngay trên xe.

            Theo Sở Xây dựng, đây là tuyến đầu tiên trong mạng lưới xe buýt kết nối sân bay mà tỉnh đang hoàn thiện.
            Thời gian tới, tỉnh sẽ mở thêm các tuyến từ Long Khánh, Nhơn Trạch và Trảng Bom, đồng thời phối hợp với
            TP. Hồ Chí Minh tổ chức tuyến liên tỉnh.

            Chị Nguyễn Thị Mỹ Linh, một hành khách đi chuyến đầu tiên, chia sẻ: “Trước đây muốn ra sân bay tôi phải
            gọi xe riêng, chi phí khá cao. Có xe buýt chạy đúng giờ, sạch sẽ thế này thì người đi làm như tôi đỡ
            được nhiều”.
        """,
        "photos": [
            {"caption": "Xe buýt điện đón những hành khách đầu tiên tại bến xe Biên Hòa", "credit": "Phúc Khang"},
            {"caption": "Nhà chờ xe buýt ở khu vực nhà ga hành khách", "credit": "Phúc Khang"},
        ],
        "bylines": [("Minh Châu", TEXT), ("Phúc Khang", PHOTO)],
        "tags": ["Xe buýt", "Sân bay Long Thành", "Giao thông công cộng"],
    },
    {
        "section": "xa-hoi",
        "days_ago": 0,
        "time": "06:30",
        "title": "Bếp ăn miễn phí trước cổng bệnh viện ấm lòng người nuôi bệnh",
        "sapo": """
            (ĐN) - Mỗi trưa, trước cổng Bệnh viện Đa khoa Đồng Nai, hàng trăm suất cơm nóng được phát miễn phí cho
            bệnh nhân nghèo và người nhà nuôi bệnh. Bếp ăn đã duy trì suốt bốn năm nhờ một nhóm thiện nguyện và
            những tấm lòng hảo tâm.
        """,
        "body": """
            Từ 5 giờ sáng, căn bếp nhỏ trong con hẻm gần bệnh viện đã đỏ lửa. Những tình nguyện viên, phần lớn là
            người về hưu và sinh viên, người nhặt rau, người rửa thịt, người nấu canh. Đến 10 giờ 30, khoảng 400
            suất cơm gồm cơm, món mặn, rau và canh được đóng hộp, chở ra điểm phát.

            Bà Phan Thị Thu, người khởi xướng bếp ăn, kể rằng ý tưởng bắt đầu từ lần bà nuôi chồng nằm viện, chứng
            kiến nhiều người nhà bệnh nhân ở xa chỉ ăn ổ bánh mì qua bữa để dành tiền mua thuốc. “Một bữa cơm không
            đáng bao nhiêu, nhưng với họ là cả sự động viên”, bà nói.

            Gạo, rau củ, thực phẩm do các nhà hảo tâm, tiểu thương chợ Biên Hòa và nhiều nông dân ở Long Khánh, Xuân
            Lộc gửi tặng. Có những người không để lại tên, chỉ lặng lẽ mang vài bao gạo đến rồi đi.

            Nhóm thiện nguyện mong tìm thêm người chung tay vào những ngày cuối tuần, khi lượng người nuôi bệnh đông
            hơn mà nhiều tình nguyện viên là sinh viên lại về quê.
        """,
        "photos": [
            {"caption": "Tình nguyện viên chuẩn bị suất cơm tại bếp ăn miễn phí", "credit": "Gia Bảo"},
            {"caption": "Người nhà bệnh nhân nhận cơm trước cổng bệnh viện", "credit": "Gia Bảo"},
        ],
        "bylines": [("Lê Thị Thu Hằng", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Thiện nguyện", "Bếp ăn miễn phí", "Bệnh viện Đa khoa Đồng Nai"],
    },
    {
        "section": "phap-luat",
        "days_ago": 1,
        "time": "16:45",
        "title": "Lĩnh án chung thân vì mua bán trái phép chất ma túy",
        "sapo": """
            (ĐN) - TAND tỉnh vừa xét xử sơ thẩm và tuyên phạt bị cáo Nguyễn Văn T. (SN 1988, ngụ phường Tam Hiệp)
            mức án tù chung thân về tội mua bán trái phép chất ma túy.
        """,
        "body": """
            Theo cáo trạng, T. cùng đồng phạm đã nhiều lần mua ma túy tổng hợp từ một đối tượng ở tỉnh khác về chia
            nhỏ, bán lại cho người nghiện tại các khu nhà trọ. Khi bắt quả tang, lực lượng chức năng thu giữ hơn 600
            gram ma túy các loại cùng nhiều cân tiểu ly, túi nilon dùng để phân chia.

            Tại phiên tòa, bị cáo khai nhận hành vi phạm tội, cho rằng do hoàn cảnh khó khăn, nợ nần nên sa ngã. Tuy
            nhiên, hội đồng xét xử nhận định hành vi của bị cáo đặc biệt nguy hiểm, gây ảnh hưởng xấu đến trật tự xã
            hội nên cần cách ly bị cáo khỏi đời sống xã hội trong thời gian dài.

            Hai đồng phạm giúp sức cho T. lần lượt bị tuyên phạt 15 năm và 12 năm tù về cùng tội danh.
        """,
        "photos": [
            {"caption": "Các bị cáo tại phiên tòa", "credit": "Lam Giang"},
        ],
        "bylines": [("Lam Giang", TEXT_AND_PHOTO)],
        "tags": ["Ma túy", "Xét xử", "TAND tỉnh"],
    },
    {
        "section": "nong-nghiep-nong-thon",
        "days_ago": 1,
        "time": "10:20",
        "title": "Nông dân Xuân Lộc chuyển vườn tiêu già cỗi sang trồng xen cây ăn trái",
        "sapo": """
            (ĐN) - Giá hồ tiêu bấp bênh, vườn cây già cỗi, sâu bệnh nhiều, không ít nông dân ở Xuân Lộc đã mạnh dạn
            cải tạo vườn, trồng xen sầu riêng, bơ, mít để tăng thu nhập và giảm rủi ro.
        """,
        "body": """
            Gia đình ông Đinh Văn Hải có hơn 2 ha tiêu trồng từ gần 20 năm trước. Mấy năm gần đây, năng suất giảm
            mạnh, nhiều trụ tiêu chết vì bệnh chết nhanh, chết chậm. Ông quyết định giữ lại những trụ còn khỏe, xen
            giữa các hàng tiêu là sầu riêng và bơ, tận dụng hệ thống tưới sẵn có.

            “Tiêu vẫn cho thu hoạch đều, còn cây ăn trái bắt đầu ra quả từ năm thứ tư. Trồng xen như vậy, năm nào
            tiêu mất giá thì còn trái cây bù lại”, ông Hải chia sẻ.

            Theo cán bộ khuyến nông địa phương, trồng xen giúp che bóng, giữ ẩm cho đất, nhưng nông dân cần tính
            toán mật độ hợp lý, tránh để cây ăn trái lấn át khiến tiêu thiếu ánh sáng. Việc chuyển đổi cũng nên làm
            từng phần, không ồ ạt chặt bỏ vườn tiêu theo phong trào.

            Ngành nông nghiệp đang hỗ trợ nông dân tham gia các tổ hợp tác, áp dụng quy trình canh tác theo hướng
            hữu cơ và cấp mã số vùng trồng để sản phẩm đủ điều kiện xuất khẩu.
        """,
        "photos": [
            {"caption": "Vườn tiêu trồng xen sầu riêng của gia đình ông Đinh Văn Hải", "credit": "Gia Bảo"},
            {"caption": "Cán bộ khuyến nông hướng dẫn nông dân chăm sóc trụ tiêu", "credit": "Gia Bảo"},
        ],
        "bylines": [("Hồng Phúc", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Hồ tiêu", "Chuyển đổi cây trồng", "Xuân Lộc"],
    },
    {
        "section": "chinh-tri",
        "days_ago": 2,
        "time": "15:00",
        "title": "Chất vấn về tiến độ giải ngân vốn đầu tư công tại kỳ họp HĐND tỉnh",
        "sapo": """
            (ĐN) - Tiến độ giải ngân vốn đầu tư công, công tác bồi thường, giải phóng mặt bằng các dự án giao thông
            là những nội dung được nhiều đại biểu HĐND tỉnh quan tâm chất vấn tại phiên họp sáng nay.
        """,
        "body": """
            Đại biểu Lý Văn Tâm (tổ đại biểu Long Thành) đặt câu hỏi về nguyên nhân một số dự án đã được bố trí vốn
            từ đầu năm nhưng tỷ lệ giải ngân vẫn thấp, đồng thời đề nghị làm rõ trách nhiệm của chủ đầu tư khi để
            vốn tồn đọng kéo dài.

            Trả lời chất vấn, Giám đốc Sở Tài chính cho biết vướng mắc chủ yếu nằm ở khâu giải phóng mặt bằng, xác
            định giá đất cụ thể và nguồn vật liệu san lấp. Sở đã tham mưu UBND tỉnh điều chuyển vốn từ các dự án
            chậm sang những dự án có khả năng giải ngân nhanh, đồng thời lập tổ công tác theo dõi từng dự án trọng
            điểm.

            Nhiều đại biểu cũng bày tỏ lo lắng về chất lượng các khu tái định cư. Đại biểu Nguyễn Thị Hoa (tổ đại
            biểu Biên Hòa) dẫn chứng có khu tái định cư đã bàn giao nền nhưng chưa có điện, nước, khiến người dân
            chưa thể xây nhà, ổn định cuộc sống.

            Kết luận phiên chất vấn, Chủ tịch HĐND tỉnh đề nghị UBND tỉnh chỉ đạo các sở, ngành khẩn trương tháo gỡ
            khó khăn, công khai tiến độ từng dự án và báo cáo kết quả tại kỳ họp gần nhất.
        """,
        "photos": [
            {"caption": "Đại biểu HĐND tỉnh chất vấn tại kỳ họp", "credit": "Huy Anh"},
        ],
        "bylines": [("Nhật Minh", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["HĐND tỉnh", "Đầu tư công", "Giải phóng mặt bằng"],
    },
    {
        "section": "van-hoa-the-thao",
        "days_ago": 2,
        "time": "08:10",
        "title": "Hội đua thuyền truyền thống trên sông Đồng Nai quy tụ 16 đội",
        "sapo": """
            (ĐN) - Hàng nghìn người dân và du khách đã đổ về hai bên bờ sông Đồng Nai, đoạn qua cù lao Phố, cổ vũ
            hội đua thuyền truyền thống với sự tham gia của 16 đội đến từ các phường, xã trong tỉnh.
        """,
        "body": """
            Các đội thi đấu ở hai nội dung thuyền nam và thuyền nữ, mỗi thuyền 12 tay chèo, cự ly 800 m. Ngay từ
            lượt đấu loại, nhiều cặp thuyền đã bám đuổi quyết liệt, về đích chỉ cách nhau vài giây, khiến khán giả
            trên bờ reo hò không ngớt.

            Chung cuộc, đội phường Biên Hòa giành giải nhất nội dung nam, đội xã Đại Phước giành giải nhất nội dung
            nữ. Nhiều tay chèo là ngư dân, nông dân sống ven sông, tranh thủ tập luyện vào buổi chiều sau giờ làm.

            Ban tổ chức cho biết, hội đua thuyền được khôi phục nhằm gìn giữ nét văn hóa sông nước của vùng đất Biên
            Hòa - Đồng Nai hơn 300 năm, đồng thời tạo thêm sản phẩm du lịch gắn với cù lao Phố và các di tích ven
            sông.
        """,
        "photos": [
            {"caption": "Các đội thuyền nữ tranh tài trên sông Đồng Nai", "credit": "Gia Bảo"},
            {"caption": "Khán giả cổ vũ dọc bờ sông", "credit": "Gia Bảo"},
            {"caption": "Đội thuyền nam phường Biên Hòa ăn mừng chức vô địch", "credit": "Gia Bảo"},
        ],
        "bylines": [("Trúc Mai", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Đua thuyền", "Sông Đồng Nai", "Cù lao Phố", "Lễ hội"],
    },
    {
        "section": "giao-duc",
        "days_ago": 3,
        "time": "14:20",
        "title": "Học sinh Đồng Nai đoạt giải nhất cuộc thi khoa học kỹ thuật quốc gia",
        "sapo": """
            (ĐN) - Dự án “Thiết bị cảnh báo sớm sạt lở bờ sông dùng cảm biến giá rẻ” của hai học sinh Trường THPT
            chuyên Lương Thế Vinh vừa đoạt giải nhất lĩnh vực Kỹ thuật cơ khí tại cuộc thi khoa học kỹ thuật cấp
            quốc gia dành cho học sinh trung học.
        """,
        "body": """
            Ý tưởng của dự án bắt nguồn từ những lần hai em Phạm Minh Quân và Đặng Khánh Linh theo gia đình về thăm
            quê ven sông, chứng kiến cảnh nhiều mảng đất bị sạt xuống nước. Thiết bị gồm các cảm biến độ ẩm, độ
            nghiêng được cắm dọc bờ, kết nối với điện thoại để gửi cảnh báo khi có dấu hiệu bất thường.

            Điểm được ban giám khảo đánh giá cao là chi phí mỗi bộ thiết bị chỉ khoảng 1,2 triệu đồng, dễ lắp đặt và
            có thể chạy bằng pin năng lượng mặt trời. Nhóm đã thử nghiệm thiết bị trong bốn tháng tại một đoạn bờ
            sông ở Biên Hòa với sự hỗ trợ của chính quyền địa phương.

            Thầy Ngô Đức Hậu, giáo viên hướng dẫn, cho biết nhóm sẽ tiếp tục hoàn thiện phần mềm, bổ sung chức năng
            gửi dữ liệu về trung tâm để cơ quan quản lý theo dõi trên bản đồ số.
        """,
        "photos": [
            {"caption": "Hai học sinh giới thiệu thiết bị cảnh báo sạt lở với ban giám khảo", "credit": "Minh Châu"},
        ],
        "bylines": [("Minh Châu", TEXT_AND_PHOTO)],
        "tags": ["Khoa học kỹ thuật", "Học sinh giỏi", "Lương Thế Vinh"],
    },
    {
        "section": "quoc-phong-an-ninh",
        "days_ago": 3,
        "time": "07:05",
        "title": "Cảnh báo thủ đoạn giả danh cán bộ thuế gọi điện lừa đảo hộ kinh doanh",
        "sapo": """
            (ĐN) - Công an tỉnh vừa phát đi cảnh báo về việc các đối tượng giả danh cán bộ cơ quan thuế, yêu cầu hộ
            kinh doanh cài đặt ứng dụng lạ để “cập nhật thông tin thuế”, rồi chiếm quyền điều khiển điện thoại và
            rút tiền trong tài khoản.
        """,
        "body": """
            Theo Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao, chỉ trong thời gian ngắn đã có
            nhiều hộ kinh doanh ở Biên Hòa, Long Khánh và Trảng Bom trình báo bị mất tiền theo cùng một kịch bản.
            Đối tượng nắm rõ tên, địa chỉ, mã số thuế của nạn nhân nên dễ tạo lòng tin.

            Khi nạn nhân làm theo hướng dẫn, tải ứng dụng qua đường link được gửi trong tin nhắn, điện thoại bị cài
            mã độc. Đối tượng lợi dụng ban đêm để chuyển tiền khỏi tài khoản ngân hàng, có trường hợp thiệt hại hơn
            700 triệu đồng.

            Cơ quan công an khuyến cáo người dân tuyệt đối không cài đặt ứng dụng từ đường link lạ; mọi thủ tục thuế
            được thực hiện tại cơ quan thuế hoặc qua cổng dịch vụ công chính thức. Khi nghi ngờ bị lừa đảo, cần liên
            hệ ngay ngân hàng để phong tỏa tài khoản và báo cho công an nơi gần nhất.
        """,
        "photos": [
            {"caption": "Cán bộ công an hướng dẫn hộ kinh doanh nhận diện tin nhắn lừa đảo", "credit": "Phúc Khang"},
        ],
        "bylines": [("Đức Trí", TEXT)],
        "tags": ["Lừa đảo qua mạng", "Công an tỉnh", "Cảnh báo"],
    },
    {
        "section": "kinh-te",
        "days_ago": 4,
        "time": "17:30",
        "title": "Khu công nghiệp ở Nhơn Trạch đón thêm ba dự án sản xuất linh kiện điện tử",
        "sapo": """
            (ĐN) - Ba nhà đầu tư đến từ Hàn Quốc, Nhật Bản và Singapore vừa nhận giấy chứng nhận đăng ký đầu tư vào
            một khu công nghiệp ở Nhơn Trạch, với tổng vốn hơn 210 triệu USD.
        """,
        "body": """
            Các dự án tập trung sản xuất bảng mạch, linh kiện điện tử và thiết bị điều khiển tự động, dự kiến đi vào
            hoạt động trong vòng 18 tháng tới và tạo việc làm cho khoảng 2.500 lao động. Theo cam kết, các nhà máy
            sẽ dùng điện mặt trời áp mái và hệ thống tái sử dụng nước thải.

            Đại diện Ban Quản lý các khu công nghiệp tỉnh cho biết, tỉnh đang ưu tiên thu hút những dự án công nghệ
            cao, ít thâm dụng lao động phổ thông và có cam kết chuyển giao công nghệ. Hạ tầng giao thông kết nối với
            sân bay Long Thành và các cảng biển ngày càng hoàn thiện là yếu tố được nhà đầu tư đánh giá cao.

            Tuy nhiên, nhiều doanh nghiệp cũng nêu khó khăn trong tuyển dụng kỹ sư, kỹ thuật viên có tay nghề. Tỉnh
            đã giao các trường cao đẳng phối hợp với doanh nghiệp xây dựng chương trình đào tạo theo đơn đặt hàng,
            rút ngắn thời gian từ học đến làm.
        """,
        "photos": [
            {"caption": "Trao giấy chứng nhận đăng ký đầu tư cho các nhà đầu tư", "credit": "Huy Anh"},
            {"caption": "Một góc khu công nghiệp ở Nhơn Trạch", "credit": "Huy Anh"},
        ],
        "bylines": [("Trần Minh Khoa", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Khu công nghiệp", "Thu hút đầu tư", "Nhơn Trạch"],
    },
    {
        "section": "suc-khoe",
        "days_ago": 4,
        "time": "09:40",
        "title": "Cứu sống bệnh nhân ngưng tim nhờ kỹ thuật tim phổi nhân tạo ECMO",
        "sapo": """
            (ĐN) - Các bác sĩ Bệnh viện Đa khoa Đồng Nai vừa cứu sống một nam bệnh nhân 42 tuổi bị ngưng tim do viêm
            cơ tim cấp, nhờ phối hợp hồi sức tích cực và kỹ thuật tim phổi nhân tạo (ECMO).
        """,
        "body": """
            Bệnh nhân nhập viện trong tình trạng đau ngực, khó thở, huyết áp tụt. Chỉ ít giờ sau, người bệnh rơi vào
            rối loạn nhịp nguy hiểm rồi ngưng tim. Ê-kíp hồi sức lập tức ép tim, sốc điện, đồng thời kích hoạt quy
            trình báo động đỏ nội viện để đặt ECMO ngay tại giường.

            Sau sáu ngày hỗ trợ bằng ECMO và điều trị tích cực, chức năng tim của bệnh nhân hồi phục dần. Hiện người
            bệnh đã tỉnh táo, tự ăn uống và đi lại nhẹ nhàng, dự kiến được xuất viện trong tuần tới.

            Theo bác sĩ chuyên khoa II Võ Thành Nhân, Trưởng khoa Hồi sức tích cực - Chống độc, viêm cơ tim cấp
            thường khởi phát sau một đợt cảm cúm và dễ bị bỏ qua vì triệu chứng ban đầu giống mệt mỏi thông thường.
            Khi có biểu hiện đau ngực, hồi hộp, khó thở sau khi ốm, người dân cần đến cơ sở y tế để được kiểm tra
            kịp thời.
        """,
        "photos": [
            {"caption": "Ê-kíp Khoa Hồi sức tích cực theo dõi bệnh nhân đang được hỗ trợ ECMO", "credit": "BVCC"},
        ],
        "bylines": [("An Nhiên", TEXT)],
        "tags": ["ECMO", "Bệnh viện Đa khoa Đồng Nai", "Hồi sức tích cực"],
    },
    {
        "section": "do-thi",
        "days_ago": 5,
        "time": "16:00",
        "title": "Hoàn thành thêm một đoạn đường ven sông Cái, mở không gian công cộng cho Biên Hòa",
        "sapo": """
            (ĐN) - Đoạn đường ven sông Cái dài gần 1,2 km vừa được đưa vào sử dụng, với lối đi bộ, làn xe đạp và dải
            cây xanh, trở thành điểm tập thể dục, dạo mát mới của người dân trung tâm Biên Hòa.
        """,
        "body": """
            Theo Ban quản lý dự án, đoạn đường rộng 26 m, gồm hai làn xe cơ giới, vỉa hè phía sông rộng 8 m được lát
            đá, bố trí ghế nghỉ, đèn chiếu sáng và hệ thống thoát nước tách riêng nước mưa, nước thải. Bờ kè được
            gia cố để chống sạt lở.

            Mỗi chiều, đoạn đường mới thu hút đông người dân đến đi bộ, chạy bộ, trẻ em đạp xe. Bà Lý Thị Nga, sống
            gần đó, cho biết trước đây khu vực này toàn nhà tạm lấn chiếm, rác thải ùn ứ. “Giờ đường đẹp, thoáng
            mát, chiều nào tôi cũng ra đây đi bộ với mấy chị trong xóm”, bà nói.

            Dự án đường ven sông Cái có ý nghĩa quan trọng trong việc chống ngập, chỉnh trang đô thị và phát triển
            du lịch đường sông. Các đoạn còn lại đang được đẩy nhanh giải phóng mặt bằng để sớm thi công, nối thông
            toàn tuyến.
        """,
        "photos": [
            {"caption": "Đoạn đường ven sông Cái vừa được đưa vào sử dụng", "credit": "Gia Bảo"},
            {"caption": "Người dân đi bộ, tập thể dục trên vỉa hè ven sông", "credit": "Gia Bảo"},
        ],
        "bylines": [("Lê Thị Thu Hằng", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Sông Cái", "Chỉnh trang đô thị", "Biên Hòa"],
    },
    {
        "section": "thoi-su",
        "days_ago": 5,
        "time": "07:20",
        "title": "Cao điểm kiểm soát tải trọng xe trên quốc lộ 1 và quốc lộ 20",
        "sapo": """
            (ĐN) - Phòng Cảnh sát giao thông Công an tỉnh vừa triển khai đợt cao điểm kiểm soát tải trọng phương
            tiện trên các tuyến quốc lộ qua địa bàn, tập trung vào xe chở vật liệu xây dựng phục vụ các công trình
            trọng điểm.
        """,
        "body": """
            Theo kế hoạch, các tổ tuần tra bố trí trạm cân lưu động tại những điểm xe tải thường xuyên qua lại như
            nút giao Dầu Giây, khu vực Trảng Bom và đoạn quốc lộ 20 qua Định Quán. Lực lượng chức năng làm việc theo
            ca, kể cả ban đêm, để hạn chế tình trạng tài xế né trạm vào giờ vắng.

            Trung tá Phạm Quang Vinh, Phó trưởng Phòng Cảnh sát giao thông, cho biết lượng xe chở đất, đá, cát phục
            vụ các dự án hạ tầng tăng mạnh thời gian qua. Nhiều xe chở vượt tải trọng cho phép từ 50% trở lên, làm
            hư hỏng mặt đường và tiềm ẩn nguy cơ tai nạn, nhất là trên những đoạn đèo dốc.

            Cùng với xử phạt, lực lượng chức năng sẽ gửi danh sách phương tiện vi phạm đến Sở Xây dựng và các chủ mỏ
            vật liệu. Mỏ nào để xe chở quá tải xuất bến có thể bị đình chỉ hoạt động bốc xúc theo quy định.

            Đợt cao điểm kéo dài 30 ngày. Người dân phát hiện xe quá tải có thể phản ánh qua đường dây nóng của
            Phòng Cảnh sát giao thông hoặc gửi hình ảnh qua trang thông tin điện tử của Công an tỉnh.
        """,
        "photos": [
            {"caption": "Tổ công tác kiểm tra tải trọng xe tại trạm cân lưu động trên quốc lộ 1", "credit": "Huy Anh"},
            {"caption": "Xe chở vật liệu xây dựng được yêu cầu vào trạm cân", "credit": "Huy Anh"},
        ],
        "bylines": [("Hoàng Vũ", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Giao thông", "Kiểm soát tải trọng", "Quốc lộ 20"],
    },
    {
        "section": "xa-hoi",
        "days_ago": 6,
        "time": "11:45",
        "title": "Trao 120 căn nhà đại đoàn kết cho hộ nghèo vùng đồng bào dân tộc thiểu số",
        "sapo": """
            (ĐN) - Ủy ban MTTQ Việt Nam tỉnh vừa trao 120 căn nhà đại đoàn kết cho các hộ nghèo, hộ cận nghèo là
            đồng bào dân tộc thiểu số tại các xã phía bắc của tỉnh.
        """,
        "body": """
            Mỗi căn nhà rộng từ 40 đến 50 m², được xây kiên cố với mức hỗ trợ 60 triệu đồng từ Quỹ Vì người nghèo và
            sự đóng góp của các doanh nghiệp. Nhiều gia đình được người thân, hàng xóm góp thêm ngày công nên căn
            nhà hoàn thành nhanh hơn dự kiến.

            Bà Điểu Thị Lan, người dân tộc S'tiêng, xúc động khi nhận chìa khóa nhà mới. Suốt hơn mười năm, gia đình
            bà sống trong căn nhà tạm vách ván, mái tôn thủng, mỗi mùa mưa phải kê giường lên cao để tránh nước tràn
            vào.

            Phát biểu tại buổi lễ, lãnh đạo Ủy ban MTTQ Việt Nam tỉnh đề nghị chính quyền địa phương tiếp tục hỗ trợ
            các hộ vừa nhận nhà về vốn vay, con giống và việc làm, để người dân không chỉ “an cư” mà còn “lạc
            nghiệp”, vươn lên thoát nghèo bền vững.
        """,
        "photos": [
            {"caption": "Trao quyết định hỗ trợ nhà đại đoàn kết cho người dân", "credit": "Phúc Khang"},
            {"caption": "Một căn nhà đại đoàn kết vừa hoàn thành", "credit": "Phúc Khang"},
        ],
        "bylines": [("Hồng Phúc", TEXT), ("Phúc Khang", PHOTO)],
        "tags": ["Nhà đại đoàn kết", "Giảm nghèo", "Đồng bào dân tộc thiểu số"],
    },
    {
        "section": "ban-doc",
        "days_ago": 7,
        "time": "18:10",
        "title": "Bạn đọc phản ánh đèn tín hiệu gần cổng Khu công nghiệp Amata thường xuyên hỏng",
        "sapo": """
            (ĐN) - Nhiều bạn đọc ở phường Long Bình phản ánh đến Báo Đồng Nai việc đèn tín hiệu giao thông tại một
            nút giao gần cổng Khu công nghiệp Amata thường xuyên hỏng vào giờ tan ca, gây ùn tắc và mất an toàn.
        """,
        "body": """
            Theo phản ánh, khoảng từ 16 giờ 30 đến 18 giờ, khi hàng nghìn công nhân tan ca, đèn tín hiệu có lúc chỉ
            nhấp nháy vàng hoặc tắt hẳn. Xe máy, xe đưa rước công nhân và xe container cùng tranh nhau qua nút giao,
            nhiều lần suýt xảy ra va chạm.

            “Tôi đi làm qua đây mỗi ngày, tuần nào cũng gặp đèn hỏng hai, ba lần. Nếu không có anh em cảnh sát giao
            thông hay dân quân ra điều tiết thì kẹt cứng cả tiếng đồng hồ”, bạn đọc Nguyễn Hoàng Nam viết.

            Trao đổi với phóng viên, đại diện đơn vị quản lý hệ thống đèn tín hiệu cho biết nguyên nhân là tủ điều
            khiển đã cũ, thường bị quá tải khi trời nắng nóng. Đơn vị đã lập phương án thay tủ điều khiển mới và lắp
            bộ lưu điện dự phòng, dự kiến hoàn thành trong tháng này.

            Báo Đồng Nai sẽ tiếp tục theo dõi và thông tin đến bạn đọc.
        """,
        "photos": [
            {"caption": "Nút giao gần cổng Khu công nghiệp Amata vào giờ tan ca", "credit": "Bạn đọc cung cấp"},
        ],
        "bylines": [("Trần Minh Khoa", TEXT)],
        "tags": ["Đèn tín hiệu giao thông", "Long Bình", "Phản ánh"],
    },
    {
        "section": "kinh-te",
        "days_ago": 7,
        "time": "08:25",
        "title": "Xuất khẩu hạt điều tăng trưởng nhờ mở rộng sang thị trường Trung Đông",
        "sapo": """
            (ĐN) - Nhiều doanh nghiệp chế biến hạt điều trên địa bàn tỉnh cho biết đơn hàng từ các nước Trung Đông
            tăng mạnh, giúp kim ngạch xuất khẩu mặt hàng này khởi sắc sau giai đoạn khó khăn.
        """,
        "body": """
            Tại một nhà máy chế biến điều ở Trảng Bom, các dây chuyền tách vỏ, phân loại đang chạy hết công suất để
            kịp giao hàng. Ông Huỳnh Công Danh, giám đốc doanh nghiệp, cho biết đơn hàng đã kín đến cuối quý, trong
            đó khoảng một phần ba là điều rang muối, điều tẩm gia vị đóng gói nhỏ.

            Theo các doanh nghiệp, thị trường Trung Đông ưa chuộng hạt điều cỡ lớn, có chứng nhận an toàn thực phẩm
            rõ ràng và chấp nhận giá cao hơn nếu sản phẩm được chế biến sâu. Đây là lợi thế của những đơn vị đã đầu
            tư máy móc và xây dựng vùng nguyên liệu ổn định.

            Sở Công Thương cho biết sẽ tiếp tục hỗ trợ doanh nghiệp tham gia hội chợ quốc tế, cập nhật quy định kỹ
            thuật của từng thị trường và khuyến khích liên kết với nông dân trồng điều để bảo đảm nguồn nguyên liệu
            truy xuất được nguồn gốc.

            Dù vậy, một số doanh nghiệp lo ngại giá điều thô nhập khẩu biến động khó lường, trong khi chi phí vận
            chuyển đường biển vẫn ở mức cao. Họ kiến nghị có gói vay ưu đãi để doanh nghiệp chủ động dự trữ nguyên
            liệu.
        """,
        "photos": [
            {"caption": "Công nhân phân loại hạt điều tại một nhà máy ở Trảng Bom", "credit": "Gia Bảo"},
            {"caption": "Điều rang muối đóng gói chờ xuất khẩu", "credit": "Gia Bảo"},
        ],
        "bylines": [("Bích Ngọc", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Hạt điều", "Xuất khẩu", "Doanh nghiệp"],
    },
    {
        "section": "van-hoa-the-thao",
        "days_ago": 8,
        "time": "15:35",
        "title": "Văn miếu Trấn Biên mở lớp thư pháp miễn phí cho thiếu nhi",
        "sapo": """
            (ĐN) - Mỗi sáng cuối tuần, khuôn viên Văn miếu Trấn Biên lại rộn ràng tiếng cười của hàng chục em nhỏ
            theo học lớp thư pháp chữ Việt miễn phí do Ban quản lý di tích phối hợp với một câu lạc bộ thư pháp tổ
            chức.
        """,
        "body": """
            Lớp học có khoảng 40 học viên từ 8 đến 14 tuổi, chia thành hai nhóm cơ bản và nâng cao. Các em được làm
            quen với cách cầm bút lông, mài mực, tập những nét cơ bản rồi dần viết được những chữ đơn giản như
            “Nhẫn”, “Tâm”, “Hiếu”.

            Thầy Tô Minh Đạt, người trực tiếp đứng lớp, cho rằng thư pháp không chỉ giúp trẻ viết chữ đẹp mà còn rèn
            tính kiên nhẫn và sự tập trung, điều mà trẻ em thời điện thoại thông minh rất cần. “Có bé lúc đầu ngồi
            không yên năm phút, giờ đã viết được trọn một bức chữ”, thầy kể.

            Theo Ban quản lý di tích, lớp học là một trong những hoạt động nhằm đưa di tích đến gần hơn với cộng
            đồng, nhất là thế hệ trẻ. Cuối mỗi khóa, tác phẩm của các em được trưng bày tại nhà bia để du khách tham
            quan.
        """,
        "photos": [
            {"caption": "Các em nhỏ luyện viết thư pháp tại Văn miếu Trấn Biên", "credit": "Quế Lâm"},
            {"caption": "Tác phẩm của học viên được trưng bày sau khóa học", "credit": "Quế Lâm"},
        ],
        "bylines": [("Quế Lâm", TEXT_AND_PHOTO)],
        "tags": ["Văn miếu Trấn Biên", "Thư pháp", "Thiếu nhi"],
    },
    {
        "section": "giao-duc",
        "days_ago": 8,
        "time": "07:50",
        "title": "Đưa vào sử dụng trường tiểu học 30 phòng học tại Trảng Bom",
        "sapo": """
            (ĐN) - Trường tiểu học mới với 30 phòng học, thư viện, nhà đa năng và sân bóng mini vừa được bàn giao,
            giúp giảm tình trạng quá tải sĩ số ở khu vực có đông con em công nhân sinh sống.
        """,
        "body": """
            Công trình có tổng vốn đầu tư hơn 85 tỷ đồng từ ngân sách tỉnh, xây dựng trên khu đất rộng gần 1,5 ha.
            Năm học này, trường tiếp nhận khoảng 1.100 học sinh, phần lớn chuyển từ hai trường lân cận vốn có sĩ số
            trên 50 em mỗi lớp.

            Cô Hoàng Thị Mai, hiệu trưởng nhà trường, cho biết tất cả các lớp đều học hai buổi mỗi ngày, có bếp ăn
            bán trú để phụ huynh làm ca ở khu công nghiệp yên tâm gửi con. Trường cũng có phòng tin học, phòng ngoại
            ngữ và phòng tư vấn tâm lý học đường.

            Theo Sở Giáo dục và Đào tạo, do dân số cơ học tăng nhanh, nhiều địa phương như Trảng Bom, Nhơn Trạch,
            Long Thành vẫn thiếu phòng học. Tỉnh đang ưu tiên bố trí vốn để xây mới thêm các trường mầm non, tiểu
            học trong giai đoạn tới.
        """,
        "photos": [
            {"caption": "Học sinh trong ngày đầu học tại ngôi trường mới", "credit": "Huy Anh"},
            {"caption": "Thư viện của trường có hơn 5 nghìn đầu sách", "credit": "Huy Anh"},
        ],
        "bylines": [("Thảo Nguyên", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Trường học", "Trảng Bom", "Cơ sở vật chất"],
    },
    {
        "section": "phap-luat",
        "days_ago": 9,
        "time": "10:15",
        "title": "Phạt 350 triệu đồng doanh nghiệp xả nước thải chưa qua xử lý ra suối",
        "sapo": """
            (ĐN) - UBND tỉnh vừa ban hành quyết định xử phạt vi phạm hành chính 350 triệu đồng đối với một công ty
            chế biến thực phẩm ở Trảng Bom do xả nước thải vượt quy chuẩn ra môi trường.
        """,
        "body": """
            Qua kiểm tra, đoàn liên ngành phát hiện công ty lắp đường ống ngầm để xả nước thải chưa qua xử lý từ khu
            vực rửa nguyên liệu ra con suối chảy qua khu dân cư. Kết quả phân tích mẫu cho thấy nhiều chỉ tiêu như
            COD, amoni vượt quy chuẩn cho phép nhiều lần.

            Ngoài phạt tiền, công ty bị đình chỉ hoạt động dây chuyền gây ô nhiễm trong ba tháng, buộc khắc phục hậu
            quả, cải tạo hệ thống xử lý nước thải và chịu chi phí giám định, phân tích mẫu.

            Trước đó, người dân nhiều lần phản ánh nước suối đổi màu đen, bốc mùi hôi, cá chết hàng loạt. Sở Nông
            nghiệp và Môi trường cho biết sẽ tiếp tục kiểm tra đột xuất các cơ sở có lưu lượng xả thải lớn, nhất là
            vào ban đêm và những ngày mưa.
        """,
        "photos": [
            {"caption": "Đoàn kiểm tra lấy mẫu nước tại đoạn suối bị ô nhiễm", "credit": "Gia Bảo"},
        ],
        "bylines": [("Hoàng Vũ", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Môi trường", "Xử phạt", "Trảng Bom"],
    },
    {
        "section": "nong-nghiep-nong-thon",
        "days_ago": 10,
        "time": "16:20",
        "title": "Nuôi gà đồi theo chuỗi liên kết, nông dân Trảng Bom có lãi ổn định",
        "sapo": """
            (ĐN) - Tham gia chuỗi liên kết với doanh nghiệp, các hộ nuôi gà thả đồi ở Trảng Bom được cung cấp con
            giống, thức ăn, hướng dẫn kỹ thuật và bao tiêu đầu ra, nhờ đó bớt hẳn nỗi lo “được mùa mất giá”.
        """,
        "body": """
            Trang trại của anh Vũ Đình Phong nằm trên một sườn đồi rộng gần 3 ha, mỗi lứa nuôi khoảng 6 nghìn con.
            Ban ngày gà được thả vườn, tối về chuồng có đệm lót sinh học nên hầu như không có mùi hôi, không ảnh
            hưởng đến các hộ xung quanh.

            Anh Phong cho biết, trước đây anh tự nuôi, tự bán cho thương lái nên giá lên xuống thất thường, có lứa
            lỗ cả trăm triệu đồng. Từ khi ký hợp đồng liên kết, giá thu mua được chốt trước, mỗi lứa trừ chi phí anh
            lãi khoảng 80 đến 100 triệu đồng.

            Hiện toàn tỉnh có hàng trăm trang trại chăn nuôi gia cầm tham gia chuỗi liên kết. Ngành nông nghiệp
            khuyến khích các hộ áp dụng an toàn sinh học, tiêm phòng đầy đủ và ghi chép nhật ký chăn nuôi để sản
            phẩm truy xuất được nguồn gốc.
        """,
        "photos": [
            {"caption": "Đàn gà thả đồi tại trang trại của anh Vũ Đình Phong", "credit": "Phúc Khang"},
        ],
        "bylines": [("Thanh Tùng", TEXT), ("Phúc Khang", PHOTO)],
        "tags": ["Chăn nuôi", "Chuỗi liên kết", "Trảng Bom"],
    },
    {
        "section": "suc-khoe",
        "days_ago": 10,
        "time": "07:40",
        "title": "Tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến 5 tuổi",
        "sapo": """
            (ĐN) - Ngành y tế tỉnh đang triển khai chiến dịch tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến 5 tuổi chưa
            tiêm đủ mũi, nhằm chủ động phòng bệnh tại các khu vực đông dân cư, nhiều lao động nhập cư.
        """,
        "body": """
            Theo Trung tâm Kiểm soát bệnh tật (CDC) tỉnh, qua rà soát có hơn 9 nghìn trẻ chưa tiêm hoặc tiêm chưa đủ
            hai mũi vắc xin sởi, tập trung chủ yếu ở các khu nhà trọ công nhân, nơi các gia đình thường xuyên thay
            đổi chỗ ở.

            Các trạm y tế tổ chức tiêm tại trạm, tại trường mầm non và mở thêm điểm tiêm lưu động vào chiều thứ bảy,
            chủ nhật để phụ huynh làm ca có thể đưa con đi tiêm. Trẻ được khám sàng lọc trước khi tiêm và theo dõi
            30 phút sau tiêm.

            Bác sĩ CDC tỉnh khuyến cáo sởi là bệnh lây qua đường hô hấp, có thể gây biến chứng viêm phổi, viêm não,
            đặc biệt nguy hiểm với trẻ suy dinh dưỡng. Tiêm đủ hai mũi vắc xin là biện pháp phòng bệnh hiệu quả
            nhất.
        """,
        "photos": [
            {"caption": "Trẻ được tiêm vắc xin sởi tại trạm y tế phường Long Bình", "credit": "Phúc Khang"},
            {"caption": "Nhân viên y tế khám sàng lọc cho trẻ trước khi tiêm", "credit": "Phúc Khang"},
        ],
        "bylines": [("Bích Ngọc", TEXT), ("Phúc Khang", PHOTO)],
        "tags": ["Vắc xin", "Bệnh sởi", "Tiêm chủng"],
    },
    {
        "section": "chinh-tri",
        "days_ago": 11,
        "time": "14:05",
        "title": "Cử tri Nhơn Trạch kiến nghị sớm xử lý ô nhiễm các tuyến kênh",
        "sapo": """
            (ĐN) - Tổ đại biểu Quốc hội đơn vị tỉnh Đồng Nai vừa tiếp xúc cử tri tại xã Nhơn Trạch. Ô nhiễm nguồn
            nước, cấp giấy chứng nhận quyền sử dụng đất và đường giao thông nông thôn xuống cấp là những vấn đề được
            nêu nhiều nhất.
        """,
        "body": """
            Ông Võ Văn Sáu, một cử tri lâu năm ở địa phương, phản ánh nước tại một số tuyến kênh gần khu công nghiệp
            thường xuyên đổi màu, bốc mùi, ảnh hưởng đến sinh hoạt và việc nuôi cá của người dân. Ông đề nghị cơ
            quan chức năng tăng cường quan trắc, xử lý nghiêm doanh nghiệp xả thải sai quy định.

            Nhiều cử tri khác kiến nghị đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã ở ổn định
            nhiều năm nhưng vướng quy hoạch, cũng như sớm sửa chữa một số tuyến đường liên ấp hư hỏng do xe tải nặng
            lưu thông.

            Thay mặt tổ đại biểu, đại biểu Quốc hội Trần Thị Kim Oanh tiếp thu các ý kiến và cho biết sẽ tổng hợp,
            chuyển đến các cơ quan có thẩm quyền. Những nội dung thuộc trách nhiệm của địa phương đã được lãnh đạo
            xã trả lời trực tiếp tại hội nghị.
        """,
        "photos": [
            {"caption": "Cử tri xã Nhơn Trạch phát biểu tại buổi tiếp xúc", "credit": "Phúc Khang"},
        ],
        "bylines": [("Thảo Nguyên", TEXT), ("Phúc Khang", PHOTO)],
        "tags": ["Tiếp xúc cử tri", "Nhơn Trạch", "Môi trường"],
    },
    {
        "section": "thoi-su",
        "days_ago": 12,
        "time": "09:30",
        "title": "Vườn quốc gia Cát Tiên thả 12 cá thể động vật hoang dã về rừng",
        "sapo": """
            (ĐN) - Sau thời gian được chăm sóc, phục hồi sức khỏe tại trung tâm cứu hộ, 12 cá thể động vật hoang dã
            gồm khỉ đuôi dài, cu li nhỏ, rùa núi vàng và trăn đất đã được Vườn quốc gia Cát Tiên thả về môi trường
            tự nhiên.
        """,
        "body": """
            Phần lớn các cá thể do người dân tự nguyện giao nộp hoặc do lực lượng kiểm lâm thu giữ từ các vụ buôn
            bán, nuôi nhốt trái phép. Khi tiếp nhận, nhiều con bị thương ở chân, suy dinh dưỡng hoặc mất phản xạ tự
            kiếm ăn sau thời gian dài sống trong lồng.

            Theo bác sĩ thú y Đỗ Thanh Tâm, trước khi thả, các cá thể phải trải qua giai đoạn tái hòa nhập trong khu
            bán hoang dã, được theo dõi khả năng tìm thức ăn, leo trèo và phản ứng với con người. Chỉ những con đủ
            điều kiện mới được đưa ra khu rừng nguyên sinh, cách xa khu dân cư.

            Ban quản lý Vườn quốc gia cho biết, từ đầu năm đến nay đơn vị đã tiếp nhận hơn 80 cá thể động vật hoang
            dã, trong đó có nhiều loài thuộc danh mục nguy cấp, quý, hiếm cần được ưu tiên bảo vệ.

            Dịp này, đơn vị kêu gọi người dân không mua bán, nuôi nhốt hay sử dụng sản phẩm từ động vật hoang dã;
            khi phát hiện cá thể bị thương hoặc mắc bẫy, cần báo ngay cho kiểm lâm gần nhất.
        """,
        "photos": [
            {
                "caption": "Cán bộ Vườn quốc gia Cát Tiên thả khỉ đuôi dài về rừng",
                "credit": "Gia Bảo",
                "motif": "river",
            },
            {"caption": "Rùa núi vàng được kiểm tra sức khỏe trước khi thả", "credit": "Gia Bảo", "motif": "fields"},
        ],
        "bylines": [("Quế Lâm", TEXT), ("Gia Bảo", PHOTO)],
        "tags": ["Cát Tiên", "Động vật hoang dã", "Bảo tồn"],
    },
    {
        "section": "xa-hoi",
        "days_ago": 13,
        "time": "16:50",
        "title": "Nhà trọ công nhân ở Biên Hòa đổi mới theo mô hình “nhà trọ an toàn”",
        "sapo": """
            (ĐN) - Hơn 300 khu nhà trọ dành cho công nhân tại các phường Long Bình, Hố Nai, Tam Hiệp đã được chủ nhà
            cải tạo lối thoát nạn, lắp thiết bị báo cháy và nâng cấp khu vệ sinh chung.
        """,
        "body": """
            Mô hình do Liên đoàn Lao động tỉnh phối hợp với công an các phường triển khai; chủ nhà trọ cam kết không
            tăng giá thuê trong một năm sau khi được hỗ trợ một phần kinh phí cải tạo. Mỗi khu trọ đạt chuẩn được
            gắn biển nhận diện để công nhân dễ lựa chọn.

            Anh Lê Văn Toàn, công nhân một công ty may trong Khu công nghiệp Amata, cho biết phòng trọ anh thuê
            trước đây chỉ có một lối ra, dây điện chằng chịt. “Giờ mỗi dãy phòng có bình chữa cháy, cửa thoát hiểm
            và đèn chiếu sáng ban đêm, vợ chồng tôi đi ca về khuya cũng yên tâm hơn”, anh nói.

            Bên cạnh cải tạo hạ tầng, các khu trọ còn có tủ sách, góc sinh hoạt chung và nhóm Zalo để chủ nhà, công
            an khu vực và người thuê trao đổi thông tin. Liên đoàn Lao động tỉnh cho biết sẽ nhân rộng mô hình ra
            những nơi có đông công nhân như Trảng Bom, Nhơn Trạch và Long Thành.
        """,
        "photos": [
            {"caption": "Công an phường hướng dẫn người thuê trọ sử dụng bình chữa cháy", "credit": "Huy Anh"},
        ],
        "bylines": [("An Nhiên", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Công nhân", "Nhà trọ", "Phòng cháy chữa cháy"],
    },
    {
        "section": "quoc-phong-an-ninh",
        "days_ago": 13,
        "time": "08:00",
        "title": "Diễn tập khu vực phòng thủ xã Long Thành đạt kết quả tốt",
        "sapo": """
            (ĐN) - Sau ba ngày thực hành với nhiều tình huống sát thực tế, cuộc diễn tập khu vực phòng thủ xã Long
            Thành đã kết thúc, bảo đảm an toàn tuyệt đối về người và phương tiện.
        """,
        "body": """
            Cuộc diễn tập huy động lực lượng dân quân tự vệ, công an xã, quân nhân dự bị động viên cùng các ban,
            ngành, đoàn thể của địa phương. Các tình huống gồm chuyển địa phương vào các trạng thái sẵn sàng chiến
            đấu, bảo vệ mục tiêu trọng yếu, phòng chống cháy nổ và tìm kiếm cứu nạn.

            Điểm mới của lần diễn tập này là nội dung bảo vệ an toàn các công trình hạ tầng gần Cảng hàng không quốc
            tế Long Thành và xử lý sự cố trên không gian mạng, như tin giả hay tấn công vào hệ thống thông tin của
            chính quyền cơ sở.

            Phát biểu bế mạc, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh đánh giá cao sự chuẩn bị chu đáo của cấp ủy,
            chính quyền xã, đồng thời đề nghị địa phương rút kinh nghiệm, bổ sung kế hoạch phòng thủ phù hợp với
            tình hình mới.
        """,
        "photos": [
            {"caption": "Lực lượng dân quân thực hành tình huống bảo vệ mục tiêu", "credit": "Huy Anh"},
            {"caption": "Các lực lượng phối hợp chữa cháy, cứu nạn trong diễn tập", "credit": "Huy Anh"},
        ],
        "bylines": [("Nguyệt Hà", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Diễn tập", "Khu vực phòng thủ", "Long Thành"],
    },
    {
        "section": "van-hoa-the-thao",
        "days_ago": 14,
        "time": "19:20",
        "title": "Vận động viên trẻ Đồng Nai giành 5 huy chương vàng giải điền kinh quốc gia",
        "sapo": """
            (ĐN) - Đoàn vận động viên điền kinh trẻ Đồng Nai vừa kết thúc giải vô địch điền kinh trẻ quốc gia với 5
            huy chương vàng, 3 huy chương bạc và 4 huy chương đồng, xếp thứ tư toàn đoàn.
        """,
        "body": """
            Điểm sáng của đoàn là nữ vận động viên Nguyễn Ngọc Hân, 16 tuổi, giành hai huy chương vàng ở nội dung
            400 m và 400 m rào. Hân bắt đầu tập điền kinh từ năm lớp 6, khi được giáo viên thể dục phát hiện tại Hội
            khỏe Phù Đổng.

            Ở các nội dung nam, Trần Gia Huy giành huy chương vàng nhảy xa với thành tích 7,21 m, hơn thành tích cá
            nhân tốt nhất trước đó gần 20 cm. Hai huy chương vàng còn lại thuộc về nội dung tiếp sức 4x100 m nữ và
            đi bộ 10 km nam.

            Huấn luyện viên trưởng Lâm Quốc Thái cho biết, đội tuyển được tập huấn tại Trung tâm Huấn luyện và thi
            đấu thể dục thể thao tỉnh trong ba tháng, có chuyên gia dinh dưỡng và chuyên gia hồi phục đồng hành.
            “Kết quả này là cơ sở để chúng tôi xây dựng lực lượng kế cận cho đại hội thể thao toàn quốc sắp tới”,
            ông nói.
        """,
        "photos": [
            {"caption": "Nguyễn Ngọc Hân (giữa) trên bục nhận huy chương vàng nội dung 400 m", "credit": "Phúc Khang"},
            {"caption": "Trần Gia Huy ở lượt nhảy quyết định", "credit": "Phúc Khang"},
        ],
        "bylines": [("Nhật Minh", TEXT), ("Phúc Khang", PHOTO)],
        "tags": ["Điền kinh", "Thể thao thành tích cao", "Vận động viên trẻ"],
    },
    {
        "section": "giao-duc",
        "days_ago": 15,
        "time": "10:05",
        "title": "Thiếu giáo viên tiếng Anh, nhiều trường vùng sâu phải học trực tuyến",
        "sapo": """
            (ĐN) - Chương trình giáo dục phổ thông 2018 yêu cầu dạy tiếng Anh từ lớp 3, nhưng không ít trường tiểu
            học ở các xã vùng sâu vẫn chưa tuyển đủ giáo viên, phải ghép lớp hoặc thuê đơn vị dạy trực tuyến.
        """,
        "body": """
            Tại một trường tiểu học ở xã Phú Lý, học sinh từ lớp 3 đến lớp 5 mỗi tuần có bốn tiết tiếng Anh, nhưng
            trường chỉ có một giáo viên hợp đồng dạy cho gần 400 em. Những tiết còn lại, học sinh học qua màn hình
            với giáo viên của một trung tâm ở TP. Hồ Chí Minh, có giáo viên chủ nhiệm ngồi cùng để giữ trật tự.

            Theo hiệu trưởng nhà trường, học trực tuyến giúp giải quyết tình thế nhưng hiệu quả chưa cao, nhất là
            với học sinh lớp 3 mới làm quen với ngoại ngữ. Đường truyền internet chập chờn vào những ngày mưa cũng
            khiến nhiều tiết học bị gián đoạn.

            Nguyên nhân được chỉ ra là lương khởi điểm thấp, trường ở xa trung tâm nên giáo viên trẻ ít mặn mà.
            Nhiều người trúng tuyển được vài năm lại xin chuyển về gần nhà hoặc nghỉ việc để dạy tại các trung tâm
            ngoại ngữ.

            Sở Giáo dục và Đào tạo cho biết đang đề xuất cơ chế hỗ trợ tiền thuê nhà, phụ cấp đi lại cho giáo viên
            ngoại ngữ công tác tại vùng khó khăn, đồng thời đặt hàng các trường đại học đào tạo giáo viên theo địa
            chỉ.
        """,
        "photos": [
            {
                "caption": "Học sinh học tiếng Anh trực tuyến tại một trường tiểu học vùng sâu",
                "credit": "Trần Minh Khoa",
            },
        ],
        "bylines": [("Trần Minh Khoa", TEXT_AND_PHOTO)],
        "tags": ["Giáo viên", "Tiếng Anh", "Vùng sâu vùng xa"],
    },
    {
        "section": "kinh-te",
        "days_ago": 16,
        "time": "15:15",
        "title": "Tiểu thương Trảng Bom học cách bán hàng qua livestream",
        "sapo": """
            (ĐN) - Hơn 60 tiểu thương, chủ cơ sở sản xuất nhỏ ở Trảng Bom vừa tham gia lớp tập huấn kỹ năng bán hàng
            trên sàn thương mại điện tử và mạng xã hội do Hội Liên hiệp phụ nữ tỉnh tổ chức.
        """,
        "body": """
            Trong ba ngày, học viên được hướng dẫn chụp ảnh sản phẩm bằng điện thoại, viết nội dung giới thiệu, đóng
            gói hàng hóa và xử lý đơn hoàn. Phần được quan tâm nhất là thực hành livestream, khi mỗi người lần lượt
            đứng trước máy quay giới thiệu sản phẩm của chính mình.

            Chị Trần Thị Ngọc Bích, chủ một cơ sở làm bánh tráng, cho biết trước đây chị chỉ bán cho mối quen ở chợ.
            “Lần đầu livestream tôi run lắm, nói vấp liên tục. Nhưng được các bạn hướng dẫn, đến buổi thứ hai đã có
            khách ở tận Cần Thơ, Đà Lạt đặt hàng”, chị kể.

            Theo ban tổ chức, sau lớp học, học viên được hỗ trợ mở gian hàng, đăng ký mã vạch và hướng dẫn thủ tục
            kê khai thuế với hoạt động kinh doanh trực tuyến. Những sản phẩm có chất lượng tốt sẽ được giới thiệu
            tham gia chương trình mỗi xã một sản phẩm (OCOP).
        """,
        "photos": [
            {"caption": "Học viên thực hành livestream giới thiệu bánh tráng", "credit": "Khánh Vy"},
            {"caption": "Sản phẩm của các cơ sở nhỏ được chụp ảnh để đăng bán trực tuyến", "credit": "Khánh Vy"},
        ],
        "bylines": [("Khánh Vy", TEXT_AND_PHOTO)],
        "tags": ["Thương mại điện tử", "Phụ nữ", "OCOP"],
    },
    {
        "section": "phap-luat",
        "days_ago": 16,
        "time": "08:35",
        "title": "Xét xử vụ lừa bán đất nền “ma”, chiếm đoạt hơn 40 tỷ đồng",
        "sapo": """
            (ĐN) - Sau hai ngày xét xử, TAND tỉnh đã tuyên phạt bị cáo Lê Thị H., giám đốc một công ty bất động sản,
            18 năm tù về tội lừa đảo chiếm đoạt tài sản.
        """,
        "body": """
            Theo hồ sơ vụ án, H. giới thiệu với khách hàng một dự án khu dân cư ở Long Thành, cam kết giao sổ đỏ
            trong vòng sáu tháng. Thực tế, khu đất này chưa được phép phân lô, một phần vẫn là đất nông nghiệp của
            người dân chưa chuyển nhượng cho công ty.

            Bằng thủ đoạn ký hợp đồng “góp vốn” và cho khách xem bản vẽ quy hoạch tự dựng, bị cáo đã thu tiền của
            hơn 150 người với tổng số tiền trên 40 tỷ đồng. Nhiều bị hại là công nhân, người về hưu dồn hết tiền
            tích lũy, thậm chí vay mượn để mua đất.

            Ngoài hình phạt tù, tòa buộc bị cáo bồi thường toàn bộ số tiền đã chiếm đoạt cho các bị hại. Qua vụ án,
            cơ quan chức năng khuyến cáo người dân kiểm tra kỹ pháp lý dự án tại cơ quan nhà nước trước khi giao
            dịch, không tin vào lời hứa “lợi nhuận cao, sổ đỏ nhanh”.
        """,
        "photos": [
            {"caption": "Quang cảnh phiên tòa xét xử vụ lừa bán đất nền", "credit": "Lam Giang"},
            {"caption": "Khu đất bị rao bán phân lô trái phép ở Long Thành", "credit": "Lam Giang", "motif": "fields"},
        ],
        "bylines": [("Đức Trí", TEXT), ("Lam Giang", PHOTO)],
        "tags": ["Lừa đảo", "Bất động sản", "Long Thành"],
    },
    {
        "section": "suc-khoe",
        "days_ago": 17,
        "time": "09:50",
        "title": "Khám sàng lọc tăng huyết áp, đái tháo đường miễn phí cho người cao tuổi",
        "sapo": """
            (ĐN) - Hơn 800 người cao tuổi ở Cẩm Mỹ và Xuân Lộc được khám, đo huyết áp, xét nghiệm đường huyết và tư
            vấn chế độ ăn uống miễn phí trong chương trình do Hội Người cao tuổi tỉnh phối hợp với các bệnh viện tổ
            chức.
        """,
        "body": """
            Qua khám sàng lọc, gần 40% người cao tuổi có chỉ số huyết áp cao, trong đó nhiều người chưa từng biết
            mình mắc bệnh. Khoảng 120 trường hợp có đường huyết lúc đói vượt ngưỡng bình thường được bác sĩ hướng
            dẫn đến bệnh viện làm xét nghiệm chuyên sâu.

            Ông Nguyễn Văn Bảy, 71 tuổi, cho biết lâu nay thỉnh thoảng ông thấy chóng mặt nhưng nghĩ do tuổi già nên
            không đi khám. “Hôm nay đo huyết áp mới biết cao quá, bác sĩ dặn phải uống thuốc đều và bớt ăn mặn”, ông
            nói.

            Bác sĩ khuyến cáo người cao tuổi nên kiểm tra huyết áp, đường huyết ít nhất ba tháng một lần, duy trì
            vận động nhẹ nhàng, hạn chế muối, đường và không tự ý bỏ thuốc khi thấy chỉ số đã ổn định.
        """,
        "photos": [
            {"caption": "Bác sĩ đo huyết áp cho người cao tuổi tại buổi khám sàng lọc", "credit": "Huy Anh"},
        ],
        "bylines": [("Trúc Mai", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Người cao tuổi", "Tăng huyết áp", "Đái tháo đường"],
    },
    {
        "section": "do-thi",
        "days_ago": 18,
        "time": "14:40",
        "title": "Chỉnh trang vỉa hè, trồng thêm cây xanh trên đường Cách Mạng Tháng Tám",
        "sapo": """
            (ĐN) - Sau gần bốn tháng thi công, đường Cách Mạng Tháng Tám ở trung tâm Biên Hòa đã có diện mạo mới với
            vỉa hè lát đá, hàng cây xanh bóng mát và cáp viễn thông được ngầm hóa.
        """,
        "body": """
            Tuyến đường dài khoảng 1,8 km, là một trong những trục chính có mật độ giao thông cao. Trước khi chỉnh
            trang, vỉa hè nhiều đoạn bong tróc, cây xanh trồng không đồng bộ, dây điện, cáp viễn thông giăng mắc
            chằng chịt gây mất mỹ quan.

            Đơn vị thi công đã trồng mới hơn 150 cây sao, dầu, bằng lăng, làm lối đi cho người khuyết tật và bố trí
            chỗ để xe máy hợp lý trước các cửa hàng. Toàn bộ cáp treo được thu gom đưa vào hào kỹ thuật.

            Chính quyền phường cho biết sẽ tăng cường kiểm tra, xử lý tình trạng lấn chiếm vỉa hè để buôn bán, đồng
            thời vận động các hộ kinh doanh giữ gìn vệ sinh, cùng chăm sóc cây xanh trước nhà.
        """,
        "photos": [
            {"caption": "Vỉa hè đường Cách Mạng Tháng Tám sau khi chỉnh trang", "credit": "Huy Anh"},
        ],
        "bylines": [("Thanh Tùng", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Vỉa hè", "Cây xanh", "Biên Hòa"],
    },
    {
        "section": "nong-nghiep-nong-thon",
        "days_ago": 19,
        "time": "07:30",
        "title": "Những con đường bê tông làm đổi thay vùng quê Bàu Hàm",
        "sapo": """
            (ĐN) - Từ những con đường đất đỏ bụi mù mùa nắng, lầy lội mùa mưa, nay hầu hết các tuyến đường liên ấp ở
            xã Bàu Hàm đã được bê tông hóa, có đèn chiếu sáng, phần lớn nhờ người dân góp công, hiến đất.
        """,
        "body": """
            Ông Trương Văn Lộc, trưởng ấp, nhớ lại trước kia mỗi lần trời mưa, học sinh phải cột bao nilon vào chân,
            xe chở nông sản thường xuyên sa lầy. Khi xã phát động làm đường theo phương châm “Nhà nước và nhân dân
            cùng làm”, nhiều hộ đã tự nguyện tháo dỡ hàng rào, hiến hàng trăm mét vuông đất.

            Đường sá thuận lợi kéo theo đời sống người dân khởi sắc. Thương lái vào tận vườn thu mua trái cây, nhiều
            gia đình mở thêm dịch vụ, nhà cửa được xây mới khang trang. Thu nhập bình quân đầu người của xã đã tăng
            gần gấp đôi so với năm năm trước.

            Chính quyền xã cho biết thời gian tới sẽ tập trung chỉnh trang cảnh quan hai bên đường, trồng cây xanh,
            xây dựng các “tuyến đường hoa”, đồng thời vận động người dân phân loại rác tại nguồn để giữ gìn môi
            trường sạch đẹp.
        """,
        "photos": [
            {"caption": "Tuyến đường liên ấp ở xã Bàu Hàm được bê tông hóa", "credit": "Huy Anh", "motif": "street"},
            {"caption": "Người dân trồng hoa dọc tuyến đường", "credit": "Huy Anh"},
        ],
        "bylines": [("Ngọc Diệp", TEXT), ("Huy Anh", PHOTO)],
        "tags": ["Nông thôn mới", "Bàu Hàm", "Giao thông nông thôn"],
    },
    {
        "section": "ban-doc",
        "days_ago": 20,
        "time": "20:00",
        "title": "Cảm ơn những người lạ đã giúp tôi trong đêm xe hỏng giữa đường",
        "sapo": """
            (ĐN) - Bạn đọc Đinh Thị Thảo (ngụ Long Khánh) gửi đến Báo Đồng Nai lá thư kể lại chuyện được những người
            không quen biết giúp đỡ trong đêm xe máy hỏng giữa đoạn đường vắng.
        """,
        "body": """
            Tối hôm ấy, tôi chở con gái 7 tuổi từ nhà ngoại ở Xuân Lộc về Long Khánh thì xe bị thủng lốp, đèn cũng
            tắt. Đoạn đường vắng, trời lại lất phất mưa, tôi dắt xe đi gần một cây số mà không thấy tiệm sửa xe nào
            còn mở cửa.

            Đang lúc lo lắng, một anh chạy xe ngang qua dừng lại hỏi chuyện, rồi gọi điện cho người quen có tiệm sửa
            xe gần đó. Chừng mười lăm phút sau, một bác lớn tuổi mang đồ nghề ra tận nơi vá lốp, kiểm tra lại đèn.
            Khi tôi gửi tiền, bác chỉ lấy đúng tiền miếng vá, còn dặn đi chậm vì đường trơn.

            Anh thanh niên chạy xe theo sau mẹ con tôi đến tận đầu khu dân cư mới quay về. Tôi chưa kịp hỏi tên anh,
            cũng không biết tiệm sửa xe của bác nằm ở đâu để quay lại cảm ơn.

            Qua Báo Đồng Nai, tôi muốn gửi lời cảm ơn chân thành đến hai người đã giúp đỡ mẹ con tôi. Những việc làm
            tưởng nhỏ ấy đã sưởi ấm người đi đường giữa đêm mưa, và là câu chuyện tôi sẽ còn kể lại cho con gái
            mình.
        """,
        "photos": [
            {"caption": "Đoạn đường vắng nơi bạn đọc gặp sự cố", "credit": "Đinh Thị Thảo"},
        ],
        "bylines": [("Đinh Thị Thảo", TEXT)],
        "tags": ["Thư bạn đọc", "Lòng tốt", "Long Khánh"],
    },
]

# Not public: what a reporter has open in the admin. Notes in brackets are the reporter's own, as drafts have.
WORK_IN_PROGRESS = [
    {
        "status": "draft",
        "section": "do-thi",
        "title": "Nhiều tuyến vỉa hè ở Biên Hòa xuống cấp, người đi bộ phải xuống lòng đường",
        "sapo": """
            (ĐN) - Gạch lát bong tróc, nắp hố ga sụt lún, nhiều đoạn vỉa hè bị chiếm làm nơi để xe, buôn bán khiến
            người đi bộ phải đi xuống lòng đường, tiềm ẩn nguy cơ tai nạn.
        """,
        "body": """
            Ghi nhận trên các tuyến đường Phạm Văn Thuận, Đồng Khởi, nhiều đoạn vỉa hè bị bong gạch, lồi lõm, có nơi
            rễ cây đội lên cao hàng chục centimet. Buổi tối, những đoạn thiếu đèn chiếu sáng càng nguy hiểm với
            người già và trẻ nhỏ.

            Chị Đỗ Thị Hương, nhà gần chợ, cho biết mỗi lần đưa con đi học chị phải bế con đi dưới lòng đường vì vỉa
            hè không còn chỗ trống.

            [Chờ ý kiến của Phòng Kinh tế, Hạ tầng và Đô thị phường về kế hoạch sửa chữa.]
        """,
        "photos": [
            {"caption": "Vỉa hè bong tróc trên đường Phạm Văn Thuận", "credit": "Trần Minh Khoa"},
        ],
        "bylines": [("Trần Minh Khoa", TEXT_AND_PHOTO)],
        "tags": ["Vỉa hè", "Biên Hòa"],
    },
    {
        "status": "draft",
        "section": "van-hoa-the-thao",
        "title": "Thiếu sân chơi, trẻ em khu dân cư tự “chế” sân bóng trên bãi đất trống",
        "sapo": """
            (ĐN) - Ở nhiều khu dân cư mới và khu nhà trọ công nhân, trẻ em không có sân chơi, phải rủ nhau đá bóng
            trên các bãi đất trống, thậm chí ngay ven đường.
        """,
        "body": """
            Chiều nào cũng vậy, trên bãi đất trống cạnh một khu dân cư ở Trảng Dài, hơn chục đứa trẻ lấy dép làm
            khung thành, chia phe đá bóng đến tối mịt. Bãi đất lởm chởm đá, lẫn cả xà bần, nhiều em bị trầy xước
            chân tay.

            Phụ huynh cho biết ngày nghỉ trẻ không có chỗ chơi, không ra bãi đất thì chỉ ở nhà xem điện thoại.

            [Đang hẹn phỏng vấn Phòng Văn hóa - Xã hội phường về quỹ đất dành cho sân chơi.]
        """,
        "photos": [],
        "bylines": [("Trần Minh Khoa", TEXT)],
        "tags": ["Sân chơi trẻ em", "Bóng đá phong trào"],
    },
    {
        "status": "in_review",
        "section": "kinh-te",
        "title": "Chợ đêm Long Khánh hút khách dịp cuối tuần",
        "sapo": """
            (ĐN) - Họp từ 17 giờ đến 23 giờ các tối thứ sáu, thứ bảy và chủ nhật, chợ đêm Long Khánh đang trở thành
            điểm hẹn mua sắm, ăn uống quen thuộc của người dân và du khách.
        """,
        "body": """
            Chợ có hơn 150 gian hàng, bày bán đặc sản địa phương như chôm chôm, sầu riêng, bưởi, cùng các món ăn
            đường phố và hàng thủ công. Mỗi tối cuối tuần, chợ đón từ 3 đến 5 nghìn lượt khách, đông nhất vào mùa
            trái cây.

            Bà Trần Thị Lệ, tiểu thương bán trái cây, cho biết doanh thu mỗi tối ở chợ đêm bằng cả ngày bán ở chợ
            truyền thống. Nhiều du khách từ TP. Hồ Chí Minh ghé mua trái cây làm quà sau chuyến tham quan nhà vườn.

            Ban quản lý chợ cho biết đang phối hợp với chính quyền địa phương sắp xếp lại bãi giữ xe, bổ sung nhà vệ
            sinh công cộng và thùng rác phân loại để giữ vệ sinh môi trường.
        """,
        "photos": [
            {"caption": "Du khách mua trái cây tại chợ đêm Long Khánh", "credit": "Trần Minh Khoa"},
        ],
        "bylines": [("Trần Minh Khoa", TEXT_AND_PHOTO)],
        "tags": ["Chợ đêm", "Long Khánh", "Du lịch"],
    },
]
