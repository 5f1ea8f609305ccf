"""Read a OneRoster 1.1 or 1.2 CSV bulk upload into typed records. Pure: no Django, no database.

The reader checks everything a single file can tell (required columns and fields,
vocabularies, dates, duplicate sourcedIds) and normalises real-world quirks,
reporting each as a warning that names file, row and column. References between
files (a class's school, an enrollment's user) are checked by the importer, which
also knows what the database already holds.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pathmaker.lib.dates import infer_day_first, is_iso_date, parse_date
from pathmaker.lib.errors import DomainError

ORG_TYPES = frozenset({"district", "school", "department", "local", "state", "national"})
SESSION_TYPES = frozenset({"schoolYear", "semester", "term", "gradingPeriod"})
CLASS_TYPES = frozenset({"homeroom", "scheduled"})
USER_ROLES = frozenset(
    {
        "student",
        "teacher",
        "aide",
        "guardian",
        "parent",
        "relative",
        "proctor",
        "counselor",
        "principal",
        "siteAdministrator",
        "districtAdministrator",
        "systemAdministrator",
        "administrator",
    }
)
ENROLLMENT_ROLES = frozenset({"student", "teacher", "aide", "administrator", "proctor"})
ROLE_TYPES = frozenset({"primary", "secondary"})

# Files Pathmaker reads, by the name the manifest uses (file.<name>).
IMPORTED_FILES = (
    "orgs",
    "academicSessions",
    "courses",
    "classes",
    "users",
    "roles",
    "enrollments",
    "demographics",
)
# Files that may come in an upload but hold nothing Pathmaker rosters from.
IGNORED_FILES = frozenset(
    {
        "userProfiles",
        "categories",
        "classResources",
        "courseResources",
        "resources",
        "lineItems",
        "results",
        "scoreScales",
        "lineItemScoreScales",
        "resultScoreScales",
        "lineItemLearningObjectiveIds",
        "resultLearningObjectiveIds",
        "userResources",
    }
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "orgs": ("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"),
    "academicSessions": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ),
    "courses": (
        "sourcedId",
        "status",
        "dateLastModified",
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ),
    "classes": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ),
    "users": (
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ),
    "roles": (
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ),
    "enrollments": (
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
    "demographics": (
        "sourcedId",
        "status",
        "dateLastModified",
        "birthDate",
        "sex",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),
}
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "orgs": ("sourcedId", "name", "type"),
    "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate"),
    "courses": ("sourcedId", "title", "orgSourcedId"),
    "classes": ("sourcedId", "title", "schoolSourcedId"),
    "users": ("sourcedId", "givenName", "familyName"),
    "roles": ("sourcedId", "userSourcedId", "role", "orgSourcedId"),
    "enrollments": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "demographics": ("sourcedId",),
}
# Names earlier OneRoster versions and some exporters use for a standard column.
ALIASES: dict[str, dict[str, str]] = {
    "users": {"agents": "agentSourcedIds", "userId": "userIds"},
    "courses": {"schoolYearId": "schoolYearSourcedId"},
    "classes": {"grade": "grades"},
    "demographics": {"userSourcedId": "sourcedId"},
}
# Pathmaker's own extension columns (OneRoster has no field for these equity flags).
DEMOGRAPHIC_EXTENSIONS = {
    "metadata.pathmaker.englishLearner": "english_learner",
    "metadata.pathmaker.freeReducedLunch": "free_reduced_lunch",
    "metadata.pathmaker.iep": "iep",
    "metadata.pathmaker.section504": "section_504",
    "metadata.pathmaker.gifted": "gifted",
}
SECRET_COLUMNS = frozenset({"password"})


@dataclass(frozen=True)
class Problem:
    """An error or warning about the upload, located as precisely as the file allows."""

    file: str
    row: int | None
    column: str | None
    message: str
    count: int = 1

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        more = f" ({self.count - 1} more rows like this)" if self.count > 1 else ""
        return f"{where}: {self.message}{more}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "count": self.count,
            "text": str(self),
        }


class ProblemLog:
    """Collects errors in full and warnings folded by kind, so 100,000 alike rows make one line."""

    MAX_ERRORS = 500

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.error_count = 0
        self._warnings: dict[tuple[str, str | None, str], Problem] = {}

    def error(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append(Problem(file, row, column, message))

    def warn(
        self, file: str, row: int | None, column: str | None, message: str, *, kind: str | None = None
    ) -> None:
        key = (file, column, kind or message)
        seen = self._warnings.get(key)
        if seen is None:
            self._warnings[key] = Problem(file, row, column, message)
        else:
            self._warnings[key] = Problem(seen.file, seen.row, seen.column, seen.message, seen.count + 1)

    @property
    def warnings(self) -> list[Problem]:
        return list(self._warnings.values())

    def warnings_for(self, file: str) -> int:
        return sum(p.count for p in self._warnings.values() if p.file == file)


@dataclass(slots=True)
class OrgRow:
    sourced_id: str
    row: int
    active: bool
    name: str
    org_type: str
    identifier: str
    parent: str


@dataclass(slots=True)
class SessionRow:
    sourced_id: str
    row: int
    active: bool
    title: str
    session_type: str
    start_date: date
    end_date: date
    parent: str
    school_year: int | None


@dataclass(slots=True)
class CourseRow:
    sourced_id: str
    row: int
    active: bool
    title: str
    course_code: str
    grades: str
    subjects: str
    org: str
    school_year: str


@dataclass(slots=True)
class ClassRow:
    sourced_id: str
    row: int
    active: bool
    title: str
    course: str
    class_code: str
    class_type: str
    location: str
    school: str
    terms: tuple[str, ...]
    grades: str
    subjects: str
    periods: str


@dataclass(slots=True)
class UserRow:
    sourced_id: str
    row: int
    active: bool
    enabled: bool
    username: str
    given_name: str
    family_name: str
    middle_name: str
    preferred_given_name: str
    preferred_family_name: str
    pronouns: str
    identifier: str
    email: str
    phone: str
    sms: str
    grades: str
    primary_org: str
    agents: tuple[str, ...]
    # OneRoster 1.1 puts one role and its orgs on the user row; 1.2 uses roles.csv.
    role: str
    orgs: tuple[str, ...]


@dataclass(slots=True)
class RoleRow:
    sourced_id: str
    row: int
    active: bool
    user: str
    role: str
    is_primary: bool
    org: str
    begin_date: date | None
    end_date: date | None


@dataclass(slots=True)
class EnrollmentRow:
    sourced_id: str
    row: int
    active: bool
    section: str
    school: str
    user: str
    role: str
    is_primary: bool
    begin_date: date | None
    end_date: date | None


@dataclass(slots=True)
class DemographicsRow:
    sourced_id: str
    row: int
    active: bool
    values: dict[str, object]


@dataclass
class RosterUpload:
    """Everything read from one upload, ready for the importer to resolve and apply."""

    source_name: str
    version: str = ""
    modes: dict[str, str] = field(default_factory=dict)  # file -> bulk | delta | absent
    file_names: dict[str, str] = field(default_factory=dict)  # file -> the name it had in the upload
    row_counts: dict[str, int] = field(default_factory=dict)
    orgs: dict[str, OrgRow] = field(default_factory=dict)
    sessions: dict[str, SessionRow] = field(default_factory=dict)
    courses: dict[str, CourseRow] = field(default_factory=dict)
    classes: dict[str, ClassRow] = field(default_factory=dict)
    users: dict[str, UserRow] = field(default_factory=dict)
    roles: dict[str, RoleRow] = field(default_factory=dict)
    enrollments: dict[str, EnrollmentRow] = field(default_factory=dict)
    demographics: dict[str, DemographicsRow] = field(default_factory=dict)
    problems: ProblemLog = field(default_factory=ProblemLog)

    def mode(self, file: str) -> str:
        return self.modes.get(file, "absent")

    def label(self, file: str) -> str:
        return self.file_names.get(file, f"{file}.csv")


class UploadUnreadable(DomainError):
    """The upload is not a zip or folder of CSV files."""

    code = "rostering.upload_unreadable"


class _TooLarge(Exception):
    pass


# What a broken or hostile zip raises while being read, besides BadZipFile: a corrupt deflate stream
# (zlib.error), a cut-off member (EOFError), an unsupported method or encryption (NotImplementedError,
# RuntimeError), a mangled header (ValueError, struct.error via BadZipFile).
_ZIP_ERRORS = (
    OSError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


def open_upload(path: Path, *, max_expanded_bytes: int | None = None) -> dict[str, tuple[str, str]]:
    """Return {lower-case file stem: (name as uploaded, text)} for every .csv in a zip or folder.

    `max_expanded_bytes` caps the CSV text read in all: checked against the sizes a zip declares and
    again while reading, since the declared sizes of a crafted zip can lie.
    """
    texts: dict[str, tuple[str, str]] = {}
    try:
        if path.is_dir():
            budget = _Budget(path.name, max_expanded_bytes)
            for child in sorted(path.iterdir()):
                if child.suffix.lower() == ".csv" and child.is_file():
                    budget.declare(child.stat().st_size)
                    texts[child.stem.lower()] = (child.name, _decode(child.read_bytes(), child.name))
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [
                    info
                    for info in archive.infolist()
                    if not info.is_dir()
                    and Path(info.filename).name.lower().endswith(".csv")
                    and not Path(info.filename).name.startswith("._")
                ]
                budget = _Budget(path.name, max_expanded_bytes)
                budget.declare(sum(info.file_size for info in members))
                for info in members:
                    name = Path(info.filename).name
                    texts[Path(name).stem.lower()] = (name, _decode(budget.read(archive, info), name))
        else:
            raise UploadUnreadable(f"{path.name}: not a zip file or a folder of OneRoster CSV files")
    except _ZIP_ERRORS as exc:
        raise UploadUnreadable(f"{path.name}: cannot be read as a zip of CSV files ({exc})") from exc
    return texts


class _Budget:
    """Bytes of CSV text still allowed; a zip member is read in chunks so a lying header cannot get past."""

    CHUNK = 1024 * 1024

    def __init__(self, source: str, limit: int | None) -> None:
        self.source = source
        self.limit = limit
        self.used = 0

    def _refuse(self) -> None:
        raise UploadUnreadable(
            f"{self.source}: the CSV files expand to more than {self.limit:,} bytes, the import limit "
            "(PATHMAKER_IMPORT_MAX_EXPANDED_BYTES); split the export or raise the limit"
        )

    def declare(self, size: int) -> None:
        if self.limit is not None and size > self.limit:
            self._refuse()

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        parts = []
        with archive.open(info) as member:
            while chunk := member.read(self.CHUNK):
                self.used += len(chunk)
                if self.limit is not None and self.used > self.limit:
                    self._refuse()
                parts.append(chunk)
        return b"".join(parts)


def _decode(data: bytes, name: str) -> str:
    # UTF-16 with a byte-order mark is unambiguous, so it is read; without one it is refused below.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _no_nul(data.decode("utf-16"), name)
        except UnicodeDecodeError as exc:
            raise UploadUnreadable(
                f"{name}: not UTF-16 text (byte {exc.start}); export the files as UTF-8"
            ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadUnreadable(
            f"{name}: not UTF-8 text (byte {exc.start}); export the files as UTF-8"
        ) from exc
    return _no_nul(text, name)


def _no_nul(text: str, name: str) -> str:
    # NUL is no character of a CSV export (the database cannot store it); many of them mean UTF-16 text
    # saved without its byte-order mark.
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise UploadUnreadable(
            f"{name}: line {line} contains a NUL character (UTF-16 text without a byte-order mark?); "
            "export the files as UTF-8"
        )
    return text


def read_upload(
    path: Path,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    max_expanded_bytes: int | None = None,
) -> RosterUpload:
    return read_texts(
        open_upload(path, max_expanded_bytes=max_expanded_bytes), source_name=path.name, progress=progress
    )


def read_texts(
    texts: dict[str, tuple[str, str]],
    *,
    source_name: str,
    progress: Callable[[str, int, int], None] | None = None,
) -> RosterUpload:
    upload = RosterUpload(source_name=source_name)
    _read_manifest(upload, texts)
    readers: dict[str, Callable[[RosterUpload, _Table], None]] = {
        "orgs": _read_orgs,
        "academicSessions": _read_sessions,
        "courses": _read_courses,
        "classes": _read_classes,
        "users": _read_users,
        "roles": _read_roles,
        "enrollments": _read_enrollments,
        "demographics": _read_demographics,
    }
    wanted = [name for name in IMPORTED_FILES if upload.mode(name) != "absent"]
    for done, name in enumerate(wanted):
        if progress:
            progress(f"Reading {upload.label(name)}", done, len(wanted))
        _, text = texts[name.lower()]
        table = _Table(upload, name, text)
        try:
            table.read_header()
            if table.ok:
                readers[name](upload, table)
        except csv.Error as exc:
            # A value over the csv module's 128 KiB field limit, a bare CR inside an unquoted value...
            upload.problems.error(
                table.label,
                table.line_number(),
                None,
                f"cannot be read as CSV ({exc}); nothing after it was read",
            )
        upload.row_counts[name] = table.rows_read
    if upload.mode("users") == "absent" and upload.mode("roles") != "absent":
        upload.problems.warn(
            upload.label("roles"),
            None,
            None,
            "roles.csv came without users.csv; roles apply to users already in Pathmaker",
        )
    return upload


def _read_manifest(upload: RosterUpload, texts: dict[str, tuple[str, str]]) -> None:
    present = {stem: name for stem, (name, _) in texts.items()}
    manifest: dict[str, str] = {}
    if "manifest" not in texts:
        upload.problems.warn(
            "manifest.csv",
            None,
            None,
            "no manifest.csv in the upload; every file present is read as a bulk file",
        )
        manifest = {f"file.{name}": "bulk" for name in IMPORTED_FILES if name.lower() in present}
        upload.version = "1.1"
    else:
        try:
            for row_number, row in enumerate(csv.reader(io.StringIO(texts["manifest"][1])), start=1):
                if row_number == 1 or not row or not row[0].strip():
                    continue
                manifest[row[0].strip()] = row[1].strip() if len(row) > 1 else ""
        except csv.Error as exc:
            upload.problems.error("manifest.csv", None, None, f"cannot be read as CSV ({exc})")
        upload.version = manifest.get("oneroster.version", "")
        if upload.version not in {"1.1", "1.2"}:
            upload.problems.warn(
                "manifest.csv",
                None,
                "oneroster.version",
                f"OneRoster version {upload.version!r} is not 1.1 or 1.2; read as 1.1",
            )
            upload.version = "1.1"
    for name in (*IMPORTED_FILES, *sorted(IGNORED_FILES)):
        key = f"file.{name}"
        mode = manifest.get(key, "absent").lower() or "absent"
        stem = name.lower()
        label = present.get(stem, f"{name}.csv")
        upload.file_names[name] = label
        if key in manifest and manifest[key] == "":
            if stem in present:
                upload.problems.warn(
                    "manifest.csv",
                    None,
                    key,
                    f"no mode given for {label}; the file is ignored (say bulk or delta to import it)",
                )
            mode = "absent"
        elif mode not in {"bulk", "delta", "absent"}:
            upload.problems.error("manifest.csv", None, key, f"{mode!r} is not bulk, delta or absent")
            mode = "absent"
        if mode == "absent":
            if stem in present and manifest.get(key) != "":
                upload.problems.warn(
                    label, None, None, f"the manifest marks {name} absent; {label} is ignored"
                )
            continue
        if stem not in present:
            upload.problems.error(
                "manifest.csv",
                None,
                key,
                f"the manifest says {name} is {mode} but {name}.csv is not in the upload",
            )
            continue
        if name in IGNORED_FILES:
            upload.problems.warn(
                label,
                None,
                None,
                "not used for rostering; ignored"
                + ("; credentials in it are never stored" if name == "userProfiles" else ""),
            )
            continue
        upload.modes[name] = mode


class _Table:
    """One CSV file with its header mapped to canonical OneRoster column names."""

    def __init__(self, upload: RosterUpload, name: str, text: str) -> None:
        self.upload = upload
        self.name = name
        self.label = upload.label(name)
        self.problems = upload.problems
        self.rows_read = 0
        self._seen: set[str] = set()
        self._orders: dict[str, bool] = {}
        self._dates: dict[tuple[str, str], tuple[date | None, str, bool]] = {}
        self._text = text
        self._reader = csv.reader(io.StringIO(text))
        self.index: dict[str, int] = {}
        self.extensions: dict[str, int] = {}
        self.ok = True

    def line_number(self) -> int:
        return max(self._reader.line_num, 1)  # the line the reader stopped on (the header is line 1)

    def read_header(self) -> None:
        header = next(self._reader, None)
        if header is None:
            self.problems.error(self.label, 1, None, "the file is empty (it needs at least a header row)")
            self.ok = False
            return
        self._map_header(header)
        for column in REQUIRED_COLUMNS[self.name]:
            if column not in self.index:
                self.problems.error(self.label, 1, column, "required column is missing")
                self.ok = False

    def _map_header(self, header: list[str]) -> None:
        known = COLUMNS[self.name]
        aliases = ALIASES.get(self.name, {})
        lower = {column.lower(): column for column in known}
        ignored_extensions: list[str] = []
        for position, raw in enumerate(header):
            column = raw.strip()
            if not column:
                self.problems.warn(self.label, 1, f"#{position + 1}", "column has no name; ignored")
                continue
            if column in SECRET_COLUMNS:
                self.problems.warn(
                    self.label,
                    1,
                    column,
                    "password column ignored: Pathmaker never stores passwords from rosters",
                )
                continue
            if column.startswith(("ext_", "metadata.")):
                if self.name == "demographics" and column in DEMOGRAPHIC_EXTENSIONS:
                    self.extensions[column] = position
                else:
                    ignored_extensions.append(column)
                continue
            canonical = column if column in known else aliases.get(column) or lower.get(column.lower())
            if canonical is None:
                close = difflib.get_close_matches(
                    column, [c for c in known if c not in self.index], n=1, cutoff=0.85
                )
                if close:
                    canonical = close[0]
                    self.problems.warn(
                        self.label, 1, column, f"unknown column read as {canonical!r} (a misspelling?)"
                    )
                else:
                    self.problems.warn(self.label, 1, column, "not a OneRoster column; ignored")
                    continue
            elif canonical != column:
                self.problems.warn(self.label, 1, column, f"non-standard column name read as {canonical!r}")
            if canonical in self.index:
                self.problems.error(self.label, 1, column, f"column {canonical!r} appears twice")
                self.ok = False
                continue
            self.index[canonical] = position
        if ignored_extensions:
            self.problems.warn(
                self.label,
                1,
                None,
                "extension columns ignored (not stored): " + ", ".join(ignored_extensions),
            )

    def rows(self) -> Iterator[tuple[int, _Row]]:
        # Position -> name of every column read; a row becomes a dict of stripped values (C-level work),
        # because per-field method calls were most of the reading time on a 300,000-row file.
        names = {position: name for name, position in (*self.index.items(), *self.extensions.items())}
        positions = sorted(names)
        keys = [names[p] for p in positions]
        for values in self._reader:
            row_number = self._reader.line_num
            if not "".join(values).strip():
                continue
            self.rows_read += 1
            if positions and len(values) <= positions[-1]:
                values = values + [""] * (positions[-1] + 1 - len(values))
            fields = dict(zip(keys, map(str.strip, map(values.__getitem__, positions)), strict=True))
            row = _Row(self, row_number, fields)
            sourced_id = fields.get("sourcedId", "")
            if not sourced_id:
                row.error("sourcedId", "sourcedId is empty")
                continue
            if sourced_id in self._seen:
                row.error("sourcedId", f"duplicate sourcedId {sourced_id!r} (each row needs its own)")
                continue
            self._seen.add(sourced_id)
            yield row_number, row

    def parsed_date(self, column: str, value: str) -> tuple[date | None, str, bool]:
        """(date, error, is ISO) for a value; an export repeats few dates, so each is parsed once."""
        key = (column, value)
        found = self._dates.get(key)
        if found is None:
            try:
                found = (parse_date(value, day_first=self.slash_order(column)), "", is_iso_date(value))
            except ValueError as exc:
                found = (None, str(exc), False)
            self._dates[key] = found
        return found

    def slash_order(self, column: str) -> bool:
        """Day-first or month-first for this column's slash dates, decided from the whole column.

        With no value that tells (all parts <= 12), day-first: the exporters seen in the wild
        that write slash dates (the shared OneRoster samples) are day-first.
        """
        if column not in self._orders:
            # Only files that use slash dates get here: read the column once more, on its own.
            position = self.index.get(column)
            rows = csv.reader(io.StringIO(self._text))
            next(rows, None)
            values: list[str] = []
            # A line the csv module cannot read ends the column here: the main pass meets the same line
            # and reports it with its row.
            with contextlib.suppress(csv.Error):
                values.extend(v[position] for v in rows if position is not None and position < len(v))
            decided = infer_day_first(values)
            self._orders[column] = True if decided is None else decided
        return self._orders[column]


class _Row:
    __slots__ = ("table", "number", "fields", "valid")

    def __init__(self, table: _Table, number: int, fields: dict[str, str]) -> None:
        self.table = table
        self.number = number
        self.fields = fields  # canonical column name -> stripped value
        self.valid = True

    def get(self, column: str) -> str:
        return self.fields.get(column, "")

    def extension(self, column: str) -> str:
        return self.fields.get(column, "")

    def error(self, column: str | None, message: str) -> None:
        self.valid = False
        self.table.problems.error(self.table.label, self.number, column, message)

    def warn(self, column: str | None, message: str, *, kind: str | None = None) -> None:
        self.table.problems.warn(self.table.label, self.number, column, message, kind=kind)

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, f"{column} is empty")
        return value

    def status(self) -> bool:
        status = self.get("status")
        if status in ("", "active"):
            return True
        if status == "tobedeleted":
            return False
        if status.lower() in {"active", "tobedeleted"}:
            self.warn("status", f"status {status!r} read as {status.lower()!r}", kind="status-case")
            return status.lower() == "active"
        if status.lower() == "inactive":
            self.warn(
                "status",
                "status 'inactive' is not OneRoster 1.1/1.2 vocabulary; read as tobedeleted",
                kind="status-inactive",
            )
            return False
        self.error("status", f"{status!r} is not a OneRoster status (active or tobedeleted)")
        return False

    def choice(self, column: str, allowed: frozenset[str], what: str) -> str:
        value = self.required(column)
        if not value or value in allowed:
            return value
        folded = {a.lower(): a for a in allowed}.get(value.lower())
        if folded:
            self.warn(
                column,
                f"{value!r} read as {folded!r} (OneRoster vocabulary is case-sensitive)",
                kind=f"case-{column}",
            )
            return folded
        self.error(
            column, f"{value!r} is not a OneRoster {what} (expected one of: {', '.join(sorted(allowed))})"
        )
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.get(column)
        if not value:
            if required:
                self.error(column, f"{column} is empty")
            return None
        parsed, problem, is_iso = self.table.parsed_date(column, value)
        if problem:
            self.error(column, problem)
            return None
        if not is_iso:
            order = "day/month/year" if self.table.slash_order(column) else "month/day/year"
            self.warn(
                column, f"date {value!r} is not ISO 8601 (YYYY-MM-DD); read as {order}", kind="slash-date"
            )
        return parsed

    def flag(self, column: str, *, extension: bool = False) -> bool | None:
        value = (self.extension(column) if extension else self.get(column)).lower()
        if value in {"true", "1", "yes", "y", "t"}:
            return True
        if value in {"false", "0", "no", "n", "f"}:
            return False
        if value:
            self.warn(column, f"{value!r} is not true or false; left unknown", kind=f"flag-{column}")
        return None

    def id_list(self, column: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.get(column).split(",") if part.strip())

    def check_last_modified(self) -> None:
        """Pathmaker does not keep dateLastModified, but a bad one still tells the district something."""
        if self.get("dateLastModified"):
            self.date("dateLastModified")


def _read_orgs(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        record = OrgRow(
            f.get("sourcedId", ""),
            number,
            row.status(),
            row.required("name"),
            row.choice("type", ORG_TYPES, "org type"),
            f.get("identifier", ""),
            f.get("parentSourcedId", ""),
        )
        row.check_last_modified()
        if record.parent == record.sourced_id:
            row.error("parentSourcedId", "an org cannot be its own parent")
        if row.valid:
            upload.orgs[record.sourced_id] = record


def _read_sessions(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        start, end = row.date("startDate", required=True), row.date("endDate", required=True)
        school_year_text = f.get("schoolYear", "")
        school_year = None
        if school_year_text:
            if school_year_text.isdigit() and len(school_year_text) == 4:
                school_year = int(school_year_text)
            else:
                row.error("schoolYear", f"{school_year_text!r} is not a year (YYYY)")
        session_type = row.choice("type", SESSION_TYPES, "session type")
        title = row.required("title")
        active = row.status()
        row.check_last_modified()
        if start and end and end < start:
            row.error("endDate", f"endDate {end.isoformat()} is before startDate {start.isoformat()}")
        if row.valid and start and end:
            upload.sessions[f.get("sourcedId", "")] = SessionRow(
                f.get("sourcedId", ""),
                number,
                active,
                title,
                session_type,
                start,
                end,
                f.get("parentSourcedId", ""),
                school_year,
            )


def _read_courses(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        record = CourseRow(
            f.get("sourcedId", ""),
            number,
            row.status(),
            row.required("title"),
            f.get("courseCode", ""),
            f.get("grades", ""),
            f.get("subjects", ""),
            row.required("orgSourcedId"),
            f.get("schoolYearSourcedId", ""),
        )
        row.check_last_modified()
        if row.valid:
            upload.courses[record.sourced_id] = record


def _read_classes(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        class_type = f.get("classType", "")
        if not class_type:
            row.warn("classType", "classType is empty; read as 'scheduled'", kind="empty-classType")
            class_type = "scheduled"
        else:
            class_type = row.choice("classType", CLASS_TYPES, "class type")
        record = ClassRow(
            f.get("sourcedId", ""),
            number,
            row.status(),
            row.required("title"),
            f.get("courseSourcedId", ""),
            f.get("classCode", ""),
            class_type,
            f.get("location", ""),
            row.required("schoolSourcedId"),
            row.id_list("termSourcedIds"),
            f.get("grades", ""),
            f.get("subjects", ""),
            f.get("periods", ""),
        )
        row.check_last_modified()
        if row.valid:
            upload.classes[record.sourced_id] = record


def _read_users(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        enabled_text = f.get("enabledUser", "").lower()
        if enabled_text not in {"", "true", "false", "1", "0"}:
            row.warn(
                "enabledUser",
                f"{row.get('enabledUser')!r} is not true or false; read as true",
                kind="enabledUser",
            )
        role = f.get("role", "")
        if role:
            role = row.choice("role", USER_ROLES, "role")
        orgs = row.id_list("orgSourcedIds")
        if upload.version == "1.1" and "role" in table.index and not role:
            row.error("role", "role is empty")
        if role and not orgs:
            row.error("orgSourcedIds", "orgSourcedIds is empty (the user's role needs an org)")
        record = UserRow(
            f.get("sourcedId", ""),
            number,
            row.status(),
            enabled_text not in {"false", "0"},
            f.get("username", ""),
            row.required("givenName"),
            row.required("familyName"),
            f.get("middleName", ""),
            f.get("preferredGivenName", ""),
            f.get("preferredFamilyName", ""),
            f.get("pronouns", ""),
            f.get("identifier", ""),
            f.get("email", ""),
            f.get("phone", ""),
            f.get("sms", ""),
            f.get("grades", ""),
            f.get("primaryOrgSourcedId", ""),
            row.id_list("agentSourcedIds"),
            role,
            orgs,
        )
        row.check_last_modified()
        if row.valid:
            upload.users[record.sourced_id] = record


def _read_roles(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        role_type = f.get("roleType", "") or "primary"
        if role_type not in ROLE_TYPES:
            row.error("roleType", f"{role_type!r} is not a OneRoster role type (primary or secondary)")
        record = RoleRow(
            f.get("sourcedId", ""),
            number,
            row.status(),
            row.required("userSourcedId"),
            row.choice("role", USER_ROLES, "role"),
            role_type == "primary",
            row.required("orgSourcedId"),
            row.date("beginDate"),
            row.date("endDate"),
        )
        if row.valid:
            upload.roles[record.sourced_id] = record


def _read_enrollments(upload: RosterUpload, table: _Table) -> None:
    for number, row in table.rows():
        f = row.fields
        primary = f.get("primary", "").lower()
        if primary not in {"", "true", "false"}:
            row.warn("primary", f"{row.get('primary')!r} is not true or false; read as false", kind="primary")
        record = EnrollmentRow(
            f.get("sourcedId", ""),
            number,
            row.status(),
            row.required("classSourcedId"),
            row.required("schoolSourcedId"),
            row.required("userSourcedId"),
            row.choice("role", ENROLLMENT_ROLES, "enrollment role"),
            primary == "true",
            row.date("beginDate"),
            row.date("endDate"),
        )
        row.check_last_modified()
        if row.valid:
            upload.enrollments[record.sourced_id] = record


def _read_demographics(upload: RosterUpload, table: _Table) -> None:
    flags = {
        "americanIndianOrAlaskaNative": "american_indian_or_alaska_native",
        "asian": "asian",
        "blackOrAfricanAmerican": "black_or_african_american",
        "nativeHawaiianOrOtherPacificIslander": "native_hawaiian_or_other_pacific_islander",
        "white": "white",
        "demographicRaceTwoOrMoreRaces": "two_or_more_races",
        "hispanicOrLatinoEthnicity": "hispanic_or_latino",
    }
    for number, row in table.rows():
        f = row.fields
        values: dict[str, object] = {
            "birth_date": row.date("birthDate"),
            "sex": f.get("sex", ""),
            "country_of_birth": f.get("countryOfBirthCode", ""),
            "state_of_birth": f.get("stateOfBirthAbbreviation", ""),
            "city_of_birth": f.get("cityOfBirth", ""),
            "public_school_residence_status": f.get("publicSchoolResidenceStatus", ""),
        }
        for column, name in flags.items():
            values[name] = row.flag(column)
        for column, name in DEMOGRAPHIC_EXTENSIONS.items():
            values[name] = row.flag(column, extension=True)
        active = row.status()
        row.check_last_modified()
        if row.valid:
            upload.demographics[f.get("sourcedId", "")] = DemographicsRow(
                f.get("sourcedId", ""), number, active, values
            )
