"""Illustrative demo pacts: a signed pact for the current year of one bloc, and last year's
archived pact of another bloc so its new leader can start from a copy."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from blocs.models import Bloc, BlocYear
from pacts.models import (
    CriteriaGroup,
    Pact,
    PactClause,
    PactEvent,
    Registration,
    RegistrationTarget,
    ScoreAdjustment,
    ScoringCriterion,
    Signature,
)
from reports.models import Indicator

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

PREAMBLE = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và các văn bản hướng dẫn thi hành;\n"
    "Căn cứ Quy chế hoạt động của Khối thi đua {bloc};\n"
    "Các đơn vị thành viên Khối thi đua {bloc} thống nhất ký kết Giao ước thi đua năm {year} "
    "với các nội dung sau:"
)

CLAUSES = [
    "Quán triệt và thực hiện nghiêm các chủ trương của Đảng, chính sách, pháp luật của Nhà nước; "
    "tổ chức triển khai sâu rộng các phong trào thi đua do Bộ phát động.",
    "Phấn đấu hoàn thành và hoàn thành vượt mức các chỉ tiêu thu hút đầu tư, giải ngân vốn, xuất khẩu "
    "và nộp ngân sách nhà nước đã đăng ký.",
    "Đẩy mạnh cải cách hành chính và chuyển đổi số; giải quyết thủ tục hành chính cho nhà đầu tư, "
    "doanh nghiệp đúng và trước hạn.",
    "Bảo đảm an ninh trật tự, an toàn lao động, phòng cháy chữa cháy và bảo vệ môi trường trong các "
    "khu công nghiệp, khu kinh tế.",
    "Gửi báo cáo sơ kết 6 tháng, tổng kết năm đúng thời hạn, đầy đủ nội dung; tham gia đầy đủ các "
    "hoạt động của Khối.",
    "Phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến; đề xuất khen thưởng kịp thời, đúng "
    "đối tượng, đúng quy định.",
]

SCORING = [
    (
        "Thực hiện nhiệm vụ chuyên môn",
        [
            (
                "Kết quả thu hút đầu tư FDI, DDI so với kế hoạch năm",
                "15",
                "Đạt 100% kế hoạch: 15 điểm; mỗi 10% thiếu trừ 1,5 điểm.",
            ),
            ("Kết quả giải ngân vốn đầu tư của các dự án trong KCN, KKT", "10", ""),
            ("Kim ngạch xuất khẩu và nộp ngân sách nhà nước", "10", ""),
            (
                "Cải cách hành chính, chuyển đổi số, tỷ lệ hồ sơ giải quyết đúng hạn",
                "15",
                "100% hồ sơ đúng hạn: 15 điểm.",
            ),
            ("Quản lý môi trường, an toàn lao động, phòng cháy chữa cháy", "10", ""),
        ],
    ),
    (
        "Công tác thi đua, khen thưởng",
        [
            ("Tổ chức phát động, triển khai các phong trào thi đua", "10", ""),
            ("Phát hiện, nhân rộng điển hình tiên tiến", "8", ""),
            ("Báo cáo sơ kết, tổng kết đúng hạn, đầy đủ", "7", "Mỗi báo cáo chậm trừ 2 điểm."),
        ],
    ),
    (
        "Tham gia hoạt động của Khối",
        [
            ("Tham dự đầy đủ hội nghị sơ kết, tổng kết của Khối", "8", ""),
            ("Phối hợp, chia sẻ kinh nghiệm với các đơn vị thành viên", "7", ""),
        ],
    ),
]

BONUSES = [
    ("Có sáng kiến, mô hình mới được Khối ghi nhận và nhân rộng", "3"),
    ("Tổ chức thành công hội nghị của Khối", "2"),
]
PENALTIES = [
    ("Gửi báo cáo chậm so với thời hạn quy định", "2"),
    ("Để xảy ra sự cố môi trường, cháy nổ nghiêm trọng trong KCN, KKT", "5"),
    ("Không tham dự hội nghị của Khối mà không có lý do", "3"),
]

INDICATORS = [
    "INV_FDI_NEW_PROJECTS",
    "INV_DDI_NEW_PROJECTS",
    "INV_FDI_CAPITAL_NEW",
    "INV_DDI_CAPITAL_NEW",
    "TRADE_EXPORT_USD",
    "BUDGET_CONTRIBUTION_VND",
    "LABOUR_WORKERS",
    "LAND_OCCUPANCY_RATE",
    "ADMIN_ON_TIME_RATE",
]

# bloc code, year, place, status, signing day
PACTS = [
    ("tay-nguyen-duyen-hai-mien-trung", 2026, "Quy Nhơn", Pact.Status.SIGNED, (2026, 1, 6)),
    ("mien-tay-nam-bo", 2025, "Cao Lãnh", Pact.Status.ARCHIVED, (2025, 1, 8)),
]


def _target(rng: random.Random, indicator: Indicator, staff: int) -> Decimal:
    scale = max(staff, 10) / 40
    ranges = {
        "INV_FDI_NEW_PROJECTS": (2, 25),
        "INV_DDI_NEW_PROJECTS": (3, 30),
        "INV_FDI_CAPITAL_NEW": (50, 900),
        "INV_DDI_CAPITAL_NEW": (800, 15000),
        "TRADE_EXPORT_USD": (300, 6000),
        "BUDGET_CONTRIBUTION_VND": (500, 9000),
        "LABOUR_WORKERS": (8000, 90000),
        "LAND_OCCUPANCY_RATE": (55, 95),
        "ADMIN_ON_TIME_RATE": (98, 100),
    }
    low, high = ranges[indicator.code]
    value = Decimal(str(rng.uniform(low, high)))
    if indicator.aggregation == Indicator.Aggregation.SUM:
        value *= Decimal(str(scale))
    return value.quantize(Decimal(1).scaleb(-indicator.decimals))


def load_demo_pacts(stdout=None) -> list[Pact]:
    User = get_user_model()
    loaded = []
    for bloc_code, year, place, status, day in PACTS:
        bloc = Bloc.objects.get(code=bloc_code)
        if Pact.objects.filter(bloc=bloc, year=year).exists():
            continue
        leadership = BlocYear.objects.get(bloc=bloc, year=year)
        signed_at = datetime(*day, 9, 30, tzinfo=TZ)
        leader_staff = User.objects.get(username=f"canbo.{leadership.leader.code}")
        pact = Pact.objects.create(
            bloc=bloc,
            year=year,
            place=place,
            number="01/GƯ-KTĐ",
            title=f"Giao ước thi đua năm {year} của Khối thi đua {bloc.name}",
            preamble=PREAMBLE.format(bloc=bloc.name, year=year),
            status=status,
            signed_at=signed_at,
            created_by=leader_staff,
        )
        PactClause.objects.bulk_create(
            PactClause(pact=pact, order=n, text=text) for n, text in enumerate(CLAUSES, 1)
        )
        for n, (title, criteria) in enumerate(SCORING, 1):
            group = CriteriaGroup.objects.create(pact=pact, order=n, title=title)
            ScoringCriterion.objects.bulk_create(
                ScoringCriterion(
                    group=group, order=m, text=text, max_points=Decimal(points), guidance=guidance
                )
                for m, (text, points, guidance) in enumerate(criteria, 1)
            )
        for kind, items in (("bonus", BONUSES), ("penalty", PENALTIES)):
            ScoreAdjustment.objects.bulk_create(
                ScoreAdjustment(
                    pact=pact, kind=kind, order=n, text=text, max_points=Decimal(points)
                )
                for n, (text, points) in enumerate(items, 1)
            )
        indicators = list(Indicator.objects.filter(code__in=INDICATORS))
        pact.indicators.set(indicators)
        from awards.models import AwardType

        flag = AwardType.objects.get(code="co-thi-dua-bo")
        certificate = AwardType.objects.get(code="bang-khen-bo-truong-tap-the")
        for unit in bloc.members_in(year):
            rng = random.Random(f"{unit.code}-{year}")
            staff = User.objects.get(username=f"canbo.{unit.code}")
            registration = Registration.objects.create(pact=pact, unit=unit, submitted_by=staff)
            registration.award_types.set(
                [flag, certificate] if rng.random() < 0.4 else [certificate]
            )
            RegistrationTarget.objects.bulk_create(
                RegistrationTarget(
                    registration=registration,
                    indicator=i,
                    target=_target(rng, i, unit.staff_count or 20),
                )
                for i in indicators
            )
            leader = User.objects.get(username=f"lanhdao.{unit.code}")
            Signature.objects.create(
                pact=pact,
                unit=unit,
                signed_by=leader,
                signer_name=leader.full_name,
                signer_title=leader.position,
                signed_at=signed_at,
            )
        for old, new in (
            (Pact.Status.DRAFT, Pact.Status.OPEN),
            (Pact.Status.OPEN, Pact.Status.SIGNED),
        ):
            PactEvent.objects.create(pact=pact, from_status=old, to_status=new, by=leader_staff)
        if status == Pact.Status.ARCHIVED:
            PactEvent.objects.create(
                pact=pact,
                from_status=Pact.Status.SIGNED,
                to_status=Pact.Status.ARCHIVED,
                by=leader_staff,
            )
        loaded.append(pact)
    return loaded
