"""The pure station rotation: groups by need, and where each group is in each rotation, with its times."""

from __future__ import annotations

import datetime as dt

import pytest

from pathmaker.grouping.rotation import need_groups, schedule


def test_the_greatest_need_comes_first_and_no_level_counts_as_need():
    levels = [(1, 3.0), (2, 1.0), (3, None), (4, 2.5), (5, 1.5), (6, 3.5)]
    assert need_groups(levels, 3) == [[3, 2], [5, 4], [1, 6]]


def test_uneven_classes_give_the_first_groups_one_more():
    assert [len(g) for g in need_groups([(k, float(k)) for k in range(7)], 3)] == [3, 2, 2]


def test_each_rotation_brings_the_next_group_to_the_teacher_led_station():
    slots = schedule(stations=3, rotations=3, starts=dt.time(9, 0), minutes=20)
    assert [(s.starts, s.ends) for s in slots] == [
        (dt.time(9, 0), dt.time(9, 20)),
        (dt.time(9, 20), dt.time(9, 40)),
        (dt.time(9, 40), dt.time(10, 0)),
    ]
    # stations[g]: where group g is; station 0 is the teacher-led one.
    assert [s.stations for s in slots] == [(0, 1, 2), (2, 0, 1), (1, 2, 0)]
    assert [s.stations.index(0) for s in slots] == [0, 1, 2]


def test_with_fewer_rotations_than_stations_the_least_need_misses_the_teacher():
    slots = schedule(stations=3, rotations=2, starts=dt.time(13, 30), minutes=15)
    assert [s.stations.index(0) for s in slots] == [0, 1]


def test_a_rotation_without_stations_or_time_is_refused():
    with pytest.raises(ValueError):
        schedule(stations=0, rotations=1, starts=dt.time(9, 0), minutes=10)
    with pytest.raises(ValueError):
        need_groups([], 0)
