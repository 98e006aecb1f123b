"""factory_boy factories for the portal's models."""

import factory
from django.conf import settings

from accounts.models import User
from blocs.models import Bloc, BlocYear, Membership, MemberUnit, SuperiorBody


class SuperiorBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuperiorBody

    name = "Bộ Tài chính"
    short_name = "Bộ TC"
    from_year = 2025


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    code = factory.Sequence(lambda n: f"khoi-{n}")
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")


class MemberUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberUnit

    code = factory.Sequence(lambda n: f"don-vi-{n}")
    name = factory.Sequence(lambda n: f"Ban Quản lý các KCN tỉnh Số {n}")
    short_name = factory.Sequence(lambda n: f"BQL Số {n}")
    province = "Bình Định"
    kind = MemberUnit.Kind.KCN
    staff_count = 30


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc = factory.SubFactory(BlocFactory)
    unit = factory.SubFactory(MemberUnitFactory)
    year = 2026


class BlocYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocYear

    bloc = factory.SubFactory(BlocFactory)
    year = 2026
    leader = factory.SubFactory(MemberUnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-an-toan-2026")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


PASSWORD = "mat-khau-an-toan-2026"
DEMO_PASSWORD = settings.DEMO_PASSWORD
