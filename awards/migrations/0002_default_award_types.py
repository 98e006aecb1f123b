"""The award types of recent years' regulations (DOMAIN: awards)."""

from django.db import migrations

TYPES = [
    ("co-thi-dua-bo", "Cờ thi đua của Bộ", "The ministry's Emulation Flag", "collective", 10),
    (
        "bang-khen-bo-truong-tap-the",
        "Bằng khen của Bộ trưởng (tập thể)",
        "Minister's Certificate of Merit (collective)",
        "collective",
        20,
    ),
    (
        "bang-khen-bo-truong-phong",
        "Bằng khen của Bộ trưởng (phòng, đơn vị thuộc Ban)",
        "Minister's Certificate of Merit (department)",
        "department",
        30,
    ),
    (
        "bang-khen-bo-truong-ca-nhan",
        "Bằng khen của Bộ trưởng (cá nhân)",
        "Minister's Certificate of Merit (individual)",
        "individual",
        40,
    ),
]


def load(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for code, name_vi, name_en, recipient, order in TYPES:
        AwardType.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "recipient": recipient,
                "display_order": order,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("awards", "AwardType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
