"""The district's mastery policy: whether self- and peer-assessments count, and what earns course credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.jobs.models import Job
from pathmaker.mastery import selectors, tasks
from pathmaker.mastery.models import MasteryPolicy, MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.services import MasteryError, policy_set

SEP = dt.date(2026, 9, 1)
RULES = reverse("mastery_rules")


@pytest.fixture
def framework(district):
    return frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))


@pytest.fixture
def ratios(framework):
    return frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", human_coding_scheme="R", actor=Actor.system("test")
    )


def record(district, competency, score, day, *, persona="teacher", kind="task"):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(score),
        kind=kind,
        demonstrated_on=SEP + dt.timedelta(days=day),
        actor=district.actor(persona),
    )


def summary(district, competency):
    return MasterySummary.objects.get(student=district.sam, competency=competency)


def post_policy(client, *, self_peer=False, share="80", floor="2"):
    data = {"form": "policy", "policy-credit_min_share": share, "policy-credit_floor": floor}
    if self_peer:
        data["policy-self_peer_count"] = "on"
    return client.post(RULES, data, follow=True)


@pytest.fixture
def self_assessed(district, ratios):
    """Sam: a teacher's 2, then his own 4 (shown, not counted by default)."""
    record(district, ratios, 2, 0)
    record(district, ratios, 4, 1, persona="student", kind="self_assessment")
    assert (summary(district, ratios).level, summary(district, ratios).evidence_count) == (2.0, 1)
    return ratios


def test_until_the_district_sets_a_policy_the_server_settings_are_the_policy(district, login, settings):
    settings.PATHMAKER_CREDIT_MIN_SHARE, settings.PATHMAKER_CREDIT_FLOOR = 0.75, 2.5
    policy = selectors.current_policy()
    assert policy.is_from_settings and not policy.self_peer_count
    assert (policy.credit_min_share, policy.credit_floor) == (Decimal("75"), Decimal("2.5"))
    page = login(district.user("district_admin")).get(RULES).content.decode()
    assert "these are the server's defaults" in page
    assert "at least 75% of its competencies are proficient and none is below 2.5" in page
    assert "Credit is worked out each time a page shows it, so new percentages apply at once" in page


def test_counting_self_assessments_applies_on_read_and_queues_a_recompute(
    district, login, self_assessed, django_capture_on_commit_callbacks
):
    ratios = self_assessed
    client = login(district.user("district_admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_policy(client, self_peer=True)
    assert "is now version 1" in response.content.decode()
    policy = MasteryPolicy.objects.get()
    assert (policy.self_peer_count, policy.is_current, policy.created_by) == (
        True,
        True,
        district.user("district_admin"),
    )
    audit = AuditEvent.objects.get(action="mastery.policy_set")
    assert (
        audit.detail["before"]["self_peer_count"] is False
        and audit.detail["after"]["self_peer_count"] is True
    )
    assert Job.objects.get(kind="mastery_recompute").status == Job.Status.SUCCEEDED
    # The explanation is worked out on read: the self-assessment now counts there.
    page = login(district.user("teacher")).get(
        reverse("mastery_explanation", args=[district.sam.pk, ratios.pk])
    )
    assert "3.30" in page.content.decode() and "shown, not counted" not in page.content.decode()
    # A new self-assessment counts at once, and the old one with it.
    record(district, ratios, 4, 2, persona="student", kind="self_assessment")
    assert summary(district, ratios).evidence_count == 3


def test_after_the_recompute_job_the_self_assessment_is_in_the_level(
    district, self_assessed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy_set(
            actor=district.actor("district_admin"),
            self_peer_count=True,
            credit_min_share=Decimal(80),
            credit_floor=Decimal(2),
        )
    found = summary(district, self_assessed)
    assert (found.level, found.evidence_count) == (pytest.approx(0.65 * 4 + 0.35 * 2), 2)


def test_only_competencies_with_self_or_peer_evidence_are_recomputed(
    district, framework, self_assessed, monkeypatch, django_capture_on_commit_callbacks
):
    other = frameworks.competency_create(
        framework=framework, full_statement="Other", actor=Actor.system("test")
    )
    record(district, other, 3, 0)
    queued = []
    monkeypatch.setattr(tasks, "mastery_recompute_task", lambda job_id, ids: queued.append((job_id, ids)))
    admin = district.user("district_admin")
    with django_capture_on_commit_callbacks(execute=True):
        policy_set(
            actor=Actor.for_user(admin),
            self_peer_count=True,
            credit_min_share=Decimal(80),
            credit_floor=Decimal(2),
        )
    assert queued == [(Job.objects.get().pk, [self_assessed.pk])]
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # credit alone: read on the fly, nothing to recompute
        policy_set(
            actor=Actor.for_user(admin),
            self_peer_count=True,
            credit_min_share=Decimal(60),
            credit_floor=Decimal(2),
        )
    assert len(queued) == 1 and Job.objects.count() == 1


def test_credit_with_sixty_percent_instead_of_eighty(district, login, framework):
    course = district.math.course
    for number, score in enumerate((3, 3, 3, 2, 2)):
        competency = frameworks.competency_create(
            framework=framework, full_statement=f"Target {number}", actor=Actor.system("test")
        )
        frameworks.course_competency_add(course=course, competency=competency, actor=Actor.system("test"))
        record(district, competency, score, number)
    assert not selectors.course_progress(district.sam, course).credit.earned
    post_policy(login(district.user("district_admin")), share="60")
    progress = selectors.course_progress(district.sam, course)
    assert (
        progress.credit.earned
        and progress.credit.steps[0] == "3 of 5 competencies proficient (60%); 60% are needed."
    )
    page = (
        login(district.user("guardian"))
        .get(reverse("student_detail", args=[district.sam.pk]))
        .content.decode()
    )
    assert "Credit earned" in page and "60% are needed." in page
    post_policy(login(district.user("district_admin")), share="60", floor="2.5")  # now the two 2s are too low
    assert not selectors.course_progress(district.sam, course).credit.earned


@pytest.mark.parametrize(
    ("share", "floor", "field", "message"),
    [
        ("101", "2", "policy-credit_min_share", "less than or equal to 100"),
        ("-5", "2", "policy-credit_min_share", "greater than or equal to 0"),
        ("eighty", "2", "policy-credit_min_share", "Enter a number"),
        ("80", "5", "policy-credit_floor", "on the district&#x27;s scale, from 1 to 4"),
        ("80", "0.5", "policy-credit_floor", "on the district&#x27;s scale, from 1 to 4"),
    ],
)
def test_the_form_refuses_a_share_outside_0_to_100_or_a_floor_off_the_scale(
    district, login, share, floor, field, message
):
    page = post_policy(login(district.user("district_admin")), share=share, floor=floor).content.decode()
    assert "Nothing was changed. Please fix:" in page and message in page
    assert f'<a href="#id_{field}">' in page
    assert (
        not MasteryPolicy.objects.exists()
        and not AuditEvent.objects.filter(action="mastery.policy_set").exists()
    )


def test_the_floor_follows_the_districts_scale(district):
    frameworks.scale_create(
        name="Zero to three",
        mastery_value=Decimal(2),
        actor=Actor.system("test"),
        levels=[
            frameworks.LevelSpec(Decimal(value), label)
            for value, label in ((0, "Not yet"), (1, "Starting"), (2, "Meeting"), (3, "Beyond"))
        ],
    )
    admin = district.user("district_admin")
    with pytest.raises(MasteryError, match="from 0 to 3") as refused:
        policy_set(
            actor=Actor.for_user(admin),
            self_peer_count=False,
            credit_min_share=Decimal(80),
            credit_floor=Decimal("3.5"),
        )
    assert refused.value.field == "credit_floor"
    with pytest.raises(MasteryError, match="percentage from 0 to 100") as refused:
        policy_set(
            actor=Actor.for_user(admin),
            self_peer_count=False,
            credit_min_share=Decimal(120),
            credit_floor=Decimal(1),
        )
    assert refused.value.field == "credit_min_share"
    assert policy_set(
        actor=Actor.for_user(admin),
        self_peer_count=False,
        credit_min_share=Decimal(80),
        credit_floor=Decimal("0.5"),
    ).credit_floor == Decimal("0.5")


def test_each_change_is_a_new_version_and_the_old_one_stays_on_record(district, login):
    client = login(district.user("district_admin"))
    post_policy(client, share="70")
    page = post_policy(client, share="90", floor="2.5").content.decode()
    assert list(
        MasteryPolicy.objects.order_by("version").values_list("version", "credit_min_share", "is_current")
    ) == [(1, Decimal("70"), False), (2, Decimal("90"), True)]
    assert selectors.current_policy().version == 2
    assert "Policies on record" in page and "70% proficient, none below 2" in page
    assert 'name="policy-credit_min_share" value="90"' in page  # the form starts from the policy in force
    changes = AuditEvent.objects.filter(action="mastery.policy_set").order_by("id")
    assert [
        (c.detail["before"]["credit_min_share"], c.detail["after"]["credit_min_share"]) for c in changes
    ] == [("80", "70"), ("70", "90")]


def test_saving_the_same_policy_changes_nothing(district, login):
    page = post_policy(login(district.user("district_admin")), share="80", floor="2").content.decode()
    assert "Nothing changed: this is already the district&#x27;s policy." in page
    assert not MasteryPolicy.objects.exists()


@pytest.mark.parametrize(
    "persona",
    [
        "teacher",
        "co_teacher",
        "principal",
        "advisor",
        "guardian",
        "student",
        "other_student",
        "other_guardian",
        "other_school_teacher",
        "teacher_parent",
        "unrostered",
    ],
)
def test_only_district_admins_change_the_policy(district, login, self_assessed, persona):
    response = post_policy(login(district.user(persona)), self_peer=True, share="10", floor="1")
    assert response.status_code == 404 and "mastery policy" not in response.content.decode()
    assert not MasteryPolicy.objects.exists() and not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="mastery.policy_set").exists()
    assert summary(district, self_assessed).evidence_count == 1
