"""The vote rules and quotas of recent years' regulations (DOMAIN: awards and votes):
the flag needs at least 80% of all members, a certificate more than 50% of all members;
the quorum is 2/3 of the members present. Quotas as seen for an 11-member bloc."""

from decimal import Decimal

from django.db import migrations

RULES = {
    # code: (threshold %, comparison, quota, eligibility)
    "co-thi-dua-bo": (
        Decimal("80"),
        "at_least",
        1,
        "Tập thể dẫn đầu Khối thi đua; hoàn thành xuất sắc nhiệm vụ trong năm.",
    ),
    "bang-khen-bo-truong-tap-the": (
        Decimal("50"),
        "more_than",
        3,
        "Tập thể hoàn thành xuất sắc nhiệm vụ, có thành tích tiêu biểu trong phong trào thi đua.",
    ),
    "bang-khen-bo-truong-phong": (
        Decimal("50"),
        "more_than",
        2,
        "Phòng, đơn vị thuộc Ban hoàn thành xuất sắc nhiệm vụ trong năm.",
    ),
    "bang-khen-bo-truong-ca-nhan": (
        Decimal("50"),
        "more_than",
        3,
        "Cá nhân hai năm liền hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận.",
    ),
}


def load(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for code, (percent, comparison, quota, notes) in RULES.items():
        AwardType.objects.filter(code=code).update(
            threshold_percent=percent,
            threshold_base="members",
            threshold_comparison=comparison,
            quorum_numerator=2,
            quorum_denominator=3,
            default_quota=quota,
            eligibility_notes=notes,
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_rules_quotas_scores_nominations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
