"""Conferences: student-led conferences: the packet the student prepares from their profile's parts
(family-visible ones only), who attends, the record of what was agreed, and the PDF."""
