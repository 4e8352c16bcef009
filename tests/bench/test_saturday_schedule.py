"""The Campaign Saturday benchmark's schedule (bench/saturday_schedule.py): what each phone does, when."""

import random
from collections import defaultdict

import pytest

from bench.saturday_schedule import (
    ALERT_WITHIN_S,
    CHECK_IN,
    HOME_PAGE,
    INTERVAL_MINUTES,
    MISS_SHARE,
    PLAN_PAGE,
    POLL,
    POLL_S,
    REMINDER_LEAD_S,
    SESSION_PAGE,
    TAP_AFTER_S,
    next_poll,
    plan_phones,
    schedule,
)

DURATION, GRACE, WARM_UP = 300, 120, 20


@pytest.fixture(scope="module")
def plan():
    rng = random.Random(17)
    phones = plan_phones(1000, DURATION, GRACE, WARM_UP, rng)
    requests = schedule(phones, DURATION, rng)
    by_phone = defaultdict(list)
    for request in requests:
        by_phone[request.phone].append(request)
    return phones, requests, by_phone


def test_every_request_falls_in_the_step_in_time_order(plan):
    _, requests, _ = plan
    times = [r.at for r in requests]
    assert times == sorted(times)
    assert 0 <= times[0] and times[-1] < DURATION


def test_five_percent_miss_a_check_in_early_enough_to_be_escalated_during_the_step(plan):
    phones, _, by_phone = plan
    missers = [p for p in phones if p.misses]
    assert len(missers) == round(len(phones) * MISS_SHARE)
    for phone in missers:
        assert WARM_UP <= phone.deadline_s <= DURATION - GRACE - ALERT_WITHIN_S
        assert CHECK_IN not in {r.kind for r in by_phone[phone.index]}


def test_the_others_post_im_safe_from_their_session_page_before_their_deadline(plan):
    phones, _, by_phone = plan
    checking_in = [p for p in phones if p.check_in_s is not None]
    assert checking_in
    for phone in checking_in:
        mine = by_phone[phone.index]
        posts = [i for i, r in enumerate(mine) if r.kind == CHECK_IN]
        assert len(posts) <= 1
        for i in posts:
            assert mine[i].at < phone.deadline_s
            assert mine[i - 1].kind == SESSION_PAGE
            assert TAP_AFTER_S[0] <= mine[i].at - mine[i - 1].at <= TAP_AFTER_S[1]


def test_a_plan_page_is_open_until_the_phone_leaves_it_for_another_page(plan):
    _, _, by_phone = plan
    for requests in by_phone.values():
        for page, after in zip(requests, requests[1:] + [None], strict=True):
            if page.kind != PLAN_PAGE:
                continue
            assert page.at < page.until <= DURATION
            if after is not None:
                assert after.kind in (SESSION_PAGE, HOME_PAGE)
                assert page.until == after.at


def test_the_step_starts_in_the_steady_state_not_with_every_phone_opening_its_page_at_once(plan):
    _, requests, _ = plan
    per_10_s = [sum(1 for r in requests if start <= r.at < start + 10) for start in range(0, DURATION, 10)]
    assert max(per_10_s) <= 1.5 * min(per_10_s), per_10_s


def test_no_poll_is_planned_up_front_the_pages_trigger_decides():
    rng = random.Random(3)
    requests = schedule(plan_phones(200, DURATION, GRACE, WARM_UP, rng), DURATION, rng)
    assert POLL not in {r.kind for r in requests}


def test_a_list_that_polls_asks_again_ten_seconds_after_the_last_ask_while_the_page_is_open():
    assert next_poll(f"every {POLL_S}s", after=30, until=100) == 30 + POLL_S
    assert next_poll(f"every {POLL_S}s", after=95, until=100) is None


def test_a_list_that_re_arms_asks_once_after_its_delay_if_the_phone_is_still_there():
    assert next_poll("load delay:45s", after=10, until=100) == 55
    assert next_poll("load delay:3300s", after=10, until=100) is None


def test_a_list_with_nothing_left_to_send_never_asks():
    assert next_poll(None, after=10, until=100) is None


def test_a_trigger_the_benchmark_does_not_know_stops_it_rather_than_guessing():
    with pytest.raises(ValueError, match="does not know"):
        next_poll("every 2s", after=10, until=100)


def test_a_step_too_short_for_the_grace_is_refused():
    with pytest.raises(ValueError, match="too short"):
        plan_phones(100, 120, 120, WARM_UP, random.Random(1))


def test_check_ins_arrive_at_the_steady_rate_of_sessions_checking_in_every_half_hour(plan):
    phones, requests, _ = plan
    posts = sum(r.kind == CHECK_IN for r in requests)
    others = sum(not p.misses for p in phones)
    # Spread evenly over the interval, less the reminder's lead and a minute (plan_phones).
    expected = others * (DURATION - WARM_UP) / (INTERVAL_MINUTES * 60 - REMINDER_LEAD_S - 60 - WARM_UP)
    assert 0.75 * expected <= posts <= 1.25 * expected
