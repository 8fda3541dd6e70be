"""The English edition's translations of demo articles: at least two in every section (the seed article's
English text, in seed_article.py, is the second in Quốc phòng - An ninh).

Keyed by the Vietnamese article's title in articles.py. Each translation keeps the original's paragraphs one
for one, so its photos (the same pictures, drawn from the Vietnamese article's seeds) sit after the same
paragraphs; captions are in the original's photo order, credits and bylines stay as the paper printed them.
The English is the paper's own English edition: plain news English, names with their diacritics, the
provincial places as readers of the Vietnamese edition know them, and the paper's `(ĐN) - ` source mark.
"""

TRANSLATIONS: dict[str, dict] = {
    # Thời sự
    "Mở tuyến xe buýt nối Biên Hòa với Cảng hàng không quốc tế Long Thành": {
        "title": "New bus route links Biên Hòa with Long Thành International Airport",
        "sapo": """
            (ĐN) - The first subsidised bus route between central Biên Hòa and the passenger terminal of Long Thành
            International Airport has started carrying passengers, with a bus every 20 minutes at peak times.
        """,
        "body": """
            The 42 km route starts at Biên Hòa bus station, follows National Highway 51 and then turns onto the
            access road to the terminal. The trip takes about 55 minutes and a single fare costs 25,000 đồng;
            pupils, students and older people pay half.

            The operator has put 14 electric buses into service, each with 60 places, a luggage area and a
            wheelchair ramp. Passengers can pay on board with a contactless bank card or by scanning a QR code.

            According to the provincial Department of Construction, this is the first route of the airport bus
            network the province is putting together. Further routes from Long Khánh, Nhơn Trạch and Trảng Bom will
            follow, and an interprovincial route is being planned with Hồ Chí Minh City.

            Nguyễn Thị Mỹ Linh, who rode the first bus, said: “I used to have to book a private car to get to the
            airport, and it was expensive. A clean bus that runs on time makes a real difference for working
            people like me.”
        """,
        "captions": (
            "An electric bus picks up its first passengers at Biên Hòa bus station",
            "A bus shelter near the passenger terminal",
        ),
        "tags": ["Buses", "Long Thành Airport", "Public transport"],
    },
    "Vườn quốc gia Cát Tiên thả 12 cá thể động vật hoang dã về rừng": {
        "title": "Cát Tiên National Park returns 12 wild animals to the forest",
        "sapo": """
            (ĐN) - After a spell of care and recovery at its rescue centre, Cát Tiên National Park has released 12
            wild animals, among them long-tailed macaques, pygmy slow lorises, an elongated tortoise and Burmese
            pythons, back into the wild.
        """,
        "body": """
            Most of the animals were handed over by residents or seized by forest rangers from illegal traders and
            keepers. Many arrived with injured legs, undernourished, or unable to forage after years in a cage.

            Before release, vet Đỗ Thanh Tâm said, each animal spends time in a semi-wild enclosure where staff
            watch how it finds food, climbs and reacts to people. Only those that are ready are taken to primary
            forest far from any village.

            The park's management board said it has taken in more than 80 wild animals since the start of the
            year, many of them endangered, rare or precious species that are a priority for protection.

            The park urged people not to buy, sell or keep wild animals or use products made from them, and to
            tell the nearest ranger station at once if they find an injured or trapped animal.
        """,
        "captions": (
            "Cát Tiên National Park staff release a long-tailed macaque into the forest",
            "An elongated tortoise has a health check before its release",
        ),
        "tags": ["Cát Tiên", "Wildlife", "Conservation"],
    },
    # Chính trị
    "Chất vấn về tiến độ giải ngân vốn đầu tư công tại kỳ họp HĐND tỉnh": {
        "title": "Provincial councillors press officials over slow public investment spending",
        "sapo": """
            (ĐN) - The slow disbursement of public investment and land clearance for transport projects dominated
            this morning's question session of the Provincial People's Council.
        """,
        "body": """
            Councillor Lý Văn Tâm (Long Thành delegation) asked why some projects that were allocated money at the
            start of the year had spent so little of it, and called for the investors responsible for funds left
            idle for so long to be held to account.

            The director of the provincial Department of Finance replied that the main obstacles were land
            clearance, setting land prices for individual plots and finding fill material. The department has
            advised the Provincial People's Committee to move money from slow projects to those able to spend it
            quickly, and has set up a task force to follow each key project.

            Several councillors also raised concerns about the quality of resettlement areas. Councillor Nguyễn Thị
            Hoa (Biên Hòa delegation) cited one where plots had been handed over without electricity or water, so
            families still could not build their homes and settle down.

            Closing the session, the council chairman asked the Provincial People's Committee to have departments
            clear the obstacles without delay, publish the progress of every project and report back at the next
            session.
        """,
        "captions": ("A councillor questions officials at the Provincial People's Council session",),
        "tags": ["Provincial People's Council", "Public investment", "Land clearance"],
    },
    "Cử tri Nhơn Trạch kiến nghị sớm xử lý ô nhiễm các tuyến kênh": {
        "title": "Nhơn Trạch voters call for swift action on polluted canals",
        "sapo": """
            (ĐN) - Members of the National Assembly for Đồng Nai met voters in Nhơn Trạch commune. Water pollution,
            land-use certificates and crumbling rural roads were the issues raised most often.
        """,
        "body": """
            Võ Văn Sáu, a long-standing voter in the area, said the water in some canals near the industrial park
            often changes colour and smells, affecting daily life and local fish farming. He asked the authorities
            to step up monitoring and deal firmly with companies that discharge waste illegally.

            Other voters asked for faster land-use certificates for households that have lived on their land for
            years but are caught up in zoning plans, and for repairs to roads between hamlets damaged by heavy
            lorries.

            On behalf of the delegation, National Assembly member Trần Thị Kim Oanh took note of the concerns and
            said they would be passed on to the competent authorities. Commune leaders answered the questions that
            fall to the locality at the meeting itself.
        """,
        "captions": ("A voter in Nhơn Trạch commune speaks at the meeting",),
        "tags": ["Voter meetings", "Nhơn Trạch", "Environment"],
    },
    # Kinh tế
    "Khu công nghiệp ở Nhơn Trạch đón thêm ba dự án sản xuất linh kiện điện tử": {
        "title": "Nhơn Trạch industrial park lands three electronics component projects",
        "sapo": """
            (ĐN) - Investors from South Korea, Japan and Singapore have received investment registration
            certificates for projects in an industrial park in Nhơn Trạch worth more than 210 million US dollars
            in all.
        """,
        "body": """
            The projects will make circuit boards, electronic components and automated control equipment. They are
            expected to start production within 18 months and to employ about 2,500 people. The investors have
            committed to rooftop solar power and to recycling their waste water.

            A representative of the provincial Industrial Parks Authority said the province gives priority to
            high-tech projects that rely less on unskilled labour and commit to transferring technology. Better
            road links to Long Thành Airport and the seaports are a major draw for investors.

            Many companies, however, say it is hard to recruit skilled engineers and technicians. The province has
            asked its colleges to design training courses with employers, to shorten the path from classroom to
            factory floor.
        """,
        "captions": (
            "Investors receive their investment registration certificates",
            "Part of an industrial park in Nhơn Trạch",
        ),
        "tags": ["Industrial parks", "Investment", "Nhơn Trạch"],
    },
    "Tiểu thương Trảng Bom học cách bán hàng qua livestream": {
        "title": "Trảng Bom traders learn to sell by livestream",
        "sapo": """
            (ĐN) - More than 60 small traders and producers in Trảng Bom have taken a course in selling on
            e-commerce platforms and social media, run by the provincial Women's Union.
        """,
        "body": """
            Over three days, they learned to photograph their products with a phone, write product descriptions,
            pack orders and handle returns. The most popular part was the livestream practice, when each of them
            took a turn in front of the camera to present their own goods.

            Trần Thị Ngọc Bích, who runs a rice-paper workshop, used to sell only to regular customers at the
            market. “The first time I went live I was shaking and kept tripping over my words. With the trainers'
            help, by the second session I had orders from as far away as Cần Thơ and Đà Lạt,” she said.

            After the course, the organisers will help participants open online shops, register barcodes and file
            tax returns for their online sales. The best products will be put forward for the One Commune One
            Product (OCOP) programme.
        """,
        "captions": (
            "A trainee practises a livestream to sell rice paper",
            "Products from small workshops are photographed for online sale",
        ),
        "tags": ["E-commerce", "Women", "OCOP"],
    },
    # Xã hội
    "Bếp ăn miễn phí trước cổng bệnh viện ấm lòng người nuôi bệnh": {
        "title": "Free kitchen outside the hospital feeds patients' families",
        "sapo": """
            (ĐN) - Every day at noon, hundreds of hot meals are handed out free outside Đồng Nai General Hospital to
            poor patients and the relatives who look after them. A group of volunteers and their donors have kept
            the kitchen going for four years.
        """,
        "body": """
            By 5 a.m. the stove is already lit in the small kitchen down an alley near the hospital. Volunteers,
            most of them retired people and students, pick vegetables, wash meat and cook soup. By 10.30 about 400
            boxes of rice, a meat dish, vegetables and soup are packed and driven to the gate.

            Phan Thị Thu, who started the kitchen, says the idea came to her while she was looking after her
            husband in hospital and saw relatives from far away live on a bread roll a day to save money for
            medicine. “A meal doesn't cost much, but for them it means someone cares,” she said.

            Rice, vegetables and meat are donated by well-wishers, traders at Biên Hòa market and farmers in Long
            Khánh and Xuân Lộc. Some leave no name: they quietly drop off a few sacks of rice and go.

            The group is looking for more helpers at weekends, when more families come to the hospital and many of
            the student volunteers go home.
        """,
        "captions": (
            "Volunteers prepare meals at the free kitchen",
            "A patient's relative receives a meal outside the hospital gate",
        ),
        "tags": ["Charity", "Free meals", "Đồng Nai General Hospital"],
    },
    "Trao 120 căn nhà đại đoàn kết cho hộ nghèo vùng đồng bào dân tộc thiểu số": {
        "title": "120 new homes for poor ethnic minority families",
        "sapo": """
            (ĐN) - The provincial Vietnam Fatherland Front Committee has handed over 120 “great solidarity” houses
            to poor and near-poor ethnic minority households in the north of the province.
        """,
        "body": """
            Each house has 40 to 50 square metres of floor space and is solidly built, with 60 million đồng of
            support from the For the Poor Fund and local businesses. Many families finished their homes ahead of
            schedule with help from relatives and neighbours.

            Điểu Thị Lan, of the S'tiêng people, was moved to tears as she received the keys. For more than ten
            years her family lived in a makeshift wooden house with a leaking tin roof, and had to raise the beds
            every rainy season to keep them out of the water.

            At the ceremony, the committee's leaders asked local authorities to go on helping the families with
            loans, livestock and jobs, so that with a safe home they can also make a steady living and leave
            poverty behind for good.
        """,
        "captions": (
            "Families receive their housing support decisions",
            "One of the newly completed houses",
        ),
        "tags": ["Housing", "Poverty reduction", "Ethnic minorities"],
    },
    # Quốc phòng - An ninh (the seed article's English edition is the other)
    "Cảnh báo thủ đoạn giả danh cán bộ thuế gọi điện lừa đảo hộ kinh doanh": {
        "title": "Police warn of scammers posing as tax officials",
        "sapo": """
            (ĐN) - Provincial police have warned that fraudsters posing as tax officials are calling small
            businesses, asking them to install an unknown app to “update their tax details”, then taking control of
            their phones and emptying their bank accounts.
        """,
        "body": """
            According to the police cybersecurity and high-tech crime unit, many household businesses in Biên Hòa,
            Long Khánh and Trảng Bom have reported losing money in the same way within a short time. The callers
            know their victims' names, addresses and tax codes, which makes them easy to believe.

            Victims who follow the instructions and download the app from a link sent by text message end up with
            malware on their phones. The fraudsters then move money out of their bank accounts at night; one
            victim lost more than 700 million đồng.

            Police advise people never to install apps from unknown links: tax matters are dealt with only at tax
            offices or on the official public services portal. Anyone who suspects a scam should call their bank
            at once to freeze the account and report it to the nearest police station.
        """,
        "captions": ("A police officer shows business owners how to spot scam messages",),
        "tags": ["Online fraud", "Provincial police", "Warnings"],
    },
    # Pháp luật
    "Lĩnh án chung thân vì mua bán trái phép chất ma túy": {
        "title": "Life sentence for drug trafficking",
        "sapo": """
            (ĐN) - The Provincial People's Court has sentenced Nguyễn Văn T. (born 1988, of Tam Hiệp ward) to life
            in prison for illegally trading in drugs, at a first-instance trial.
        """,
        "body": """
            According to the indictment, T. and his accomplices repeatedly bought synthetic drugs from a supplier in
            another province, split them into small doses and sold them to users in boarding houses. When they were
            caught in the act, officers seized more than 600 grams of drugs, along with scales and bags used to
            divide them.

            In court the defendant admitted the offence, saying hardship and debt had led him astray. The panel
            found his actions particularly dangerous and harmful to public order, and ruled that he had to be kept
            apart from society for a long time.

            Two accomplices who helped T. were sentenced to 15 and 12 years in prison for the same offence.
        """,
        "captions": ("The defendants in court",),
        "tags": ["Drugs", "Trials", "Provincial People's Court"],
    },
    "Phạt 350 triệu đồng doanh nghiệp xả nước thải chưa qua xử lý ra suối": {
        "title": "Company fined 350 million đồng for dumping untreated waste water into a stream",
        "sapo": """
            (ĐN) - The Provincial People's Committee has fined a food processing company in Trảng Bom 350 million
            đồng for discharging waste water that broke environmental standards.
        """,
        "body": """
            An inspection team found that the company had laid a hidden pipe carrying untreated water from the area
            where it washes raw materials into a stream that runs through a residential area. Tests showed COD,
            ammonium and other readings many times over the permitted limits.

            Besides the fine, the polluting production line has been suspended for three months. The company must
            repair the damage, upgrade its treatment system and pay for the inspection and testing.

            Residents had complained many times that the stream had turned black and smelly and that fish were
            dying in large numbers. The provincial Department of Agriculture and Environment said it would keep
            making surprise inspections of large dischargers, especially at night and on rainy days.
        """,
        "captions": ("Inspectors take water samples from the polluted stream",),
        "tags": ["Environment", "Fines", "Trảng Bom"],
    },
    # Văn hóa - Thể thao
    "Hội đua thuyền truyền thống trên sông Đồng Nai quy tụ 16 đội": {
        "title": "Sixteen crews race in traditional boat festival on the Đồng Nai River",
        "sapo": """
            (ĐN) - Thousands of residents and visitors lined both banks of the Đồng Nai River at Phố Island to
            cheer on 16 crews from wards and communes across the province at the traditional boat race.
        """,
        "body": """
            Crews of 12 paddlers raced over 800 metres in men's and women's events. From the first heats, many
            boats were neck and neck, crossing the line only seconds apart as the crowd roared on the banks.

            In the end, Biên Hòa ward won the men's race and Đại Phước commune the women's. Many of the paddlers
            are fishermen and farmers living by the river, who trained in the afternoons after work.

            The organisers said the festival has been revived to keep alive the river culture of Biên Hòa - Đồng
            Nai, a land settled more than 300 years ago, and to give visitors a new reason to come to Phố Island
            and the historic sites along the river.
        """,
        "captions": (
            "Women's crews race on the Đồng Nai River",
            "Spectators cheer along the riverbank",
            "The Biên Hòa ward men's crew celebrate their win",
        ),
        "tags": ["Boat racing", "Đồng Nai River", "Phố Island", "Festivals"],
    },
    "Văn miếu Trấn Biên mở lớp thư pháp miễn phí cho thiếu nhi": {
        "title": "Trấn Biên Temple of Literature offers free calligraphy classes for children",
        "sapo": """
            (ĐN) - Every weekend morning, the grounds of the Trấn Biên Temple of Literature ring with the laughter
            of dozens of children at a free class in Vietnamese calligraphy, run by the site's management board
            with a local calligraphy club.
        """,
        "body": """
            The class has about 40 pupils aged 8 to 14, in a beginners' group and an advanced one. They learn to
            hold a brush and grind ink, practise the basic strokes and gradually write simple characters such as
            “Nhẫn” (patience), “Tâm” (heart) and “Hiếu” (filial piety).

            Tô Minh Đạt, who teaches the class, says calligraphy does more than improve handwriting: it builds
            patience and concentration, which children growing up with smartphones badly need. “Some couldn't sit
            still for five minutes at first. Now they can write a whole piece,” he said.

            The management board says the class is one of several activities to bring the historic site closer to
            the community, especially young people. At the end of each course, the children's work is shown in the
            stele house for visitors to see.
        """,
        "captions": (
            "Children practise calligraphy at the Trấn Biên Temple of Literature",
            "Pupils' work on display after the course",
        ),
        "tags": ["Trấn Biên Temple of Literature", "Calligraphy", "Children"],
    },
    # Giáo dục
    "Học sinh Đồng Nai đoạt giải nhất cuộc thi khoa học kỹ thuật quốc gia": {
        "title": "Đồng Nai students win first prize at national science and engineering fair",
        "sapo": """
            (ĐN) - A low-cost early warning device for riverbank landslides, built by two students of Lương Thế
            Vinh High School for the Gifted, has won first prize in mechanical engineering at the national science
            and engineering fair for secondary school students.
        """,
        "body": """
            Phạm Minh Quân and Đặng Khánh Linh came up with the idea on family visits to their home villages by the
            river, where they saw chunks of land collapse into the water. Their device uses moisture and tilt
            sensors planted along the bank and sends a warning to a phone when something looks wrong.

            What impressed the judges most was the cost: about 1.2 million đồng per set. It is easy to install and
            can run on solar power. The pair tested it for four months on a stretch of riverbank in Biên Hòa with
            the help of the local authorities.

            Their supervisor, teacher Ngô Đức Hậu, said the team would keep improving the software and add a way
            to send data to a central server, so that the authorities can follow it on a digital map.
        """,
        "captions": ("The two students present their landslide warning device to the judges",),
        "tags": ["Science and engineering", "Gifted students", "Lương Thế Vinh"],
    },
    "Đưa vào sử dụng trường tiểu học 30 phòng học tại Trảng Bom": {
        "title": "New 30-classroom primary school opens in Trảng Bom",
        "sapo": """
            (ĐN) - A new primary school with 30 classrooms, a library, a multi-purpose hall and a small football
            pitch has been handed over, easing overcrowding in an area where many factory workers' families live.
        """,
        "body": """
            The school cost more than 85 billion đồng from the provincial budget and stands on a site of nearly 1.5
            hectares. This school year it has taken in about 1,100 pupils, most of them moved from two nearby
            schools where classes had more than 50 children.

            Headteacher Hoàng Thị Mai said every class has lessons all day, and a canteen lets parents working
            shifts in the industrial parks leave their children at school with peace of mind. The school also has
            a computer room, a language room and a counselling room.

            According to the provincial Department of Education and Training, fast population growth from
            migration means places such as Trảng Bom, Nhơn Trạch and Long Thành are still short of classrooms. The
            province is giving priority to funding new kindergartens and primary schools in the coming years.
        """,
        "captions": (
            "Pupils on their first day at the new school",
            "The school library holds more than 5,000 titles",
        ),
        "tags": ["Schools", "Trảng Bom", "School buildings"],
    },
    # Sức khỏe
    "Cứu sống bệnh nhân ngưng tim nhờ kỹ thuật tim phổi nhân tạo ECMO": {
        "title": "ECMO saves a patient whose heart stopped",
        "sapo": """
            (ĐN) - Doctors at Đồng Nai General Hospital have saved a 42-year-old man whose heart stopped because of
            acute myocarditis, using intensive care together with an artificial heart and lung machine (ECMO).
        """,
        "body": """
            The patient was admitted with chest pain, shortness of breath and falling blood pressure. Within hours
            he developed a dangerous heart rhythm and went into cardiac arrest. The intensive care team started
            chest compressions and defibrillation at once and triggered the hospital's red alert so that ECMO could
            be set up at the bedside.

            After six days on ECMO and intensive treatment, his heart gradually recovered. He is now awake, eating
            on his own and walking a little, and is expected to go home next week.

            Dr Võ Thành Nhân, head of the intensive care and toxicology department, said acute myocarditis often
            follows a bout of flu and is easily missed because it first feels like ordinary tiredness. Anyone who
            has chest pain, palpitations or shortness of breath after being ill should see a doctor promptly.
        """,
        "captions": ("The intensive care team monitors a patient on ECMO",),
        "tags": ["ECMO", "Đồng Nai General Hospital", "Intensive care"],
    },
    "Tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến 5 tuổi": {
        "title": "Catch-up measles vaccination for children aged one to five",
        "sapo": """
            (ĐN) - The provincial health service is running a catch-up campaign to vaccinate children aged one to
            five who have missed measles doses, to head off the disease in crowded areas with many migrant
            workers.
        """,
        "body": """
            According to the provincial Centre for Disease Control (CDC), more than 9,000 children have had no
            measles vaccine or only one of the two doses. Most live in workers' boarding houses, where families
            often move.

            Health stations are vaccinating at the stations themselves and at kindergartens, and have opened mobile
            sites on Saturday and Sunday afternoons so that parents who work shifts can bring their children.
            Children are checked before the injection and watched for 30 minutes afterwards.

            CDC doctors point out that measles spreads through the air and can lead to pneumonia and encephalitis;
            it is especially dangerous for malnourished children. Two doses of vaccine are the best protection.
        """,
        "captions": (
            "A child receives the measles vaccine at the Long Bình ward health station",
            "A health worker checks a child before vaccination",
        ),
        "tags": ["Vaccines", "Measles", "Immunisation"],
    },
    # Nông nghiệp - Nông thôn
    "Nông dân Xuân Lộc chuyển vườn tiêu già cỗi sang trồng xen cây ăn trái": {
        "title": "Xuân Lộc farmers turn ageing pepper gardens over to fruit trees",
        "sapo": """
            (ĐN) - With pepper prices swinging, old vines and disease on the rise, many farmers in Xuân Lộc are
            replanting their gardens with durian, avocado and jackfruit between the pepper to earn more and spread
            the risk.
        """,
        "body": """
            Đinh Văn Hải's family has more than two hectares of pepper planted nearly 20 years ago. In recent years
            yields have fallen sharply and many vines have died of wilt. He decided to keep the healthy ones and
            plant durian and avocado between the rows, using the irrigation he already had.

            “The pepper still gives a steady harvest, and the fruit trees start bearing in their fourth year. If
            pepper prices fall one year, the fruit makes up for it,” he said.

            Local extension officers say the trees give shade and keep the soil moist, but farmers must space them
            carefully so the pepper is not starved of light. They should also convert their gardens a little at a
            time rather than cut down their pepper because everyone else is.

            The agriculture sector is helping farmers join cooperative groups, adopt organic-style methods and
            obtain growing-area codes so that their produce can be exported.
        """,
        "captions": (
            "Đinh Văn Hải's pepper garden, interplanted with durian",
            "An extension officer shows a farmer how to care for the pepper vines",
        ),
        "tags": ["Pepper", "Crop conversion", "Xuân Lộc"],
    },
    "Nuôi gà đồi theo chuỗi liên kết, nông dân Trảng Bom có lãi ổn định": {
        "title": "Hillside chicken farmers in Trảng Bom find steady profits in supply chains",
        "sapo": """
            (ĐN) - By joining a supply chain with a company, free-range chicken farmers in Trảng Bom get chicks,
            feed, technical advice and a guaranteed buyer, and worry far less about a good harvest fetching a bad
            price.
        """,
        "body": """
            Vũ Đình Phong's farm covers nearly three hectares of hillside and raises about 6,000 birds a batch. By
            day the chickens roam the garden; at night they return to coops bedded with a biological litter, so
            there is hardly any smell to bother the neighbours.

            Phong used to raise and sell his birds to traders himself, and prices went up and down so much that he
            once lost a hundred million đồng on a batch. Since signing a contract, the buying price is fixed in
            advance and he clears 80 to 100 million đồng a batch after costs.

            Hundreds of poultry farms in the province are now part of such chains. The agriculture sector
            encourages farmers to keep strict biosecurity, vaccinate fully and keep farm records so that their
            products can be traced.
        """,
        "captions": ("Free-range chickens on Vũ Đình Phong's hillside farm",),
        "tags": ["Livestock", "Supply chains", "Trảng Bom"],
    },
    # Đô thị
    "Hoàn thành thêm một đoạn đường ven sông Cái, mở không gian công cộng cho Biên Hòa": {
        "title": "New stretch of Cái River road gives Biên Hòa a public riverside",
        "sapo": """
            (ĐN) - A 1.2 km stretch of road along the Cái River has opened with a footpath, a cycle lane and a strip
            of trees, and has quickly become a place for central Biên Hòa residents to exercise and stroll.
        """,
        "body": """
            According to the project management board, the road is 26 metres wide, with two traffic lanes and an
            8-metre stone-paved walkway on the river side, benches, street lights and separate drains for rain and
            sewage. The embankment has been reinforced against erosion.

            Every afternoon the new road draws crowds of walkers and runners, and children on bicycles. Lý Thị Nga,
            who lives nearby, says the area used to be full of makeshift shacks and piles of rubbish. “Now the road
            is lovely and cool. I come for a walk with the women from my street every afternoon,” she said.

            The Cái River road matters for flood control, for tidying up the city and for river tourism. Land
            clearance for the remaining sections is being speeded up so that work can start soon and the whole
            road can be joined up.
        """,
        "captions": (
            "The newly opened stretch of road along the Cái River",
            "Residents walk and exercise on the riverside footpath",
        ),
        "tags": ["Cái River", "Urban improvement", "Biên Hòa"],
    },
    "Chỉnh trang vỉa hè, trồng thêm cây xanh trên đường Cách Mạng Tháng Tám": {
        "title": "Cách Mạng Tháng Tám Street gets new pavements and trees",
        "sapo": """
            (ĐN) - After almost four months of work, Cách Mạng Tháng Tám Street in central Biên Hòa has a new look,
            with stone pavements, a row of shade trees and its telecoms cables moved underground.
        """,
        "body": """
            The 1.8 km street is one of the city's busiest. Before the work, long stretches of pavement were broken,
            the trees were a mismatched mix, and power and telecoms cables hung in a tangle overhead.

            The contractor has planted more than 150 sao, dầu and crape myrtle trees, built a path for people with
            disabilities and laid out motorbike parking in front of the shops. All the overhead cables have been
            moved into an underground duct.

            The ward authorities said they would step up checks on traders who take over the pavement, and asked
            shop owners to keep it clean and help look after the trees outside their doors.
        """,
        "captions": ("The pavement on Cách Mạng Tháng Tám Street after the upgrade",),
        "tags": ["Pavements", "Trees", "Biên Hòa"],
    },
    # Bạn đọc
    "Bạn đọc phản ánh đèn tín hiệu gần cổng Khu công nghiệp Amata thường xuyên hỏng": {
        "title": "Readers report faulty traffic lights near Amata Industrial Park gate",
        "sapo": """
            (ĐN) - Several readers in Long Bình ward have told Báo Đồng Nai that the traffic lights at a junction
            near the gate of Amata Industrial Park often fail when shifts end, causing jams and near misses.
        """,
        "body": """
            Readers say that between about 4.30 and 6 p.m., when thousands of workers leave the factories, the
            lights sometimes only flash amber or go dark altogether. Motorbikes, worker shuttle buses and container
            lorries then jostle through the junction, and collisions have been narrowly avoided many times.

            “I ride through here every day, and the lights are out two or three times a week. If the traffic
            police or the militia didn't come out to direct traffic, we'd be stuck for an hour,” reader Nguyễn
            Hoàng Nam wrote.

            Speaking to our reporter, the company that maintains the traffic lights said the control cabinet was
            old and often overloaded in hot weather. It plans to replace the cabinet and fit a backup power supply,
            and expects to finish this month.

            Báo Đồng Nai will keep following the matter and report back to readers.
        """,
        "captions": ("The junction near the Amata Industrial Park gate at the end of a shift",),
        "tags": ["Traffic lights", "Long Bình", "Readers' reports"],
    },
    "Cảm ơn những người lạ đã giúp tôi trong đêm xe hỏng giữa đường": {
        "title": "Thank you to the strangers who helped me the night my motorbike broke down",
        "sapo": """
            (ĐN) - Reader Đinh Thị Thảo, of Long Khánh, has written to Báo Đồng Nai about the strangers who helped
            her the night her motorbike broke down on a deserted road.
        """,
        "body": """
            That evening I was riding home to Long Khánh from my parents' house in Xuân Lộc with my seven-year-old
            daughter when we got a flat tyre and the headlight went out. The road was empty and a light rain was
            falling. I pushed the bike for almost a kilometre without finding a repair shop still open.

            Just as I was starting to panic, a man riding past stopped to ask what was wrong, then phoned a friend
            who had a repair shop nearby. About fifteen minutes later, an older man came out with his tools, fixed
            the tyre and checked the light. When I tried to pay, he would take only the price of the patch, and
            told me to ride slowly because the road was slippery.

            The young man followed us all the way to the edge of our neighbourhood before turning back. I never
            asked his name, and I don't know where the older man's shop is, so I could not go back to thank them.

            Through Báo Đồng Nai, I want to thank the two of them from the bottom of my heart. What they did might
            seem small, but it warmed two travellers on a rainy night, and it is a story I will keep telling my
            daughter.
        """,
        "captions": ("The deserted stretch of road where the reader broke down",),
        "tags": ["Readers' letters", "Kindness", "Long Khánh"],
    },
}
