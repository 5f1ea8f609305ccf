"""The demo district's course catalogue: elementary, middle and high school courses, electives, the
high school tracks a block follows, and the rooms departments teach in (read by pathmaker.demo.district).
"""

from __future__ import annotations

from dataclasses import dataclass

GRADES: tuple[str, ...] = ("KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12")

# ---------------------------------------------------------------------------
# Course catalogue
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Course:
    key: str
    title: str
    code: str
    grades: tuple[int, ...]
    subject: str
    subject_code: str  # SCED code where a common one exists; SIS exports leave it blank often
    dept: str  # who can teach it: one teacher pool per department and school
    term: int = 0  # 0 school year, 1 fall semester, 2 spring semester


def grade_label(g: int) -> str:
    return "Kindergarten" if g == 0 else f"Grade {g}"


def _elementary_catalog() -> dict[str, Course]:
    courses: dict[str, Course] = {}
    for g in range(6):
        label, code = grade_label(g), GRADES[g]
        courses[f"HR{g}"] = Course(f"HR{g}", f"{label} Homeroom", f"HR-{code}", (g,), "Homeroom", "", "HR")
        courses[f"ELA{g}"] = Course(
            f"ELA{g}",
            f"{label} English Language Arts",
            f"ELA-{code}",
            (g,),
            "English Language Arts",
            "",
            "HR",
        )
        courses[f"MATH{g}"] = Course(
            f"MATH{g}", f"{label} Mathematics", f"MATH-{code}", (g,), "Mathematics", "", "HR"
        )
        courses[f"SCI{g}"] = Course(f"SCI{g}", f"{label} Science", f"SCI-{code}", (g,), "Science", "", "HR")
        courses[f"SS{g}"] = Course(
            f"SS{g}", f"{label} Social Studies", f"SS-{code}", (g,), "Social Studies", "", "HR"
        )
    k5 = tuple(range(6))
    courses["PE"] = Course("PE", "Physical Education", "PE-K5", k5, "Physical Education", "", "PE")
    courses["ART"] = Course("ART", "Art", "ART-K5", k5, "Visual Arts", "", "ART")
    courses["MUSIC"] = Course("MUSIC", "Music", "MUS-K5", k5, "Music", "", "MUSIC")
    return courses


def _course_list(rows: str) -> dict[str, Course]:
    """Parse `key | title | code | grades | subject | SCED | dept | term` lines."""
    courses: dict[str, Course] = {}
    for line in rows.strip().splitlines():
        key, title, code, grades, subject, sced, dept, term = (part.strip() for part in line.split("|"))
        lo, _, hi = grades.partition("-")
        span = tuple(range(int(lo), int(hi or lo) + 1))
        courses[key] = Course(key, title, code, span, subject, sced, dept, int(term))
    return courses


_MIDDLE_COURSES = _course_list("""
ELA6   | Grade 6 English Language Arts | ELA-06  | 6   | English Language Arts | | ELA | 0
ELA7   | Grade 7 English Language Arts | ELA-07  | 7   | English Language Arts | | ELA | 0
ELA8   | Grade 8 English Language Arts | ELA-08  | 8   | English Language Arts | | ELA | 0
MATH6  | Grade 6 Mathematics           | MATH-06 | 6   | Mathematics | | MATH | 0
MATH7  | Grade 7 Mathematics           | MATH-07 | 7   | Mathematics | | MATH | 0
MATH8  | Grade 8 Mathematics           | MATH-08 | 8   | Mathematics | | MATH | 0
ALG1M  | Algebra I                     | ALG1-MS | 8   | Mathematics | 02052 | MATH | 0
SCI6   | Grade 6 Earth Science         | SCI-06  | 6   | Science | | SCI | 0
SCI7   | Grade 7 Life Science          | SCI-07  | 7   | Science | | SCI | 0
SCI8   | Grade 8 Physical Science      | SCI-08  | 8   | Science | | SCI | 0
SS6    | Grade 6 Social Studies        | SS-06   | 6   | Social Studies | | SS | 0
SS7    | Grade 7 Social Studies        | SS-07   | 7   | Social Studies | | SS | 0
SS8    | Georgia Studies               | SS-08   | 8   | Social Studies | | SS | 0
HPE    | Health and Physical Education | HPE-MS  | 6-8 | Physical Education | | PE | 0
ARTM   | Visual Art                    | ART-MS  | 6-8 | Visual Arts | | ART | 0
BANDM  | Band                          | BAND-MS | 6-8 | Music | | BAND | 0
CHORM  | Chorus                        | CHOR-MS | 6-8 | Music | | CHORUS | 0
ORCHM  | Orchestra                     | ORCH-MS | 6-8 | Music | | ORCH | 0
SPANM  | Exploratory Spanish           | SPAN-MS | 6-8 | World Languages | | WL | 0
CSDM   | Computer Science Discoveries  | CSD-MS  | 6-8 | Computer Science | | CS | 0
CTEM   | Career Exploration            | CTE-MS  | 6-8 | Career and Technical Education | | CTE | 0
""")

_HIGH_COURSES = _course_list("""
ENG9     | English 9                            | ENG-09   | 9     | English Language Arts | 01001 | ELA | 0
ENG10    | English 10                           | ENG-10   | 10    | English Language Arts | 01002 | ELA | 0
ENG11    | English 11                           | ENG-11   | 11    | English Language Arts | 01003 | ELA | 0
ENG12    | English 12                           | ENG-12   | 12    | English Language Arts | 01004 | ELA | 0
APLANG   | AP English Language and Composition  | APLANG   | 11    | English Language Arts | | ELA | 0
APLIT    | AP English Literature and Composition | APLIT   | 12    | English Language Arts | | ELA | 0
ALG1     | Algebra I                            | ALG1     | 9-10  | Mathematics | 02052 | MATH | 0
GEOM     | Geometry                             | GEOM     | 9-11  | Mathematics | 02072 | MATH | 0
ALG2     | Algebra II                           | ALG2     | 10-12 | Mathematics | 02056 | MATH | 0
PRECALC  | Pre-Calculus                         | PRECALC  | 11-12 | Mathematics | | MATH | 0
APCALC   | AP Calculus AB                       | APCALCAB | 12    | Mathematics | | MATH | 0
APSTAT   | AP Statistics                        | APSTAT   | 11-12 | Mathematics | | MATH | 0
FINALG   | Financial Algebra                    | FINALG   | 12    | Mathematics | | MATH | 0
BIO      | Biology                              | BIO      | 9     | Science | 03051 | SCI | 0
CHEM     | Chemistry                            | CHEM     | 10-12 | Science | 03101 | SCI | 0
ENVSCI   | Environmental Science                | ENVSCI   | 10-12 | Science | | SCI | 0
PHYS     | Physics                              | PHYS     | 11-12 | Science | 03151 | SCI | 0
APBIO    | AP Biology                           | APBIO    | 11-12 | Science | | SCI | 0
ANAT     | Anatomy and Physiology               | ANAT     | 11-12 | Science | | SCI | 0
APES     | AP Environmental Science             | APES     | 12    | Science | | SCI | 0
FORENSIC | Forensic Science                     | FORENSIC | 12    | Science | | SCI | 0
WGEO     | World Geography                      | WGEO     | 9     | Social Studies | | SS | 0
WHIST    | World History                        | WHIST    | 10    | Social Studies | | SS | 0
APWH     | AP World History                     | APWH     | 10    | Social Studies | | SS | 0
USH      | US History                           | USH      | 11    | Social Studies | | SS | 0
APUSH    | AP US History                        | APUSH    | 11    | Social Studies | | SS | 0
ECON     | Economics                            | ECON     | 12    | Social Studies | | SS | 1
AMGOV    | American Government                  | AMGOV    | 12    | Social Studies | | SS | 2
HEALTH   | Health                               | HEALTH   | 9     | Health | | PE | 1
PFIT     | Personal Fitness                     | PFIT     | 9     | Physical Education | | PE | 2
SPAN1    | Spanish I                            | SPAN1    | 9-12  | World Languages | | WL | 0
SPAN2    | Spanish II                           | SPAN2    | 9-12  | World Languages | | WL | 0
SPAN3    | Spanish III                          | SPAN3    | 10-12 | World Languages | | WL | 0
FREN1    | French I                             | FREN1    | 9-12  | World Languages | | WL | 0
FREN2    | French II                            | FREN2    | 9-12  | World Languages | | WL | 0
FREN3    | French III                           | FREN3    | 10-12 | World Languages | | WL | 0
ART1     | Art I                                | ART1     | 9-12  | Visual Arts | | ART | 0
BANDH    | Band                                 | BAND-HS  | 9-12  | Music | | BAND | 0
CHORH    | Chorus                               | CHOR-HS  | 9-12  | Music | | CHORUS | 0
THEA     | Theatre Arts                         | THEA     | 9-12  | Theatre | | THEATRE | 0
APCSP    | AP Computer Science Principles       | APCSP    | 9-12  | Computer Science | | CS | 0
JOURN    | Journalism                           | JOURN    | 9-12  | English Language Arts | | JOURN | 0
PSYCH    | Psychology                           | PSYCH    | 10-12 | Social Studies | | SS | 0
ENGR     | Engineering Concepts                 | ENGR     | 9-12  | Career and Technical Education | | CTE | 0
CULIN    | Culinary Arts                        | CULIN    | 9-12  | Career and Technical Education | | CULIN | 0
WEIGHT   | Weight Training                      | WEIGHT   | 10-12 | Physical Education | | PE | 0
""")

ELEMENTARY_COURSES = _elementary_catalog()
CATALOG = {"elementary": ELEMENTARY_COURSES, "middle": _MIDDLE_COURSES, "high": _HIGH_COURSES}
MIDDLE_ELECTIVES = ("ARTM", "BANDM", "CHORM", "ORCHM", "SPANM", "CSDM", "CTEM")
HIGH_ELECTIVES = ("ART1", "BANDH", "CHORH", "THEA", "APCSP", "JOURN", "PSYCH", "ENGR", "CULIN", "WEIGHT")
# Which course a block takes in a subject slot, by grade; weights are the share of blocks.
HIGH_TRACKS: dict[str, dict[int, tuple[tuple[str, float], ...]]] = {
    "ELA": {
        9: (("ENG9", 1),),
        10: (("ENG10", 1),),
        11: (("ENG11", 0.8), ("APLANG", 0.2)),
        12: (("ENG12", 0.8), ("APLIT", 0.2)),
    },
    "MATH": {
        9: (("ALG1", 0.75), ("GEOM", 0.25)),
        10: (("GEOM", 0.7), ("ALG2", 0.3)),
        11: (("ALG2", 0.65), ("PRECALC", 0.35)),
        12: (("PRECALC", 0.4), ("APCALC", 0.2), ("APSTAT", 0.2), ("FINALG", 0.2)),
    },
    "SCI": {
        9: (("BIO", 1),),
        10: (("CHEM", 0.65), ("ENVSCI", 0.35)),
        11: (("PHYS", 0.6), ("APBIO", 0.2), ("ANAT", 0.2)),
        12: (("ANAT", 0.35), ("APES", 0.3), ("FORENSIC", 0.35)),
    },
    "SS": {9: (("WGEO", 1),), 10: (("WHIST", 0.8), ("APWH", 0.2)), 11: (("USH", 0.75), ("APUSH", 0.25))},
}
DEPT_ROOMS = {
    "PE": "Gym",
    "BAND": "Band Room",
    "CHORUS": "Chorus Room",
    "ORCH": "Orchestra Room",
    "ART": "Art Room",
    "MUSIC": "Music Room",
    "THEATRE": "Black Box Theater",
    "CULIN": "Kitchen Lab",
}
