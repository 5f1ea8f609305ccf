"""Frameworks: competencies (standards and cross-curricular skills), proficiency scales, rubrics, course alignment; CASE 1.0/1.1 import, export and API."""
