"""What the grouping pages show: the proposal with each student's reason and what could not be met, moving
students with the selects, a student's own group only, the demographic option only where allowed, the
outcomes with their suppression, and the rotation's schedule."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.grouping import selectors, services, words
from pathmaker.grouping.models import Grouping, GroupMember
from tests import factories as f
from tests.grouping.conftest import TODAY, ask, classmates, score
from tests.grouping.test_persona_table import bearer


def four(district, math):
    """Sam 1, Amy 2, Tia 3, Ben 4 on 7.RP.1: alike groups of two are (Sam, Amy) and (Tia, Ben)."""
    amy, ben = classmates(district, 2)
    for student, value in ((district.sam, "1"), (amy, "2"), (district.tia, "3"), (ben, "4")):
        score(district, student, math.rp1, value)
    return amy, ben


def proposal_url(district, math, **extra) -> str:
    query = f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2"
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return reverse("grouping_new", args=[district.math.pk]) + query


def test_the_proposal_says_why_each_student_is_in_their_group(district, math, login):
    four(district, math)
    page = login(district.user("teacher")).get(proposal_url(district, math)).content.decode()
    assert "Similar levels: 1–2 on 7.RP.1." in page
    assert "Similar levels: 3–4 on 7.RP.1." in page
    assert set(AuditEvent.objects.filter(action="grouping.propose").values_list("student_id", flat=True)) >= {
        district.sam.pk,
        district.tia.pk,
    }


def test_the_proposal_says_what_could_not_be_met_and_what_to_relax(district, math, login):
    page = login(district.user("teacher")).get(
        reverse("grouping_new", args=[district.math.pk])
        + f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2"
        + f"&apart_0_a={district.sam.pk}&apart_0_b={district.tia.pk}"
    )
    assert (
        "Sam Garcia and Tia Tran could not be kept apart: allow more groups or remove a pair."
        in page.content.decode()
    )


def test_saving_the_proposal_with_a_student_moved_by_the_select(district, math, login):
    amy, ben = four(district, math)
    form = {
        f"student_{district.sam.pk}": 0,
        f"student_{amy.pk}": 1,  # moved from group 1 to group 2
        f"student_{district.tia.pk}": 1,
        f"student_{ben.pk}": 0,
        "on": TODAY.isoformat(),
        "purpose": "Ratio tables",
    }
    response = login(district.user("teacher")).post(proposal_url(district, math), form)
    grouping = Grouping.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "grouping_detail", args=[grouping.pk]
    )
    codes = dict(GroupMember.objects.values_list("student_id", "reason_code"))
    assert codes == {district.sam.pk: "alike", amy.pk: "moved", district.tia.pk: "alike", ben.pk: "moved"}


def test_the_demographic_option_is_offered_to_a_principal_and_absent_for_a_teacher(district, math, login):
    url = reverse("grouping_new", args=[district.math.pk])
    assert 'name="balance"' in login(district.user("principal")).get(url).content.decode()
    assert 'name="balance"' not in login(district.user("teacher")).get(url).content.decode()


def test_a_teacher_sending_the_demographic_option_anyway_gets_the_proposal_without_it(district, math, login):
    # The field does not exist for them, so the value is ignored (and the service would refuse it).
    page = login(district.user("teacher")).get(proposal_url(district, math, balance="english_learner"))
    assert page.status_code == 200 and "English learners" not in page.content.decode()


def sams_group(district, math):
    amy, ben = four(district, math)
    grouping = services.grouping_save(
        ask=ask(district, math, min_size=2),
        on=TODAY,
        purpose="Unit rates again",
        actor=district.actor("teacher"),
    )
    return grouping, amy, ben


def test_a_student_sees_their_own_group_and_nobody_from_the_other(district, math, login):
    grouping, amy, ben = sams_group(district, math)
    for persona in ("student", "guardian"):
        page = (
            login(district.user(persona))
            .get(reverse("student_groups", args=[district.sam.pk]))
            .content.decode()
        )
        assert "Unit rates again" in page and amy.display_name in page, persona
        assert "Tia Tran" not in page and ben.display_name not in page, persona
        assert "Similar levels: 1–2 on 7.RP.1." in page


def test_an_advisor_sees_the_advisees_group_without_classmates_they_do_not_see(district, math, login):
    grouping, amy, ben = sams_group(district, math)
    page = (
        login(district.user("advisor"))
        .get(reverse("student_groups", args=[district.sam.pk]))
        .content.decode()
    )
    assert amy.display_name not in page and "1 other student" in page
    detail = (
        login(district.user("advisor")).get(reverse("grouping_detail", args=[grouping.pk])).content.decode()
    )
    assert "Sam Garcia" in detail and "Tia Tran" not in detail and amy.display_name not in detail
    assert "Save the moves" not in detail


def test_the_saved_grouping_offers_a_select_per_student_to_move_them(district, math, login):
    grouping, amy, ben = sams_group(district, math)
    page = (
        login(district.user("teacher")).get(reverse("grouping_detail", args=[grouping.pk])).content.decode()
    )
    assert page.count("<select") >= 4 + 2  # four students, and each group's staff select
    assert "grouping/move.js" in page


def test_outcomes_wait_two_weeks_then_show_means_only_for_ten_or_more(district, math):
    extra = classmates(district, 22)
    everyone = [district.sam, district.tia, *extra]
    start = TODAY - dt.timedelta(days=20)
    for i, student in enumerate(everyone):
        score(district, student, math.rp1, "2", on=start - dt.timedelta(days=3))
        # The first twelve (the first group, alike on equal levels: by key) gain a level; the rest half.
        score(district, student, math.rp1, "4" if i < 12 else "3", on=start + dt.timedelta(days=5))
    grouping = services.grouping_save(
        ask=ask(district, math, min_size=12, max_size=12),
        on=start,
        purpose="",
        groups=[[s.pk for s in everyone[:12]], [s.pk for s in everyone[12:]]],
        actor=district.actor("teacher"),
    )
    view = selectors.grouping_view(grouping)
    first = selectors.outcomes(view)[0]
    assert (first.ready, first.members, first.others) == (True, 12, 12)
    # Level by the default rule after "2" then "4": the engine's answer, compared with "2" then "3".
    assert first.member_change is not None and first.other_change is not None
    assert first.member_change > first.other_change
    assert selectors.outcomes(view, today=start + dt.timedelta(days=13))[0].ready is False


def test_outcomes_are_suppressed_below_ten_students(district, math):
    grouping, amy, ben = sams_group(district, math)
    Grouping.objects.filter(pk=grouping.pk).update(on=TODAY - dt.timedelta(days=30))
    score(district, district.sam, math.rp1, "3", on=TODAY - dt.timedelta(days=40))
    grouping.refresh_from_db()
    found = selectors.outcomes(selectors.grouping_view(grouping))
    assert all(o.suppressed and o.member_change is None for o in found)


def test_the_rotation_page_gives_each_rotation_its_times_and_stations(district, math, login):
    response = login(district.user("teacher")).post(
        reverse("rotation_new", args=[district.math.pk]),
        {
            "competencies": [math.rp1.pk],
            "on": TODAY.isoformat(),
            "starts_at": "09:00",
            "minutes": 20,
            "rotations": 2,
            "station_0_kind": "online",
            "station_0_name": "Practice set",
            "station_1_kind": "teacher_led",
            "station_1_name": "With me",
        },
    )
    assert response.status_code == 302
    page = login(district.user("teacher")).get(response["Location"]).content.decode()
    assert "09:00–09:20" in page and "09:20–09:40" in page
    assert page.index("With me") < page.index("Practice set")  # the teacher-led station comes first


def test_the_proposal_keeps_the_chosen_students_with_the_co_teacher_and_says_so(district, math, login):
    amy, ben = four(district, math)
    carol = district.user("co_teacher").person
    url = (
        proposal_url(district, math, keep_with_staff=carol.pk, keep_with=district.sam.pk)
        + f"&keep_with={ben.pk}"
    )
    client = login(district.user("teacher"))
    page = client.get(url).content.decode()
    assert "taken by Carol Chen" in page
    assert (
        page.count(
            "Kept with the staff person the teacher named for this group. Group levels: 1–4 on 7.RP.1."
        )
        == 2
    )
    form = {
        f"student_{district.sam.pk}": 0,
        f"student_{ben.pk}": 0,
        f"student_{amy.pk}": 1,
        f"student_{district.tia.pk}": 1,
        "on": TODAY.isoformat(),
        "purpose": "",
    }
    assert client.post(url, form).status_code == 302
    group = Grouping.objects.get().groups.get(staff=carol)
    assert set(group.members.values_list("student_id", flat=True)) == {district.sam.pk, ben.pk}


def test_the_demographic_choice_for_the_co_teachers_group_is_offered_only_to_those_who_may_see_it(
    district, math, login
):
    url = reverse("grouping_new", args=[district.math.pk])
    assert 'name="keep_with_flag"' in login(district.user("principal")).get(url).content.decode()
    teacher_page = login(district.user("teacher")).get(url).content.decode()
    assert 'name="keep_with_flag"' not in teacher_page
    assert 'name="keep_with_staff"' in teacher_page and 'name="keep_with"' in teacher_page


def errors_of(page: str) -> str:
    return page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


def test_bad_input_is_named_beside_its_field(district, math, login):
    client = login(district.user("teacher"))
    base = reverse("grouping_new", args=[district.math.pk])
    sam, tia = district.sam.pk, district.tia.pk
    carol = district.user("co_teacher").person.pk
    cases = [
        ("?goal=alike&min_size=2&max_size=2", "Competencies"),
        (f"?competencies={math.rp1.pk}&goal=alike&min_size=4&max_size=2", "Largest group"),
        (
            f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2&together_0_a={sam}&together_0_b={sam}",
            "Pair 1: with</a>: Choose two different students.",
        ),
        (
            f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2&apart_0_a={sam}",
            "Pair 1: with</a>: Choose the other student of this pair",
        ),
        (
            f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2"
            f"&together_0_a={sam}&together_0_b={tia}&apart_0_a={tia}&apart_0_b={sam}",
            "already asked to be together",
        ),
        (
            f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2&keep_with={sam}",
            "Keep some students with the group taken by</a>",
        ),
        (
            f"?competencies={math.rp1.pk}&goal=alike&min_size=2&max_size=2&keep_with_staff={carol}",
            "Students who join that group</a>",
        ),
    ]
    for query, expected in cases:
        page = client.get(base + query)
        assert page.status_code == 200
        assert expected in errors_of(page.content.decode()), query


def test_unknown_ids_in_grouping_urls_are_not_found(district, math, login):
    client = login(district.user("teacher"))
    for url in (
        reverse("grouping_new", args=[999999]),
        reverse("grouping_detail", args=[999999]),
        reverse("rotation_detail", args=[999999]),
        reverse("student_groups", args=[999999]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("grouping_move", args=[999999])).status_code == 404
    grouping = services.grouping_save(
        ask=ask(district, math), on=TODAY, purpose="", actor=district.actor("teacher")
    )
    assert (
        client.post(reverse("grouping_group_update", args=[grouping.pk, 999999]), {"name": "x"}).status_code
        == 404
    )


def test_a_student_moved_by_a_pair_still_reads_the_levels_of_their_group(district, math, login):
    amy, ben = four(district, math)
    # Alike groups of two are (Sam, Amy) and (Tia, Ben): keeping Sam with Ben moves one of them.
    page = login(district.user("teacher")).get(
        proposal_url(district, math, together_0_a=district.sam.pk, together_0_b=ben.pk)
    )
    assert (
        "Kept with a classmate, as the teacher asked. Group levels: 1–4 on 7.RP.1." in page.content.decode()
    )


def test_naming_someone_outside_the_sections_to_take_a_group_says_so_and_changes_nothing(
    district, math, login
):
    grouping = services.grouping_save(
        ask=ask(district, math), on=TODAY, purpose="", actor=district.actor("teacher")
    )
    group = grouping.groups.first()
    outsider = district.user("other_school_teacher").person.pk
    response = login(district.user("teacher")).post(
        reverse("grouping_group_update", args=[grouping.pk, group.pk]),
        {f"group-{group.pk}-name": "Ratios", f"group-{group.pk}-staff": outsider},
        follow=True,
    )
    assert "Choose a teacher or aide of these sections to take the group." in response.content.decode()
    group.refresh_from_db()
    assert (group.name, group.staff_id) == ("1", None)


def test_every_refusal_code_of_the_services_has_words_for_the_page():
    codes = [value for name, value in vars(services).items() if name.isupper() and isinstance(value, str)]
    codes = [code for code in codes if code.startswith("grouping.") and code != "grouping.not_found"]
    assert len(codes) >= 9  # the codes defined when this test was written
    for code in codes:
        assert words.error_words(services.GroupingError("the service's own English", code=code)) != (
            "the service's own English"
        ), code


def test_a_place_a_demographic_flag_decided_is_not_revealed_to_a_teacher_who_may_not_see_demographics(
    district, math, login, client
):
    amy, ben = four(district, math)
    f.demographics(ben, iep=True)
    carol = district.user("co_teacher").person
    grouping = services.grouping_save(
        ask=ask(
            district, math, min_size=2, keep_with_staff=carol.pk, keep_with=[amy.pk], keep_with_flag="iep"
        ),
        on=TODAY,
        purpose="",
        actor=district.actor("principal"),
    )
    codes = dict(GroupMember.objects.filter(grouping=grouping).values_list("student_id", "reason_code"))
    assert (codes[amy.pk], codes[ben.pk]) == ("keep_with", "keep_with")
    url = reverse("grouping_detail", args=[grouping.pk])
    principal_page = login(district.user("principal")).get(url).content.decode()
    assert principal_page.count("Kept with the staff person the teacher named") == 2
    teacher_page = login(district.user("teacher")).get(url).content.decode()
    # Amy was named by the teacher; Ben was picked by the IEP flag, which this teacher may not see.
    assert teacher_page.count("Kept with the staff person the teacher named") == 1
    assert "Placed to meet the teacher&#x27;s choices for these groups." in teacher_page
    api = client.get(f"/api/v1/groupings/{grouping.pk}", **bearer(district.user("teacher"))).json()
    shown = {m["student_id"]: m["reason_code"] for g in api["groups"] for m in g["members"]}
    assert (shown[amy.pk], shown[ben.pk]) == ("keep_with", "placed")


def test_each_groups_name_and_staff_form_says_which_group_it_is_for(district, math, login):
    grouping = services.grouping_save(
        ask=ask(district, math, max_size=1), on=TODAY, purpose="", actor=district.actor("teacher")
    )
    page = (
        login(district.user("teacher")).get(reverse("grouping_detail", args=[grouping.pk])).content.decode()
    )
    for name in ("1", "2"):
        assert f"<legend>Group {name}</legend>" in page
        assert f"Save group {name}</button>" in page


def test_more_students_to_keep_than_the_co_teachers_group_holds_says_what_to_relax(district, math, login):
    amy, ben = four(district, math)
    carol = district.user("co_teacher").person
    query = [("keep_with_staff", carol.pk), *(("keep_with", s.pk) for s in (district.sam, amy, ben))]
    url = proposal_url(district, math) + "".join(f"&{k}={v}" for k, v in query)
    page = login(district.user("teacher")).get(url).content.decode()
    # Sam and Amy (the first in level order) fill Carol's group of two; Ben (Student02 Extra) is named.
    assert (
        "Student02 Extra could not join the named staff person&#x27;s group: it holds at most 2. "
        "Choose fewer students or allow larger groups."
    ) in page
