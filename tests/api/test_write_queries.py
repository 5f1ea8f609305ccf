"""What one evidence write through the API costs the database, counted statement by statement.

The figure to watch when the write path changes (`pathmaker bench load` prints it too, as
load.write.round_trips): the relation to the student is read once (the view finds the student with it
and the recording service checks its flags), and the rules and scales once per process while no one
changes them (`mastery.rules`).
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathmaker.evidence.models import Evidence
from pathmaker.mastery.rules import forget_rules
from tests.api.test_api import a_competency, bearer

RELATION_READ = 'SELECT "rostering_person"."id"'  # relation_to: the student's row with its relation flags
RULE_TABLES = (
    "mastery_masteryrule",
    "mastery_masterypolicy",
    "frameworks_scaleassignment",
    "frameworks_scalelevel",
)


def _post(client, district, competency, headers, day):
    body = {
        "student_id": district.sam.pk,
        "section_id": district.math.pk,
        "competency_id": competency.pk,
        "score": "3",
        "demonstrated_on": (dt.date(2026, 9, 1) + dt.timedelta(days=day)).isoformat(),
    }
    return client.post("/api/v1/evidence", json.dumps(body), content_type="application/json", **headers)


def _write(client, district, competency, headers, day):
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, district, competency, headers, day)
    assert response.status_code == 201, response.content
    return [query["sql"] for query in queries.captured_queries]


def test_an_api_write_reads_the_relation_to_the_student_once(district, client):
    competency = a_competency()
    statements = _write(client, district, competency, bearer(district.user("teacher")), 0)
    assert sum(sql.startswith(RELATION_READ) for sql in statements) == 1


def test_an_api_write_with_the_rules_kept_takes_a_known_number_of_statements(district, client):
    competency, headers = a_competency(), bearer(district.user("teacher"))
    forget_rules()  # as in a process that has just started
    first = _write(client, district, competency, headers, 0)  # reads the rule and scale, and keeps them
    second = _write(client, district, competency, headers, 1)  # a new latest score: folded in
    assert sum(any(f'FROM "{t}"' in sql for t in RULE_TABLES) for sql in first) == 3
    assert sum(any(f'FROM "{t}"' in sql for t in RULE_TABLES) for sql in second) == 0
    assert sum('FROM "mastery_rulesstamp"' in sql for sql in second) == 2  # the rule's, the policy's
    # The token; the viewer (two); the student with the relation; the competency; the section with its
    # visibility; the transaction's start (here a savepoint); the rules stamp; the student's enrollment in
    # the section; the evidence; its audit row; the open requests ended; the summary locked; the policy's
    # stamp; the summary saved; what listens to a changed level (learning paths: two); the commit.
    assert len(second) == 18, "\n".join(second)
    assert Evidence.objects.filter(student=district.sam, competency=competency).count() == 2
