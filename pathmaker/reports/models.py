"""Reports: figures about many students at once, for the people who run schools.

Vocabulary:
- A **subgroup table** counts, for one competency, the students **assessed** (with a level) and those
  **proficient** (proficient or advanced) in each school, split by the values of one **demographic field**
  (English learner, free or reduced lunch, race and ethnicity...), with the school's, the subgroup's
  and the whole scope's totals.
- **Suppression** withholds every cell describing fewer than `PATHMAKER_MIN_CELL` students and enough
  other cells that none can be worked out from the totals; percentages near 0 or 100 are **coded**
  ("<5%", ">95%") by the group's size (`suppression.py`, pure). The **suppression audit** tries to work
  the withheld cells out from what is published, and runs on every table shown, exported or served.

The reports keep no rows of their own yet: they read mastery's summaries and the roster's demographics.
"""
