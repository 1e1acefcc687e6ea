"""`transition export ics`: an iCalendar feed that icalendar parses back, stable across runs."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from nhs_transition.cli import app
from tests.test_cli_status import ENV, ORGANISATIONS, write_plan

runner = CliRunner()

TIMELINE = """\
programme:
  id: p
  name: Feed, test; programme
  start: 2010-01-01
  status_date: 2010-06-01
milestones:
  - id: consultation
    title: Consultation closes
    owner: nhs-ceo
    workstream: legislation
    due: 2010-05-01
    actual: 2010-05-03
  - id: response
    title: "Government response; first draft, with commas"
    owner: london-ceo
    workstream: legislation
    duration: 4w
    depends_on: [consultation]
    due: 2010-07-15
    history:
      - date: 2010-04-01
        forecast: 2010-07-20
        reason: drafting slow
      - date: 2010-05-20
        forecast: 2010-07-20
        reason: still July
      - date: 2010-08-01
        forecast: 2010-09-30
        reason: summer recess
  - id: undated
    title: Something without a deadline
    owner: cqc-chair
"""


def _export(plan: Path, *args: str) -> str:
    result = runner.invoke(app, ["export", "ics", "--plan", str(plan), *args], env=ENV)
    assert result.exit_code == 0, result.output
    # The bytes: the runner's `stdout` turns CRLF into LF, and iCalendar lines end in CRLF.
    return result.stdout_bytes.decode("utf-8")


def _events(text: str) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(text)
    events = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in events, f"duplicate UID {uid}"
        events[uid] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "stamp": event.decoded("DTSTAMP"),
            "sequence": int(event["SEQUENCE"]),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "start_line": event["DTSTART"].to_ical().decode(),
            "params": dict(event["DTSTART"].params),
        }
    return events


def test_feed_parses_back_with_rfc5545_basics(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS)
    text = _export(plan)
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines are folded"
    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    events = _events(text)
    assert sorted(events) == [
        "consultation.deadline@p.transition",
        "consultation.expected@p.transition",
        "response.deadline@p.transition",
        "response.expected@p.transition",
    ]  # `undated`: no deadline, no date on evidence, not silent: no day to put on a calendar
    for event in events.values():
        # All-day events: DTSTART a DATE (VALUE=DATE), not a date-time; one day long.
        assert type(event["start"]) is date
        assert event["params"].get("VALUE") == "DATE"
        assert event["end"] == event["start"] + (date(2010, 1, 2) - date(2010, 1, 1))
        # DTSTAMP: a UTC date-time fixed by the as-of date, not the clock.
        assert isinstance(event["stamp"], datetime)
        assert event["stamp"].isoformat() == "2010-06-01T00:00:00+00:00"
    done = events["consultation.expected@p.transition"]
    assert done["start"] == date(2010, 5, 3)
    assert done["summary"] == "Achieved: Consultation closes"
    response = events["response.deadline@p.transition"]
    assert response["summary"] == "Deadline: Government response; first draft, with commas"
    assert response["start"] == date(2010, 7, 15)
    description = str(response["description"])
    assert "Rating: " in description
    assert "Owner: " in description and "[london-ceo]" in description
    assert "Deadline: 2010-07-15" in description


def test_same_plan_same_day_same_bytes_and_output_file(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS)
    first = _export(plan, "--as-of", "2010-06-01")
    assert _export(plan, "--as-of", "2010-06-01") == first
    target = tmp_path / "out.ics"
    assert _export(plan, "--as-of", "2010-06-01", "-o", str(target)) == ""
    assert target.read_bytes().decode() == first


def test_moved_milestone_keeps_uid_and_raises_sequence(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS)
    before = _events(_export(plan, "--as-of", "2010-03-01"))
    middle = _events(_export(plan, "--as-of", "2010-06-01"))
    after = _events(_export(plan, "--as-of", "2010-08-15"))
    uid = "response.expected@p.transition"
    # Before any report nothing says when (not yet due, no forecast): no expected-date event,
    # only the deadline. Each report that moves it raises SEQUENCE, a confirmation ("still
    # July") does not.
    assert uid not in before and "response.deadline@p.transition" in before
    assert middle[uid]["sequence"] == 1
    assert middle[uid]["start"] == date(2010, 7, 20)
    assert after[uid]["sequence"] == 2
    assert after[uid]["start"] == date(2010, 9, 30)
    # The deadline did not move: same UID, same SEQUENCE, later DTSTAMP.
    deadline = "response.deadline@p.transition"
    assert before[deadline]["sequence"] == middle[deadline]["sequence"] == 0
    assert after[deadline]["start"] == date(2010, 7, 15)
    assert after[deadline]["stamp"] > before[deadline]["stamp"]
    # The achieved milestone: its actual differs from the deadline, one move once recorded.
    assert "consultation.expected@p.transition" not in before  # not yet due, nothing says when
    assert middle["consultation.expected@p.transition"]["sequence"] == 1


def test_filters_as_status(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS)
    events = _events(_export(plan, "--organisation", "sha-london"))
    assert sorted(events) == ["response.deadline@p.transition", "response.expected@p.transition"]
    events = _events(_export(plan, "--rating", "done"))
    assert {uid.split(".")[0] for uid in events} == {"consultation"}
    result = runner.invoke(
        app, ["export", "ics", "--plan", str(plan), "--owner", "nobody"], env=ENV
    )
    assert result.exit_code == 2
    assert "--owner: no post or organisation 'nobody'" in result.stderr
    assert result.stdout == ""


def test_shipped_plan_exports_an_event_per_date() -> None:
    result = runner.invoke(app, ["export", "ics"], env=ENV)
    assert result.exit_code == 0, result.stderr
    events = _events(result.stdout_bytes.decode("utf-8"))
    # every milestone, a cascade's children (one per organisation) among them
    status = runner.invoke(app, ["status", "--expand", "--format", "json"], env=ENV)
    milestones = json.loads(status.stdout)["milestones"]
    # An expected-date event where there is a date on evidence, an actual, silence (awaiting a
    # return) or a cancellation; none where nothing says when (status: "no forecast").
    expected = {
        f"{m['id']}.expected@ltn.transition"
        for m in milestones
        if m["expected"] or m["actual"] or m["rating"] in ("unknown", "cancelled")
    }
    expected |= {f"{m['id']}.deadline@ltn.transition" for m in milestones if m["due"]}
    assert set(events) == expected
    summaries = [e["summary"] for e in events.values()]
    awaiting = [m for m in milestones if m["rating"] == "unknown"]
    assert sum(s.startswith("Awaiting a return: ") for s in summaries) == len(awaiting)


SILENT_AND_CANCELLED = """\
programme:
  id: p
  name: Silence
  start: 2010-01-01
  status_date: 2010-06-01
milestones:
  - id: silent
    title: Nothing recorded
    owner: nhs-ceo
    due: 2010-03-01
  - id: dropped
    title: Dropped
    owner: nhs-ceo
    due: 2010-09-01
    history:
      - date: 2010-04-01
        status: cancelled
        reason: policy changed
"""


def test_silent_and_cancelled_milestones(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", SILENT_AND_CANCELLED, ORGANISATIONS)
    calendar = Calendar.from_ical(_export(plan))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    silent = events["silent.expected@p.transition"]
    # The record is silent: not shown as late, but as awaiting a return.
    assert str(silent["SUMMARY"]) == "Awaiting a return: Nothing recorded"
    assert "Rating: unknown" in str(silent["DESCRIPTION"])
    assert "STATUS" not in silent
    for kind in ("deadline", "expected"):
        dropped = events[f"dropped.{kind}@p.transition"]
        assert str(dropped["STATUS"]) == "CANCELLED"
        assert int(dropped["SEQUENCE"]) == 1
    before = Calendar.from_ical(_export(plan, "--as-of", "2010-03-15"))
    earlier = {str(e["UID"]): e for e in before.walk("VEVENT")}
    assert int(earlier["dropped.deadline@p.transition"]["SEQUENCE"]) == 0
    assert "STATUS" not in earlier["dropped.deadline@p.transition"]


def _icalendar_feed(text: str) -> str:
    """The same feed built with the `icalendar` library from the parsed events of `text`: the
    reference our hand-written lines must equal, byte for byte."""
    from icalendar import Event

    parsed = Calendar.from_ical(text)
    cal = Calendar()
    for key in ("prodid", "version", "calscale", "method", "x-wr-calname", "x-wr-caldesc"):
        cal.add(key, str(parsed[key]))
    for source in parsed.walk("VEVENT"):
        event = Event()
        event.add("uid", str(source["UID"]))
        event.add("dtstamp", source.decoded("DTSTAMP"))
        event.add("dtstart", source.decoded("DTSTART"))
        event.add("dtend", source.decoded("DTEND"))
        event.add("sequence", int(source["SEQUENCE"]))
        event.add("summary", str(source["SUMMARY"]))
        event.add("description", str(source["DESCRIPTION"]))
        if "CATEGORIES" in source:
            event.add("categories", [str(c) for c in source["CATEGORIES"].cats])
        event.add("transp", "TRANSPARENT")
        if "STATUS" in source:
            event.add("status", str(source["STATUS"]))
        cal.add_component(event)
    feed: str = cal.to_ical().decode("utf-8")
    return feed


TRICKY = [
    "Comma, semicolon; backslash \\ caret ^ and a colon: here",
    "Ünïcödé títle with emoji 🎉 and CJK 漢字 " * 3,
    "x" * 73 + "\\n stays literal",
    "a" * 72 + "é" + "b" * 80,
    "ends with a backslash \\",
]


def test_feed_lines_are_those_icalendar_writes(tmp_path: Path) -> None:
    timeline = TIMELINE + "".join(
        f"  - id: tricky-{i}\n    title: {json.dumps(title, ensure_ascii=False)}\n    owner: nhs-ceo\n"
        f"    due: 2010-0{i + 1}-15\n"
        for i, title in enumerate(TRICKY)
    )
    plan = write_plan(tmp_path / "plan", timeline, ORGANISATIONS)
    for as_of in ("2010-03-01", "2010-08-15"):
        text = _export(plan, "--as-of", as_of)
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
        assert text == _icalendar_feed(text)
        summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(text).walk("VEVENT")}
        assert {f"Deadline: {' '.join(t.split())}" for t in TRICKY} <= summaries
    shipped = runner.invoke(app, ["export", "ics"], env=ENV).stdout_bytes.decode("utf-8")
    assert shipped == _icalendar_feed(shipped)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300))
def test_any_text_folds_and_escapes_as_icalendar_does(title: str) -> None:
    from nhs_transition.interop.ics import _line

    # Text as the plan holds it: no control characters (a title is one line).

    line = _line("SUMMARY:", title)
    assert all(len(part.encode()) <= 75 for part in line.split("\r\n"))
    parsed = Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{line}\r\nEND:VCALENDAR\r\n")
    assert str(parsed["SUMMARY"]) == title
    if "\\N" not in title:  # icalendar reads a written '\N' as a line break; we keep it
        reference = Calendar()
        reference.add("summary", title)
        assert reference.to_ical().decode() == f"BEGIN:VCALENDAR\r\n{line}\r\nEND:VCALENDAR\r\n"
