"""The demo's groups: two groupings and a rotation in the demo teacher's section, saved through the services
with the proposal's own reasons."""

from __future__ import annotations

from pathmaker.audit.models import AuditEvent
from pathmaker.demo.grouping import build_demo_grouping
from pathmaker.grouping.models import Grouping, GroupMember, StationRotation
from pathmaker.grouping.propose import GOALS
from tests import factories as f
from tests.grouping.conftest import TODAY, classmates, score


def test_the_demo_saves_targeted_and_peer_groups_and_a_rotation_with_true_reasons(district, math):
    extra = classmates(district, 8)
    for i, student in enumerate([district.sam, district.tia, *extra]):
        score(district, student, math.rp1, str(1 + i % 4))
    f.demographics(extra[1], iep=True)
    f.demographics(extra[2], iep=True)
    build_demo_grouping(student=district.user("student"), teacher=district.user("teacher"), today=TODAY)

    targeted, peer = Grouping.objects.order_by("pk")
    assert (targeted.goal, targeted.balance, peer.goal) == ("alike", "english_learner", "mixed")
    assert all(g.sections.get() == district.math for g in (targeted, peer))
    assert GroupMember.objects.filter(grouping=peer).count() == 10
    sam = GroupMember.objects.get(grouping=peer, student=district.sam)
    assert sam.reason_code in (*GOALS, "apart")
    assert sam.reason_values["competencies"] == ["7.RP.1"]
    classmate = GroupMember.objects.get(grouping=peer, student=extra[0])
    assert classmate.group_id != sam.group_id  # kept apart from the demo student
    rotation = StationRotation.objects.get()
    assert rotation.stations.first().kind == "teacher_led" and rotation.members.count() == 10
    assert AuditEvent.objects.filter(action="grouping.save", actor_username="system:demo").count() == 10
    carols = targeted.groups.get(staff=district.user("co_teacher").person)  # Math 7's co-teacher
    kept = set(carols.members.filter(reason_code="keep_with").values_list("student_id", flat=True))
    assert kept == {extra[1].pk, extra[2].pk}
