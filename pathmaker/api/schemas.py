"""Output shapes of the API: explicit, with no logic in them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from pathmaker.evidence.models import FEEDBACK_MAX, TASK_NAME_MAX
from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE, MAX_ID
from pathmaker.mastery.recording import LINK_MAX


class SchoolOut(Schema):
    id: int
    sourced_id: str
    name: str
    org_type: str
    identifier: str
    is_active: bool


class SectionOut(Schema):
    id: int
    sourced_id: str
    title: str
    class_code: str
    class_type: str
    location: str
    periods: str
    school_id: int
    course_id: int | None
    is_active: bool


class EnrollmentOut(Schema):
    id: int
    sourced_id: str
    section_id: int
    person_id: int
    role: str
    is_primary: bool
    begin_date: date | None
    end_date: date | None
    is_active: bool


class StudentOut(Schema):
    id: int
    sourced_id: str
    username: str
    given_name: str
    family_name: str
    preferred_given_name: str
    grades: str
    is_active: bool


class DemographicsOut(Schema):
    birth_date: date | None
    sex: str
    race_ethnicity: str
    english_learner: bool | None
    free_reduced_lunch: bool | None
    iep: bool | None
    section_504: bool | None
    gifted: bool | None


class StudentDetailOut(StudentOut):
    school_ids: list[int]
    section_ids: list[int]
    guardian_ids: list[int]
    demographics: DemographicsOut | None


class ErrorOut(Schema):
    """A refusal: `code` is stable ("evidence.score_off_scale"; a code ending in "forbidden" is a 403, in
    "not_found" a 404), `field` the input it concerns (or null), `detail` a message for people."""

    code: str
    field: str | None = None
    detail: str


class EvidenceIn(Schema):
    student_id: int = Field(ge=1, le=MAX_ID)
    competency_id: int = Field(ge=1, le=MAX_ID)
    demonstrated_on: date = Field(ge=EARLIEST_DATE, le=LATEST_DATE)
    kind: str = Field("task", max_length=40)
    # Evidence.score is DecimalField(max_digits=6, decimal_places=2); the service checks the scale.
    score: Decimal | None = Field(None, allow_inf_nan=False, ge=-9999, le=9999)
    correct: bool | None = None
    section_id: int | None = Field(None, ge=1, le=MAX_ID)
    link: str = Field("", max_length=LINK_MAX, description="An http:// or https:// address of the work.")
    task_name: str = Field("", max_length=TASK_NAME_MAX, description='The task\'s name, like "Quiz 3".')
    feedback: str = Field("", max_length=FEEDBACK_MAX, description="Written feedback for the student.")


class RubricChoiceOut(Schema):
    """One criterion of a rubric-scored piece of evidence: the level picked and its value."""

    criterion_id: int
    criterion: str
    level_id: int
    level: str
    value: float


class EvidenceOut(Schema):
    id: int
    student_id: int
    competency_id: int
    score: Decimal | None
    correct: bool | None
    demonstrated_on: date
    kind: str
    task_name: str = ""
    feedback: str = ""
    recorded_at: datetime
    is_current: bool
    rubric_choices: list[RubricChoiceOut] = []


class MasteryOut(Schema):
    competency_id: int
    competency_code: str
    competency: str
    level: float | None
    computed_level: float | None
    status: str
    evidence_count: int
    overridden: bool
    rule: dict


class StepOut(Schema):
    text: str
    kind: str
    value: float | None


class ExplanationOut(Schema):
    competency_id: int
    level: float | None
    status: str
    rule: dict
    steps: list[StepOut]
    evidence: list[EvidenceOut]
    override: dict | None
    what_if_score: float | None
    what_if_level: float | None


class BatchError(ErrorOut):
    index: int
