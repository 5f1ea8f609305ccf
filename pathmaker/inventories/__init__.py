"""Inventories: the district's habits and dispositions inventories, the student's own and staff
ratings of them over the year, and the trend charts on the profile."""
