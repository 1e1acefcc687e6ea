"""The starter plan `transition init` writes: small, commented, dated around the day it is made.

A generic programme (an office move with a new booking system): two organisations, two posts,
five milestones with dependencies, a programme deadline, one milestone done, one re-forecast
with its history entry. It passes `check --strict` and rates something amber on `status`.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import format_day

ORGANISATIONS = """\
# Who does the work. A milestone's `owner` is a post (roles) or an organisation.
#
# organisations: id, name, type, parent (another organisation), region, established, abolished
# roles:         id, title, organisation, holder (the person in post)
#
# Ids are lower-case letters, digits and hyphens. `transition schema` prints the JSON Schema
# of these files, for editors that complete and check YAML as you type.

organisations:
  - id: company
    name: Northwind Ltd
    type: company
  - id: it
    name: IT department
    type: department
    parent: company

roles:
  - id: programme-director
    title: Programme director
    organisation: company
    holder: Sam Taylor
  - id: head-of-it
    title: Head of IT
    organisation: it
    holder: Alex Morgan
"""

TIMELINE = """\
# The plan: the programme and its milestones.
#
#   transition check       validate (every problem at file:line:column)
#   transition status      rate every milestone red / amber / green / done
#   transition update ID   record a report: --forecast, --actual, --due, --cancel, --reason
#
# Dates may be written '{example}', '{iso}', 'March 2027', 'Q3 2027', 'end of 2027', ...
# Durations: 10d (days), 6w (weeks), 3m (months), 10wd (working days).

programme:
  id: office-move
  name: Office move and new booking system
  start: {start}
  deadline: {deadline}
  # status_date: {today}  # evaluate as of this day; without it, as of today

milestones:
  - id: lease-signed
    title: Lease for the new office signed
    owner: programme-director
    workstream: premises
    due: {lease_due}
    actual: {lease_actual}  # done: the day it happened

  - id: fit-out-complete
    title: Fit-out of the new office complete
    owner: company
    workstream: premises
    due: {fit_out_due}
    duration: 6w  # work needed once its dependencies allow it to start
    depends_on: [lease-signed]  # finish-to-start; also {{id: x, type: SS, lag: 1w}}

  - id: booking-system-live
    title: New desk booking system live
    owner: head-of-it
    workstream: systems
    due: {booking_due}  # the baseline commitment
    forecast: {booking_forecast}  # the owner's current forecast
    history:  # reports, oldest first (`transition update` appends)
      - date: {booking_reported}
        forecast: {booking_forecast}
        reason: Supplier needs two more weeks to set up single sign-on

  - id: staff-trained
    title: Staff trained on the booking system
    owner: head-of-it
    workstream: systems
    due: {training_due}
    duration: 1w
    depends_on: [booking-system-live]

  - id: move-complete
    title: Everyone working from the new office
    owner: programme-director
    workstream: premises
    due: {move_due}
    depends_on: [fit-out-complete, staff-trained]
"""


def starter_plan(today: date) -> dict[str, str]:
    """{file name: text} of the starter plan, dated around `today`."""

    def day(weeks: int, days: int = 0) -> str:
        return format_day(today + timedelta(weeks=weeks, days=days))

    month = format_day(today + timedelta(weeks=10)).split(" ", 1)[1]  # 'March 2027'
    timeline = TIMELINE.format(
        example=format_day(today),
        iso=today.isoformat(),
        today=format_day(today),
        start=day(-6),
        deadline=f"end of {month}",
        lease_due=day(-4),
        lease_actual=day(-4, -2),
        fit_out_due=day(6),
        booking_due=day(4),
        booking_forecast=day(6),
        booking_reported=day(-1),
        training_due=day(8),
        move_due=f"end of {month}",
    )
    return {"organisations.yaml": ORGANISATIONS, "timeline.yaml": timeline}
