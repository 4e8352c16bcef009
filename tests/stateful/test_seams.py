"""A stateful test that hunts for bugs where features meet (issue 13).

Hypothesis drives the SERVICE layer — plans, moves, cancels and annotates activities, adds and
removes companions and team attendees, gives and withdraws FEOA consent, starts safety sessions,
checks in (button and SAFE), misses check-ins, replies STOP/START, receives status callbacks (late
and duplicated), abandons a delivery mid-batch and resumes it, scripts provider faults and moves
the clock — and runs the real jobs against the fake Twilio server and the SMTP server. After
every step it checks what the outside world received:

- nobody receives the same reminder, alert or all-clear twice (by dedupe key, and by
  (recipient, body) for what the provider accepted);
- every message goes to someone entitled to what it says (reminders: the organiser, team members
  going, companions; alerts: the session's contacts at the moment of the alert; all-clears: those
  alerted in that round; FEOA digests name only candidates who consented);
- no number on the STOP list is texted;
- after a jobs tick, every session whose deadline + grace has passed (by the model's own reckoning)
  is escalated and nothing due is left unsent (so escalation is within grace + one tick);
- everyone alerted gets exactly one all-clear when the session resolves;
- nothing stays "sending" past its lease.

`make test` runs a few examples on SQLite and PostgreSQL; `STATEFUL_EXAMPLES=500` runs more
(and `STATEFUL_STEPS` makes each longer). Emails carry a stable Message-ID (receivers drop a
repeat; SMTP cannot be asked whether an earlier attempt arrived), so an email is counted once per
Message-ID.

Issue 13, finding 2: re-planning an activity after a reminder went (saving a note, adding a
companion or attendee) used to send that reminder again; it is fixed, so a reminder received twice
fails. STATEFUL_STRICT_REMINDERS=0 counts such re-sends in `known_resends` instead (to explore past it).
"""

import os
import re
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.conftest import START, _empty_tables
from tests.helpers import run_jobs
from webapp.extensions import db
from webapp.models import Activity, Force, Message, Role, SmsOptOut, TeamMembership, User
from webapp.models.candidacy import Candidacy
from webapp.models.outbox import ReminderNote
from webapp.models.sessions import SafetySession
from webapp.notify import delivery
from webapp.notify.claims import claim_due
from webapp.notify.inbound import handle_inbound
from webapp.notify.receipts import apply_receipt
from webapp.plans import service as plans
from webapp.reminders.planner import plan_activity_reminders
from webapp.sessions import lifecycle
from webapp.teams.access import ensure_candidate_team

REMINDER_RESEND_FIXED = os.environ.get("STATEFUL_STRICT_REMINDERS", "1") == "1"
EXAMPLES = int(os.environ.get("STATEFUL_EXAMPLES", "0"))
STEPS = int(os.environ.get("STATEFUL_STEPS", "30"))
GRACE, TIER2 = timedelta(minutes=10), timedelta(minutes=15)
LEASE = timedelta(seconds=300)
MESSAGE_ID = re.compile(r"<outbox-(\d+)@")


@dataclass(frozen=True)
class Person:
    name: str
    mobile: str
    email: str | None = None


PEOPLE = {  # who exists in every example; companions are people without accounts (and Olly, who has one)
    "casey": Person("Casey Stone", "+447911123401", "casey@example.org"),
    "olly": Person("Olly Reed", "+447911123402", "olly@example.org"),
    "val": Person("Val Hart", "+447911123403", "val@example.org"),
    "jo": Person("Jo Patel", "+447911123404"),
    "kim": Person("Kim Lee", "+447911123405"),
    "eve": Person("Eve Stone", "+447911123409"),  # Casey's emergency contact
    "fran": Person("Fran Cole", "+447911123410", "fran@example.org"),  # the FEOA
}
COMPANIONS = ("jo", "kim", "olly")
MOBILES = {p.mobile: key for key, p in PEOPLE.items()}


@dataclass
class PlanModel:
    id: int
    starts_at: object
    ends_at: object
    meeting_point: str
    companions: set = field(default_factory=set)
    attendees: set = field(default_factory=set)  # "olly", "val"
    cancelled: bool = False
    note: str = ""


@dataclass
class SessionModel:
    id: int
    person: str
    activity: int | None
    interval: timedelta
    round_start: object
    expected_end: object
    round: int = 0
    open: bool = True

    @property
    def deadline(self):
        return min(self.round_start + self.interval, self.expected_end)


def build_machine(app, clock, fake_twilio, smtp_server):
    class Seams(RuleBasedStateMachine):
        @initialize()
        def world(self):
            db.session.remove()
            _empty_tables()
            clock.set(START)
            fake_twilio.reset()
            smtp_server.reset()
            self.users = {}
            for key in ("casey", "olly", "val", "fran"):
                person = PEOPLE[key]
                role = {"casey": Role.CANDIDATE, "fran": Role.FEOA}.get(key, Role.TEAM_MEMBER)
                user = User(email=person.email, name=person.name, role=role.value, password_hash="x",
                            mobile=person.mobile)
                if key == "casey":
                    user.emergency_contact_name, user.emergency_contact_mobile = "Eve Stone", PEOPLE["eve"].mobile
                db.session.add(user)
                self.users[key] = user
            db.session.flush()
            force = db.session.scalar(sa.select(Force).where(Force.code == "avon-and-somerset"))
            self.users["fran"].force = force
            db.session.add(Candidacy(user=self.users["casey"], force=force, council="Bristol City Council",
                                     ward="Clifton", office="councillor", party="Independent"))
            team = ensure_candidate_team(self.users["casey"])
            db.session.add(TeamMembership(team=team, user=self.users["olly"], role="organiser"))
            db.session.add(TeamMembership(team=team, user=self.users["val"], role="member"))
            db.session.commit()
            self.ids = {key: user.id for key, user in self.users.items()}
            self.plans: dict[int, PlanModel] = {}
            self.sessions: dict[int, SessionModel] = {}
            self.opted_out: set[str] = set()
            self.consent = False
            self.replanned_at: dict[int, list] = defaultdict(list)  # activity -> moments it was re-planned
            self.seen_twilio = 0
            self.seen_smtp = 0
            self.accepted_keys: dict[str, list] = defaultdict(list)  # logical key -> moments accepted
            self.accepted_pairs: dict[tuple, list] = defaultdict(list)  # (recipient, words) -> moments
            self.alerted: set = set()  # (session, round, channel, recipient) handed to the provider
            self.alert_rows: set = set()  # (session, round, channel, recipient) written to the outbox
            self.all_clears: Counter = Counter()
            self.resolved_rounds: set = set()  # (session, round) ended or checked in after an alert
            self.judged_rows: set = set()
            self.message_ids: set = set()
            self.sid_to_row: dict[str, int] = {}
            self.known_resends = 0
            self.plan_counter = 0

        # -- helpers --------------------------------------------------------------------------
        def now(self):
            return clock.now()

        def activity(self, plan: PlanModel) -> Activity:
            return db.session.get(Activity, plan.id)

        def data_for(self, plan: PlanModel) -> dict:
            return {"kind": "canvassing", "starts_at": plan.starts_at, "ends_at": plan.ends_at,
                    "meeting_point": plan.meeting_point, "area": "Clifton", "postcode": None, "notes": "",
                    "companions": [{"name": PEOPLE[c].name, "mobile": PEOPLE[c].mobile}
                                   for c in sorted(plan.companions)],
                    "attendee_ids": [self.ids[a] for a in sorted(plan.attendees)]}

        def live_plans(self) -> list[PlanModel]:
            return [p for p in self.plans.values() if not p.cancelled]

        def pick(self, items, index):
            return items[index % len(items)]

        def save(self, plan: PlanModel) -> None:
            plans.update_activity(self.activity(plan), self.data_for(plan))
            db.session.commit()
            self.replanned_at[plan.id].append(self.now())

        # -- plans ----------------------------------------------------------------------------
        @rule(start_in=st.integers(20, 36 * 60), hours=st.integers(1, 4),
              companions=st.sets(st.sampled_from(COMPANIONS), max_size=2),
              attendees=st.sets(st.sampled_from(("olly", "val")), max_size=2))
        def plan_activity(self, start_in, hours, companions, attendees):
            self.plan_counter += 1
            starts = self.now() + timedelta(minutes=start_in)
            plan = PlanModel(0, starts, starts + timedelta(hours=hours), f"Meeting point {self.plan_counter}",
                             set(companions), set(attendees))
            activity = plans.create_activity(self.users["casey"], self.data_for(plan))
            db.session.commit()
            plan.id = activity.id
            self.plans[plan.id] = plan

        @precondition(lambda self: self.live_plans())
        @rule(index=st.integers(0, 50), by_minutes=st.integers(-120, 240))
        def move_activity(self, index, by_minutes):
            plan = self.pick(self.live_plans(), index)
            shift = timedelta(minutes=by_minutes)
            plan.starts_at, plan.ends_at = plan.starts_at + shift, plan.ends_at + shift
            self.save(plan)

        @precondition(lambda self: self.live_plans())
        @rule(index=st.integers(0, 50))
        def cancel_activity(self, index):
            plan = self.pick(self.live_plans(), index)
            plans.cancel_activity(self.activity(plan))
            db.session.commit()
            plan.cancelled = True

        @precondition(lambda self: self.live_plans())
        @rule(index=st.integers(0, 50), note=st.sampled_from(["Bring leaflets", "Park on Elm Road", ""]))
        def annotate_activity(self, index, note):
            """What the reminder-note page does (webapp/reminders/routes.py: note)."""
            plan = self.pick(self.live_plans(), index)
            row = db.session.get(ReminderNote, plan.id) or ReminderNote(activity_id=plan.id)
            row.note = note
            db.session.add(row)
            plan_activity_reminders(self.activity(plan))
            db.session.commit()
            plan.note = note
            self.replanned_at[plan.id].append(self.now())

        @precondition(lambda self: self.live_plans())
        @rule(index=st.integers(0, 50), who=st.sampled_from(COMPANIONS))
        def toggle_companion(self, index, who):
            plan = self.pick(self.live_plans(), index)
            plan.companions ^= {who}
            self.save(plan)

        @precondition(lambda self: self.live_plans())
        @rule(index=st.integers(0, 50), who=st.sampled_from(("olly", "val")))
        def toggle_team_attendee(self, index, who):
            plan = self.pick(self.live_plans(), index)
            plan.attendees ^= {who}
            self.save(plan)

        @rule(given=st.booleans())
        def feoa_consent(self, given):
            candidacy = db.session.scalar(sa.select(Candidacy).where(Candidacy.user_id == self.ids["casey"]))
            candidacy.set_consent(given, "profile")
            db.session.commit()
            self.consent = given

        # -- sessions -------------------------------------------------------------------------
        @rule(who=st.sampled_from(("casey", "val")), index=st.integers(0, 50), ad_hoc=st.booleans(),
              interval=st.sampled_from((5, 10, 30)), hours=st.integers(1, 4))
        def start_session(self, who, index, ad_hoc, interval, hours):
            if any(s.open and s.person == who for s in self.sessions.values()):
                return  # one session at a time, as the start page allows
            plan = None if ad_hoc or not self.live_plans() else self.pick(self.live_plans(), index)
            if plan is not None and who == "val" and "val" not in plan.attendees:
                plan = None  # a team member starts a session from an activity they are going on
            end = self.now() + timedelta(hours=hours)
            session = lifecycle.start_session(self.users[who], expected_end_at=end, interval_minutes=interval,
                                              activity=self.activity(plan) if plan else None,
                                              place="" if plan else "Out on my own")
            db.session.commit()
            self.sessions[session.id] = SessionModel(session.id, who, plan.id if plan else None,
                                                     timedelta(minutes=interval), self.now(), end)

        def open_sessions(self):
            return [s for s in self.sessions.values() if s.open]

        def _checked_in(self, model: SessionModel):
            now = self.now()
            if self.tier_reached(model) > 0:
                self.resolved_rounds.add((model.id, model.round))
            if model.expected_end <= now:
                model.expected_end = now + model.interval
            model.round_start, model.round = now, model.round + 1

        def tier_reached(self, model: SessionModel) -> int:
            return db.session.scalar(sa.select(SafetySession.tier_reached).where(SafetySession.id == model.id))

        @precondition(lambda self: self.open_sessions())
        @rule(index=st.integers(0, 50))
        def check_in_with_the_button(self, index):
            model = self.pick(self.open_sessions(), index)
            self._checked_in(model)
            lifecycle.check_in(model.id, how="button")
            db.session.commit()

        @precondition(lambda self: self.open_sessions())
        @rule(index=st.integers(0, 50))
        def reply_safe(self, index):
            model = self.pick(self.open_sessions(), index)
            for other in self.open_sessions():  # SAFE checks in every open session of that number
                if other.person == model.person:
                    self._checked_in(other)
            handle_inbound(PEOPLE[model.person].mobile, "Safe")
            db.session.commit()

        @precondition(lambda self: self.open_sessions())
        @rule(index=st.integers(0, 50))
        def end_session(self, index):
            model = self.pick(self.open_sessions(), index)
            if self.tier_reached(model) > 0:
                self.resolved_rounds.add((model.id, model.round))
            lifecycle.end_session(model.id)
            db.session.commit()
            model.open = False

        # -- texts in and out -----------------------------------------------------------------
        @rule(who=st.sampled_from(sorted(MOBILES)), word=st.sampled_from(("STOP", "START", "stop ", "Unstop")))
        def reply_stop_or_start(self, who, word):
            handle_inbound(who, word)
            db.session.commit()
            if word.strip().upper() == "STOP":
                self.opted_out.add(who)
            else:
                self.opted_out.discard(who)

        @precondition(lambda self: fake_twilio.sent)
        @rule(index=st.integers(0, 500), status=st.sampled_from(("sent", "delivered", "undelivered", "failed")),
              twice=st.booleans(), opted_out=st.booleans())
        def status_callback(self, index, status, twice, opted_out):
            sid = self.pick(fake_twilio.sent, index)["sid"]
            code = "21610" if status == "failed" and opted_out else ("30003" if status == "undelivered" else None)
            for _ in range(2 if twice else 1):
                apply_receipt(sid, status, code)
                db.session.commit()
            self.sync_opt_outs()

        @rule()
        def status_callback_for_a_message_we_never_sent(self):
            apply_receipt("SM" + "f" * 32, "delivered", None)
            db.session.commit()

        @rule(answer=st.sampled_from((500, 429, 21211, 21610)))
        def provider_fault(self, answer):
            fake_twilio.answer_next(answer)

        @rule(claim=st.integers(1, 6), send=st.integers(0, 6))
        def abandon_a_delivery_mid_batch(self, claim, send):
            """A jobs process claims a batch, hands some of it to the provider, then vanishes."""
            db.session.commit()
            token, rows = claim_due(self.now(), claim, int(LEASE.total_seconds()))
            backends = delivery.backends_for(dict(app.config))
            in_flight: dict = {}
            with ThreadPoolExecutor(max_workers=4) as pool:
                delivery._start_batch(rows[:send], token, self.now(), float("inf"), backends, pool,
                                      delivery.RateLimiter(0), in_flight)
                wait(list(in_flight))
            for future, (outgoing, _token, _attempts) in in_flight.items():
                if future.result().provider_id:
                    self.sid_to_row[future.result().provider_id] = outgoing.id
            db.session.expire_all()

        # -- time -----------------------------------------------------------------------------
        @rule(minutes=st.integers(1, 90))
        def tick(self, minutes):
            """The clock moves and the jobs process runs (as it does every few seconds)."""
            clock.advance(minutes=minutes)
            self.run_jobs()

        @rule(minutes=st.integers(1, 30))
        def jobs_process_down(self, minutes):
            clock.advance(minutes=minutes)

        def run_jobs(self):
            run_jobs(app)
            # Judged against the STOP list as it was when the batch was claimed: a number Twilio
            # refuses (21610) mid-batch is on it from then on.
            self.the_outside_world_received_nothing_wrong()
            self.sync_opt_outs()
            self.judge_new_rows()
            self.check_after_jobs()

        def sync_opt_outs(self):
            self.opted_out |= set(db.session.scalars(sa.select(SmsOptOut.phone)
                                                     .where(SmsOptOut.source == "twilio-21610")))

        # -- what each message may say to whom ------------------------------------------------
        def reminder_entitled(self, plan: PlanModel) -> set:
            owner = PEOPLE["casey"]
            allowed = {owner.mobile, owner.email}
            for key in plan.attendees | plan.companions:
                allowed |= {PEOPLE[key].mobile, PEOPLE[key].email}
            return allowed - {None}

        def contacts(self, model: SessionModel) -> set:
            plan = self.plans.get(model.activity)
            keys = {"casey", "olly"}  # the team's managers: the candidate and the organiser
            if plan is not None:
                keys |= plan.attendees | plan.companions
            keys.discard(model.person)
            allowed = set()
            for key in keys:
                allowed |= {PEOPLE[key].mobile, PEOPLE[key].email}
            if model.person == "casey":
                allowed.add(PEOPLE["eve"].mobile)
            return allowed - {None}

        def judge_new_rows(self):
            """Alerts and digests are judged when written (the moment the contact list was read)."""
            rows = db.session.scalars(sa.select(Message).where(
                sa.or_(Message.kind == "session-alert", Message.dedupe_key.like("digest:%")),
                Message.id.not_in(self.judged_rows or {0}))).all()
            for row in rows:
                self.judged_rows.add(row.id)
                if row.kind == "session-alert":
                    _, session_id, round_seq, *_ = row.dedupe_key.split(":")
                    assert row.recipient in self.contacts(self.sessions[int(session_id)]), \
                        f"alert {row.dedupe_key} to someone who is not a contact of session {session_id}"
                    self.alert_rows.add((int(session_id), int(round_seq), row.channel, row.recipient))
                elif row.dedupe_key.startswith("digest:") and not self.consent:
                    assert PEOPLE["casey"].name not in row.body, "a digest names a candidate who did not consent"

        # -- what the outside world received --------------------------------------------------
        def received(self):
            """(row, recipient, body-or-Message-ID) for everything providers accepted since last time."""
            texts = fake_twilio.sent[self.seen_twilio:]
            self.seen_twilio += len(texts)
            mails = smtp_server.messages[self.seen_smtp:]
            self.seen_smtp += len(mails)
            for text in texts:
                row_id = self.sid_to_row.get(text["sid"]) or db.session.scalar(
                    sa.select(Message.id).where(Message.provider_id == text["sid"]))
                assert row_id, f"Twilio accepted a text we cannot trace to the outbox: {text['sid']}"
                yield db.session.get(Message, row_id), text["To"], text["Body"]
            for mail in mails:
                row_id = int(MESSAGE_ID.search(mail.message["Message-ID"]).group(1))
                if mail.message["Message-ID"] in self.message_ids:
                    FIGURES["email_repeats_with_the_same_message_id"] += 1
                    continue  # the same Message-ID again: the receiving server drops it
                self.message_ids.add(mail.message["Message-ID"])
                yield db.session.get(Message, row_id), mail.rcpt_tos[0], mail.message["Message-ID"]

        @invariant()
        def the_outside_world_received_nothing_wrong(self):
            if not hasattr(self, "users"):
                return
            db.session.expire_all()
            for row, recipient, content in self.received():
                assert row.recipient == recipient
                if row.channel == "sms":
                    assert recipient not in self.opted_out, f"texted {row.kind} to a number that said STOP"
                logical = re.sub(r":sent-\d+$", "", row.dedupe_key)
                kind = row.kind
                # The same words twice to one person: within one activity, or one session round
                # (an all-clear after each of two escalations is right, and reads the same).
                scope = row.activity_id if kind.startswith("reminder-") else ":".join(logical.split(":")[:3])
                pair = (scope, recipient, content)
                if kind.startswith("reminder-"):
                    plan = self.plans[row.activity_id]
                    assert not plan.cancelled, f"{logical} sent for a cancelled activity"
                    assert recipient in self.reminder_entitled(plan), f"{logical} to someone not going"
                    earlier = self.accepted_keys[logical] + self.accepted_pairs[pair]
                    if earlier:
                        replanned = any(moment >= min(earlier) for moment in self.replanned_at[plan.id])
                        assert replanned and not REMINDER_RESEND_FIXED, \
                            f"reminder {logical} received twice (to {MOBILES.get(recipient, recipient)})"
                        self.known_resends += 1  # issue 13 finding 2: re-planned after it went
                elif kind in {"session-alert", "session-all-clear"}:
                    assert not self.accepted_keys[logical], f"{logical} received twice"
                    assert not self.accepted_pairs[pair], f"{logical}: same words twice"
                    _, session_id, round_seq, *rest = logical.split(":")
                    step = (int(session_id), int(round_seq), row.channel, recipient)
                    if kind == "session-alert":
                        self.alerted.add(step)
                    else:
                        assert step in self.alert_rows, f"all-clear {logical} to someone never alerted"
                        self.all_clears[step] += 1
                elif kind in {"session-reminder", "session-are-you-ok"}:
                    session = self.sessions[int(logical.split(":")[1])]
                    assert recipient in {PEOPLE[session.person].mobile, PEOPLE[session.person].email}
                self.accepted_keys[logical].append(self.now())
                self.accepted_pairs[pair].append(self.now())

        def check_after_jobs(self):
            now = self.now()
            db.session.expire_all()
            for model in self.open_sessions():
                tier = self.tier_reached(model)
                escalate_at = model.deadline + GRACE
                if now >= escalate_at + TIER2:
                    assert tier == 2, f"session {model.id}: tier 2 due at {escalate_at + TIER2}, reached {tier}"
                elif now >= escalate_at:
                    assert tier >= 1, f"session {model.id}: tier 1 due at {escalate_at}, not raised by {now}"
            # Digests are built after delivery in a tick: they go at the next one, seconds later.
            written_after_delivery = sa.and_(Message.created_at >= now, Message.kind.not_like("session-%"))
            left = db.session.scalars(sa.select(Message).where(
                Message.status == "created", sa.func.coalesce(Message.next_attempt_at, Message.due_at) <= now,
                sa.or_(Message.expires_at.is_(None), Message.expires_at > now), ~written_after_delivery)).all()
            assert not left, f"due after a jobs tick but unsent: {[m.dedupe_key for m in left]}"
            early = db.session.scalars(sa.select(Message.dedupe_key).where(Message.next_attempt_at < Message.due_at)).all()
            assert not early, f"a retry time before the due time (notify/claims.waiting_by relies on none): {early}"
            for step in self.alerted:
                assert self.all_clears[step] <= 1
            stuck = db.session.scalars(sa.select(Message.dedupe_key).where(
                Message.status == "sending", Message.sent_at.is_(None), Message.lease_until < now)).all()
            assert not stuck, f"still 'sending' after a jobs tick although their lease ran out: {stuck}"

        def teardown(self):
            if not hasattr(self, "users"):
                return
            try:
                clock.advance(LEASE + timedelta(seconds=1))  # let any abandoned claim run out
                self.run_jobs()
                clock.advance(hours=2)  # and any retry after a scripted fault come due
                self.run_jobs()
                self.the_outside_world_received_nothing_wrong()
                for step in self.alerted:
                    session_id, round_seq, *_ = step
                    expected = 1 if (session_id, round_seq) in self.resolved_rounds else 0
                    if self.all_clears[step] != expected and self.failed_or_blocked(step):
                        continue
                    assert self.all_clears[step] == expected, \
                        f"alerted {step[:3]} and got {self.all_clears[step]} all-clears (expected {expected})"
                FIGURES["examples"] += 1
                FIGURES["messages_received"] += self.seen_twilio + self.seen_smtp
                FIGURES["known_resends"] += self.known_resends
                FIGURES["alerts_received"] += len(self.alerted)
                FIGURES["all_clears_received"] += sum(self.all_clears.values())
                FIGURES["sessions"] += len(self.sessions)
                FIGURES["activities"] += len(self.plans)
            finally:
                db.session.rollback()

        def failed_or_blocked(self, step) -> bool:
            """An all-clear the provider refused (a scripted fault, a STOP) is not one the person got."""
            session_id, round_seq, channel, recipient = step
            return db.session.scalar(sa.select(sa.func.count()).select_from(Message).where(
                Message.dedupe_key.like(f"allclear:{session_id}:{round_seq}:{channel}:%"),
                Message.recipient == recipient,
                Message.status.in_(("permanent-failure", "technical-failure", "created")))) > 0

    return Seams


FIGURES: Counter = Counter()


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings, "DELIVERY_CONCURRENCY": 4}


@pytest.mark.both_databases
def test_no_one_gets_a_message_twice_or_one_they_are_not_entitled_to_wherever_features_meet(
        app, clock, fake_twilio, smtp_server, database):
    examples = EXAMPLES or (15 if database == "sqlite" else 10)  # about 60 s in all under `make test`
    machine = build_machine(app, clock, fake_twilio, smtp_server)
    FIGURES.clear()
    machine.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=STEPS, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.filter_too_much])
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(machine, settings=machine.TestCase.settings)
    print(f"\nstateful seams on {database}: {dict(FIGURES)}")
