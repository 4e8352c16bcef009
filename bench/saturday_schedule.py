"""What N phones in running safety sessions do during one step, computed before the step starts.

Open loop: every page view and "I'm safe" has a time (seconds after the step's start) fixed up front,
and its latency is counted from that time, so a slow answer never delays the phones' later requests
(no coordinated omission). What a phone does, from the templates:

- the plan page (`plans.show`) holds the activity's message list, which refreshes itself as its
  `hx-trigger` says (`reminders/polling.py`): every 10 s while a message is on its way, once shortly
  before the next one falls due, or not at all. The generator reads that trigger from each answer
  and polls as the browser would (`next_poll`), from the page's scheduled time, for as long as the
  page stays open (a plan page's `until`), sending the list's ETag so an unchanged list is a 304;
- the session page (`sessions.show`) does not poll (its countdown runs in sessions.js), and the home
  page neither: while one of them is open the plan page's polling stops (hx-boost swaps the body);
- "I'm safe" is an htmx POST from the session page's form, with the CSRF token of that page.

A phone stays on the plan page for 60-120 s, looks at its session page (two times in three) or the
home page for 10-20 s, and comes back; at the step's start each phone is at a random point of that
round. A phone whose check-in falls in the step opens its session page then and posts "I'm safe" 3-8 s
later, between the session's reminder (5 minutes before the deadline) and the deadline. MISS_SHARE of
the phones never post: their deadline falls early enough in the step for their first alert to be due
(deadline + grace) and accepted (within ALERT_WITHIN_S) while the load still runs.
"""

import random
import re
from dataclasses import dataclass, field

from webapp.reminders.polling import POLL_EVERY

POLL_S = 10  # reminders/polling.py POLL_EVERY: "every 10s" while a message is on its way
INTERVAL_MINUTES = 30  # SESSION_DEFAULT_INTERVAL_MINUTES: the start form's default check-in interval
REMINDER_LEAD_S = 5 * 60  # SESSION_REMINDER_LEAD_MINUTES
MISS_SHARE = 0.05
ALERT_WITHIN_S = 30  # the target: first alert accepted within grace + 30 s
PLAN_DWELL_S = (60, 120)
OTHER_DWELL_S = (10, 20)
ROUND_S = sum(PLAN_DWELL_S) / 2 + sum(OTHER_DWELL_S) / 2  # a phone's average round: plan page, then another
HISTORY_S = 4 * ROUND_S  # each phone's rounds start this long before the step; only the step's are played
TAP_AFTER_S = (3, 8)  # from the session page opening to "I'm safe"
EARLIEST_CHECK_IN_BEFORE_DEADLINE_S = 30

POLL, PLAN_PAGE, SESSION_PAGE, HOME_PAGE, CHECK_IN = "poll", "plan page", "session page", "home page", "check-in"
KINDS = (POLL, PLAN_PAGE, SESSION_PAGE, HOME_PAGE, CHECK_IN)


@dataclass(frozen=True)
class Phone:
    index: int
    deadline_s: float  # its session's current check-in deadline, seconds after the step starts
    check_in_s: float | None  # when it posts "I'm safe"; None: it misses, or not before the step ends
    misses: bool = False  # its deadline passes in the step without a check-in


@dataclass(frozen=True, order=True)
class Request:
    at: float  # seconds after the step starts
    phone: int
    kind: str
    until: float = field(default=0.0, compare=False)  # a plan page or poll: when the phone leaves the page


_DELAY = re.compile(r"load delay:(\d+)s")


def next_poll(trigger: str | None, after: float, until: float) -> float | None:
    """When the message list asks again, as htmx would with this `hx-trigger`, the last ask (or the page)
    having been at `after`; None when it does not before the phone leaves the page at `until`."""
    if trigger is None:
        return None
    if trigger == POLL_EVERY:
        at = after + POLL_S
    elif found := _DELAY.fullmatch(trigger):
        at = after + int(found.group(1))
    else:
        raise ValueError(f"a message list trigger the benchmark does not know: {trigger!r}")
    return at if at < until else None


def last_missed_deadline_s(duration_s: float, grace_s: float) -> float:
    """The latest deadline a missed check-in may have for its alert to be due and accepted in the step."""
    return duration_s - grace_s - ALERT_WITHIN_S - 15


def plan_phones(count: int, duration_s: float, grace_s: float, warm_up_s: float, rng: random.Random) -> list[Phone]:
    """Each phone's deadline and check-in. Missers' deadlines are spread over the step's first part;
    the others' check-ins over the 30-minute interval, as on a morning when sessions started at any
    moment (about N / 25 minutes of them a second)."""
    latest_miss = last_missed_deadline_s(duration_s, grace_s)
    if latest_miss < warm_up_s + POLL_S:
        raise ValueError(f"a {duration_s:.0f} s step is too short for a {grace_s:.0f} s grace: "
                         f"needs at least {warm_up_s + POLL_S + grace_s + ALERT_WITHIN_S + 15:.0f} s")
    missers = set(rng.sample(range(count), round(count * MISS_SHARE)))
    interval_s = INTERVAL_MINUTES * 60
    phones = []
    for index in range(count):
        if index in missers:
            phones.append(Phone(index, rng.uniform(warm_up_s, latest_miss), None, misses=True))
            continue
        # Check-ins spread evenly over the interval, each after its session's reminder and before its
        # deadline; every session started (or last checked in) at least a minute before the step.
        check_in = rng.uniform(warm_up_s, interval_s - REMINDER_LEAD_S - 60)
        deadline = check_in + rng.uniform(EARLIEST_CHECK_IN_BEFORE_DEADLINE_S, REMINDER_LEAD_S)
        phones.append(Phone(index, deadline, check_in if check_in < duration_s else None))
    return phones


def phone_requests(phone: Phone, duration_s: float, rng: random.Random) -> list[Request]:
    """One phone's page views and check-in over the step. Each phone is at a random point of its round
    (plan page, then another page) when the step starts, as on a morning already under way: the step
    starts in the steady state, not with every phone opening its plan page in the same few seconds
    (which measured a start-up queue, not a Saturday). What it did before the start is not played.
    Polls are not here: the generator asks when the page's own trigger says (`next_poll`)."""
    requests = []
    check_in = phone.check_in_s
    t = -rng.uniform(HISTORY_S, HISTORY_S + ROUND_S)  # rounds of random length mix the phases by 0 s
    while t < duration_s:
        leave = t + rng.uniform(*PLAN_DWELL_S)
        back = leave + rng.uniform(*OTHER_DWELL_S)
        checking_in = check_in is not None and check_in < back
        if checking_in:
            leave = min(leave, check_in)
        requests.append(Request(t, phone.index, PLAN_PAGE, until=min(leave, duration_s)))
        if leave >= duration_s:
            break
        if checking_in:
            requests.append(Request(leave, phone.index, SESSION_PAGE))
            tapped = leave + rng.uniform(*TAP_AFTER_S)
            if tapped < duration_s:
                requests.append(Request(tapped, phone.index, CHECK_IN))
            check_in = None
            back = tapped + rng.uniform(*OTHER_DWELL_S)
        else:
            other = SESSION_PAGE if rng.random() < 2 / 3 else HOME_PAGE
            requests.append(Request(leave, phone.index, other))
        t = back
    return [request for request in requests if request.at >= 0]


def schedule(phones: list[Phone], duration_s: float, rng: random.Random) -> list[Request]:
    """Every phone's requests in one list, in time order."""
    return sorted(request for phone in phones for request in phone_requests(phone, duration_s, rng))
