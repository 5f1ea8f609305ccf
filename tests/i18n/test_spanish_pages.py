"""Families read Pathmaker in Spanish: every page a student or a guardian reaches from their home page,
rendered in Spanish, shows no English sentence the catalogue translates, and the catalogue translates
every message it holds.

The walk follows the links of each page (GET only, within Pathmaker), so a new student or family page
is walked without being listed here. A message counts as untranslated when a whole piece of the page's
text (a text node, or an aria-label/title/placeholder/alt) is a msgid of the catalogue, or matches it
with its placeholders filled, while its Spanish differs.
"""

from __future__ import annotations

import datetime as dt
import pprint
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.demo.conferences import build_demo_conferences
from pathmaker.demo.goals import build_demo_goals
from pathmaker.demo.inventories import build_demo_inventories
from pathmaker.demo.portfolios import build_demo_portfolio
from pathmaker.demo.profiles import build_demo_profile
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import evidence_record

PO_FILE = Path(__file__).resolve().parents[2] / "pathmaker" / "locale" / "es" / "LC_MESSAGES" / "django.po"
SKIPPED = ("/logout", "/i18n/", "/static/", "/api/", "/admin/", "/ims/")
MAX_PAGES = 120
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")


def _unquote(line: str) -> str:
    return line.strip()[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def catalogue() -> list[dict[str, object]]:
    """The .po file's entries: msgid, msgstr (or plural forms), fuzzy, context."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    field = ""
    for raw in PO_FILE.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] = str(entry[field]) + _unquote(line)
        else:
            field, _space, value = line.partition(" ")
            entry[field] = _unquote(value)
    return [e for e in entries if e.get("msgid")]


def _spanish(entry: dict[str, object]) -> str:
    return str(entry.get("msgstr", entry.get("msgstr[0]", "")))


class _Text(HTMLParser):
    """The page's visible pieces of text, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in ("aria-label", "title", "placeholder", "alt"):
            if values.get(name):
                self.pieces.append(values[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.pieces.append(data)


def _pattern(msgid: str) -> re.Pattern[str]:
    parts = PLACEHOLDER.split(" ".join(msgid.split()))
    return re.compile(".+?".join(re.escape(part) for part in parts))


def _mostly_fixed_words(msgid: str, piece: str) -> bool:
    """A message with placeholders counts only when its own words are most of the text ("%(n)s inventory"
    is not the student's goal "Take the career interest inventory")."""
    return 2 * len(PLACEHOLDER.sub("", msgid)) >= len(piece)


def untranslated(html: str, english: list[tuple[str, re.Pattern[str]]]) -> set[str]:
    parser = _Text()
    parser.feed(html)
    found = set()
    for piece in {" ".join(p.split()) for p in parser.pieces}:
        for msgid, pattern in english:
            if pattern.fullmatch(piece) and _mostly_fixed_words(msgid, piece):
                found.add(f"{msgid!r} (page text {piece!r})")
    return found


def walk(client, start: str = "/") -> dict[str, str]:
    """Every page reachable from `start` by links: {path: html}."""
    pages: dict[str, str] = {}
    queue = [start]
    while queue and len(pages) < MAX_PAGES:
        path = urldefrag(queue.pop(0))[0]
        if path in pages or urlparse(path).netloc or not path.startswith("/") or path.startswith(SKIPPED):
            continue
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code in (200, 302, 404), (path, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages[path] = ""
            continue
        html = response.content.decode()
        pages[path] = html
        parser = _Text()
        parser.feed(html)
        queue += [link for link in parser.links if link not in pages]
    return pages


@pytest.fixture
def rich_profile(district):
    users = {p: district.user(p) for p in ("student", "advisor", "teacher", "district_admin")}
    people = {
        "student": users["student"],
        "advisor": users["advisor"],
        "teacher": users["teacher"],
        "today": timezone.localdate(),
    }
    build_demo_profile(district_admin=users["district_admin"], **people)
    build_demo_goals(**people)
    build_demo_inventories(**people)
    build_demo_portfolio(**people)
    build_demo_conferences(**people)
    # Levels and course credit, so the walk reaches the student page's levels and their explanations.
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    competency = frameworks.competency_create(
        framework=framework,
        full_statement="Uses ratios",
        human_coding_scheme="MV.M.RATIO",
        actor=Actor.system("test"),
    )
    frameworks.course_competency_add(
        course=district.math.course, competency=competency, actor=Actor.system("test")
    )
    for day, score in enumerate([1, 2, 3, 4]):
        evidence_record(
            student=district.sam,
            competency=competency,
            score=Decimal(score),
            kind="task",
            demonstrated_on=dt.date(2026, 9, 1) + dt.timedelta(days=day),
            actor=district.actor("teacher"),
        )
    return district


@pytest.mark.parametrize("persona", ["student", "guardian"])
def test_every_student_and_family_page_reads_in_spanish(rich_profile, client, persona):
    english = [
        (str(e["msgid"]), _pattern(str(e["msgid"])))
        for e in catalogue()
        if not e.get("msgctxt")
        and _spanish(e) != e["msgid"]
        and len(str(e["msgid"])) > 3
        and re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", str(e["msgid"])))
    ]
    client.force_login(rich_profile.user(persona))
    pages = walk(client)
    assert len([html for html in pages.values() if html]) >= 5, sorted(pages)
    problems = {
        path: sorted(found)
        for path, html in pages.items()
        if html
        for found in [untranslated(html, english)]
        if found
    }
    assert not problems, pprint.pformat(problems, width=160)


def test_every_message_in_the_catalogue_has_a_spanish_translation():
    missing = [e["msgid"] for e in catalogue() if not _spanish(e) or e.get("fuzzy")]
    assert missing == []
