"""Quiet hours, 21:00–08:00 UK time, in both GMT and BST."""

import pytest

from tests.helpers import uk_clock
from webapp.reminders.quiet import end_of_quiet_hours, in_quiet_hours, overlaps_quiet_hours
from webapp.timeutil import to_london


@pytest.mark.parametrize(("moment", "quiet"), [
    (uk_clock(2027, 3, 16, 20, 59), False), (uk_clock(2027, 3, 16, 21, 0), True), (uk_clock(2027, 3, 17, 7, 59), True),
    (uk_clock(2027, 3, 17, 8, 0), False), (uk_clock(2027, 6, 1, 21, 30), True), (uk_clock(2027, 6, 1, 8, 30), False),
])
def test_quiet_hours_follow_uk_clock_time(moment, quiet):
    assert in_quiet_hours(moment) is quiet


@pytest.mark.parametrize(("moment", "ends"), [
    (uk_clock(2027, 3, 16, 22, 0), "2027-03-17 08:00"),
    (uk_clock(2027, 3, 17, 6, 0), "2027-03-17 08:00"),
    (uk_clock(2027, 3, 27, 23, 0), "2027-03-28 08:00"),  # the night the clocks go forward
])
def test_quiet_hours_end_at_eight_uk_time(moment, ends):
    assert to_london(end_of_quiet_hours(moment)).strftime("%Y-%m-%d %H:%M") == ends


@pytest.mark.parametrize(("start", "end", "overlaps"), [
    (uk_clock(2027, 3, 16, 10, 0), uk_clock(2027, 3, 16, 12, 0), False),
    (uk_clock(2027, 3, 16, 19, 0), uk_clock(2027, 3, 16, 21, 0), False),
    (uk_clock(2027, 3, 16, 20, 0), uk_clock(2027, 3, 16, 22, 0), True),
    (uk_clock(2027, 3, 17, 7, 0), uk_clock(2027, 3, 17, 9, 0), True),
])
def test_an_activity_in_quiet_hours_is_recognised(start, end, overlaps):
    assert overlaps_quiet_hours(start, end) is overlaps
