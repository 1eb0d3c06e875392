"""The staff directory's test data, shared by its page tests (test_staff_directory.py) and its
export tests (test_staff_directory_export.py)."""

import datetime

from workforce.models import StaffGroup, StaffMember
from workforce.tests.factories import JobRoleFactory, OrgUnitFactory, StaffMemberFactory


def birch_lodge(org):
    """A home of its own, so ordering tests see only the staff they create."""
    return OrgUnitFactory(name="Birch Lodge", parent=org["north"])


def directory_people(org):
    """Five people: two carers of Oak House (one in its night team), a clerk of Elm Court, a
    leaver and an archived record."""
    carer = JobRoleFactory(title="Care Assistant", pay_band="2", staff_group=StaffGroup.DIRECT_CARE_SUPPORT)
    clerk = JobRoleFactory(title="Ward Clerk", pay_band="5", staff_group=StaffGroup.INDIRECT_SUPPORT)
    night_team = OrgUnitFactory(name="Oak House night team", parent=org["oak"], kind="team")
    return {
        "amira": StaffMemberFactory(
            first_name="Amira",
            last_name="Khan",
            assignment_number="40001001",
            org_unit=org["oak"],
            job_role=carer,
        ),
        "night": StaffMemberFactory(
            first_name="Dylan",
            last_name="Price",
            assignment_number="40001002",
            org_unit=night_team,
            job_role=carer,
        ),
        "elm": StaffMemberFactory(
            first_name="Grace",
            last_name="Owusu",
            assignment_number="40002001",
            org_unit=org["elm"],
            job_role=clerk,
        ),
        "leaver": StaffMemberFactory(
            first_name="Harold",
            last_name="Leaver",
            assignment_number="40003001",
            org_unit=org["oak"],
            job_role=carer,
            leaving_date=datetime.date.today() - datetime.timedelta(days=30),
            leaving_reason="Retired",
        ),
        "archived": StaffMemberFactory(
            first_name="Ivy",
            last_name="Archived",
            assignment_number="40004001",
            org_unit=org["oak"],
            job_role=carer,
            is_archived=True,
        ),
    }


def bulk_staff(count, org):
    """`count` staff in Oak House and its day team, over three bands: for query counts at two sizes."""
    roles = [JobRoleFactory(title=f"Bulk role {band}", pay_band=band) for band in ("2", "3", "5")]
    units = [org["oak"], OrgUnitFactory(name="Oak House day team", parent=org["oak"])]
    line_manager = StaffMemberFactory(org_unit=org["oak"], first_name="Lena", last_name="Lead")
    StaffMember.objects.bulk_create(
        StaffMemberFactory.build(org_unit=units[i % 2], job_role=roles[i % 3], line_manager=line_manager)
        for i in range(count)
    )
