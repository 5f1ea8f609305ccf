"""Proposing, saving, moving and deleting groups and planning rotations, through the services: the levels
they read, the access rule they check again, the codes they refuse with, and the audit rows they write."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.grouping import services
from pathmaker.grouping.models import GroupMember, RotationMember
from pathmaker.grouping.services import GroupingError
from tests import factories as f
from tests.grouping.conftest import SYSTEM, TODAY, ask, classmates, saved, score, snapshot


def test_a_proposal_reads_the_levels_mastery_keeps(district, math):
    score(district, district.sam, math.rp1, "1")
    score(district, district.tia, math.rp1, "4")
    extra = classmates(district, 2)
    score(district, extra[0], math.rp1, "2")
    score(district, extra[1], math.rp1, "3")
    read = services.grouping_propose(ask=ask(district, math, min_size=2), actor=district.actor("teacher"))
    assert read.proposal.groups == ((district.sam.pk, extra[0].pk), (extra[1].pk, district.tia.pk))
    reason = read.proposal.reasons[district.sam.pk]
    assert (reason.code, reason.low, reason.high) == ("alike", 1.0, 2.0)


def test_saving_keeps_the_groups_their_reasons_and_audits_each_student(district, math):
    score(district, district.sam, math.rp1, "1")
    score(district, district.tia, math.rp1, "4")
    grouping = saved(district, math, max_size=1)
    members = {m.student_id: m for m in GroupMember.objects.filter(grouping=grouping)}
    assert members[district.sam.pk].group.position == 0
    assert members[district.sam.pk].reason_code == "alike"
    assert members[district.sam.pk].reason_values["competencies"] == ["7.RP.1"]
    assert grouping.purpose == "Reteach unit rates" and grouping.on == TODAY
    audited = AuditEvent.objects.filter(action="grouping.save", object_id=str(grouping.pk))
    assert set(audited.values_list("student_id", flat=True)) == {district.sam.pk, district.tia.pk}


def test_a_student_the_teacher_moved_reads_moved_by_the_teacher(district, math):
    score(district, district.sam, math.rp1, "1")
    score(district, district.tia, math.rp1, "4")
    grouping = services.grouping_save(
        ask=ask(district, math, max_size=1),
        on=TODAY,
        purpose="",
        groups=[[district.tia.pk], [district.sam.pk]],
        actor=district.actor("teacher"),
    )
    assert set(GroupMember.objects.filter(grouping=grouping).values_list("reason_code", flat=True)) == {
        "moved"
    }


def test_saving_refuses_groups_that_leave_out_a_student(district, math):
    before = snapshot()
    with pytest.raises(GroupingError) as refused:
        services.grouping_save(
            ask=ask(district, math),
            on=TODAY,
            purpose="",
            groups=[[district.sam.pk]],
            actor=district.actor("teacher"),
        )
    assert refused.value.code == "grouping.not_every_student_once"
    assert snapshot() == before


@pytest.mark.parametrize(
    "persona", ["advisor", "other_school_teacher", "teacher_parent", "student", "guardian"]
)
def test_only_those_who_run_the_section_propose_its_groups(district, math, persona):
    with pytest.raises(GroupingError) as refused:
        services.grouping_propose(ask=ask(district, math), actor=district.actor(persona))
    assert refused.value.code == "grouping.forbidden"


def test_a_teacher_who_may_not_see_demographics_cannot_balance_by_them(district, math):
    with pytest.raises(GroupingError) as refused:
        services.grouping_propose(
            ask=ask(district, math, balance="english_learner"), actor=district.actor("teacher")
        )
    assert (refused.value.code, refused.value.field) == ("grouping.forbidden", "balance")


def test_a_principal_balances_english_learners_across_the_groups(district, math):
    extra = classmates(district, 2)
    f.demographics(extra[0], english_learner=True)  # Sam is an English learner too (the district fixture)
    for student, value in ((district.sam, "1"), (extra[0], "1"), (district.tia, "4"), (extra[1], "4")):
        score(district, student, math.rp1, value)
    plain = services.grouping_propose(ask=ask(district, math), actor=district.actor("principal"))
    assert {district.sam.pk, extra[0].pk} in [set(g) for g in plain.proposal.groups]
    balanced = services.grouping_propose(
        ask=ask(district, math, balance="english_learner"), actor=district.actor("principal")
    )
    assert {district.sam.pk, extra[0].pk} not in [set(g) for g in balanced.proposal.groups]
    assert balanced.proposal.unmet == ()


def test_pairs_name_students_of_the_sections_and_never_the_same_pair_both_ways(district, math):
    teacher = district.actor("teacher")
    with pytest.raises(GroupingError) as outside:
        services.grouping_propose(
            ask=ask(district, math, apart=[(district.sam.pk, district.omar.pk)]), actor=teacher
        )
    assert outside.value.code == "grouping.not_in_sections"
    pair = (district.sam.pk, district.tia.pk)
    with pytest.raises(GroupingError) as both:
        services.grouping_propose(ask=ask(district, math, together=[pair], apart=[pair[::-1]]), actor=teacher)
    assert both.value.code == "grouping.contradictory_pairs"


def test_bad_bounds_and_a_competency_of_another_course_are_refused(district, math):
    teacher = district.actor("teacher")
    with pytest.raises(GroupingError) as sizes:
        services.grouping_propose(ask=ask(district, math, min_size=4, max_size=2), actor=teacher)
    assert sizes.value.code == "grouping.bad_sizes"
    other = frameworks.competency_create(
        framework=math.rp1.framework, full_statement="Elsewhere", human_coding_scheme="X.1", actor=SYSTEM
    )
    with pytest.raises(GroupingError) as elsewhere:
        services.grouping_propose(ask=ask(district, math, competencies=[other]), actor=teacher)
    assert elsewhere.value.code == "grouping.not_in_sections"


def test_moving_a_student_changes_their_group_and_reason_and_is_audited(district, math):
    grouping = saved(district, math, max_size=1)
    sam = GroupMember.objects.get(grouping=grouping, student=district.sam)
    other = grouping.groups.exclude(pk=sam.group_id).get()
    services.grouping_move(
        grouping=grouping, student=district.sam, group=other, actor=district.actor("co_teacher")
    )
    sam.refresh_from_db()
    assert (sam.group_id, sam.reason_code) == (other.pk, "moved")
    assert AuditEvent.objects.filter(action="grouping.move", student_id=district.sam.pk).count() == 1


def test_an_advisor_cannot_move_or_delete(district, math):
    grouping = saved(district, math, max_size=1)
    group = grouping.groups.first()
    before = snapshot()
    with pytest.raises(GroupingError):
        services.grouping_move(
            grouping=grouping, student=district.sam, group=group, actor=district.actor("advisor")
        )
    with pytest.raises(GroupingError):
        services.grouping_delete(grouping=grouping, actor=district.actor("advisor"))
    assert snapshot() == before


def test_deleting_audits_each_student_and_removes_the_groups(district, math):
    grouping = saved(district, math)
    services.grouping_delete(grouping=grouping, actor=district.actor("principal"))
    assert GroupMember.objects.count() == 0
    assert set(AuditEvent.objects.filter(action="grouping.delete").values_list("student_id", flat=True)) == {
        district.sam.pk,
        district.tia.pk,
    }


def test_a_group_is_taken_by_a_teacher_of_the_section_only(district, math):
    grouping = saved(district, math)
    group = grouping.groups.first()
    carol = district.user("co_teacher").person
    services.group_update(group=group, name="Ratios table", staff=carol, actor=district.actor("teacher"))
    group.refresh_from_db()
    assert (group.name, group.staff_id) == ("Ratios table", carol.pk)
    with pytest.raises(GroupingError) as refused:
        services.group_update(
            group=group,
            name="x",
            staff=district.user("other_school_teacher").person,
            actor=district.actor("teacher"),
        )
    assert refused.value.code == "grouping.not_in_sections"


def test_the_teacher_led_station_takes_the_greatest_need_first(district, math):
    extra = classmates(district, 4)
    for student, value in zip(
        [district.sam, district.tia, *extra], ["4", "1", "3", "2", "4", "1"], strict=True
    ):
        score(district, student, math.rp2, value)
    rotation = services.rotation_plan(
        section=district.math,
        competencies=[math.rp2],
        on=TODAY,
        starts_at=dt.time(9, 0),
        minutes=20,
        rotations=3,
        stations=[("online", "Practice set"), ("teacher_led", "With me"), ("collaborative", "Card sort")],
        actor=district.actor("teacher"),
    )
    assert list(rotation.stations.values_list("kind", flat=True)) == [
        "teacher_led",
        "online",
        "collaborative",
    ]
    first = set(
        RotationMember.objects.filter(rotation=rotation, group=0).values_list("student_id", flat=True)
    )
    assert first == {district.tia.pk, extra[3].pk}  # the two scores of 1
    assert AuditEvent.objects.filter(action="grouping.rotation_plan").count() == 6


def test_a_rotation_needs_a_teacher_led_station(district, math):
    with pytest.raises(GroupingError) as refused:
        services.rotation_plan(
            section=district.math,
            competencies=[math.rp1],
            on=TODAY,
            starts_at=dt.time(9, 0),
            minutes=20,
            rotations=2,
            stations=[("online", ""), ("collaborative", "")],
            actor=district.actor("teacher"),
        )
    assert refused.value.code == "grouping.no_teacher_station"


def test_the_system_actor_makes_groups_for_the_demo(district, math):
    grouping = services.grouping_save(
        ask=ask(district, math), on=TODAY, purpose="", actor=Actor.system("demo")
    )
    assert GroupMember.objects.filter(grouping=grouping).count() == 2


def test_students_kept_with_the_co_teacher_join_her_group_and_she_is_saved_on_it(district, math):
    amy, ben = classmates(district, 2)
    for student, value in ((district.sam, "1"), (amy, "2"), (district.tia, "3"), (ben, "4")):
        score(district, student, math.rp1, value)
    carol = district.user("co_teacher").person
    # Alike groups of two would be (Sam, Amy) and (Tia, Ben): Sam and Ben are to stay with Carol.
    keep = ask(district, math, min_size=2, keep_with_staff=carol.pk, keep_with=[district.sam.pk, ben.pk])
    read = services.grouping_propose(ask=keep, actor=district.actor("teacher"))
    assert read.staff == carol
    assert set(read.proposal.groups[read.proposal.led]) == {district.sam.pk, ben.pk}
    assert read.proposal.unmet == ()
    grouping = services.grouping_save(ask=keep, on=TODAY, purpose="", actor=district.actor("teacher"))
    hers = grouping.groups.get(staff=carol)
    assert set(hers.members.values_list("student_id", flat=True)) == {district.sam.pk, ben.pk}
    assert set(hers.members.values_list("reason_code", flat=True)) == {"keep_with"}
    assert grouping.groups.exclude(pk=hers.pk).get().staff_id is None


def test_a_principal_keeps_the_students_a_demographic_flag_marks_with_the_co_teacher(district, math):
    amy, ben = classmates(district, 2)
    f.demographics(amy, iep=True)
    f.demographics(ben, iep=True)
    for student, value in ((district.sam, "1"), (amy, "2"), (district.tia, "3"), (ben, "4")):
        score(district, student, math.rp1, value)
    carol = district.user("co_teacher").person
    keep = ask(district, math, min_size=2, keep_with_staff=carol.pk, keep_with_flag="iep")
    read = services.grouping_propose(ask=keep, actor=district.actor("principal"))
    assert set(read.proposal.groups[read.proposal.led]) == {amy.pk, ben.pk}


def test_keeping_with_a_co_teacher_is_refused_with_the_field_it_concerns(district, math):
    teacher = district.actor("teacher")
    carol = district.user("co_teacher").person
    cases = [
        ({"keep_with": [district.sam.pk]}, ("grouping.no_staff", "keep_with_staff")),
        ({"keep_with_staff": carol.pk}, ("grouping.no_one_to_keep", "keep_with")),
        (
            {
                "keep_with_staff": district.user("other_school_teacher").person.pk,
                "keep_with": [district.sam.pk],
            },
            ("grouping.not_in_sections", "keep_with_staff"),
        ),
        (
            {"keep_with_staff": carol.pk, "keep_with": [district.omar.pk]},
            ("grouping.not_in_sections", "keep_with"),
        ),
        ({"keep_with_staff": carol.pk, "keep_with_flag": "iep"}, ("grouping.forbidden", "keep_with_flag")),
    ]
    for changes, expected in cases:
        with pytest.raises(GroupingError) as refused:
            services.grouping_propose(ask=ask(district, math, **changes), actor=teacher)
        assert (refused.value.code, refused.value.field) == expected, changes
