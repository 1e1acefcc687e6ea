"""Other tools' formats: iCalendar out, MS Project XML (MSPDI) out and in (text in, text out).

- `ics`: an evaluated plan -> an iCalendar feed of all-day events (deadlines, expected dates).
- `mspdi_write`: a scheduled plan -> MSPDI XML that MS Project, ProjectLibre and MPXJ read.
- `mspdi_read`: MSPDI XML -> plan files (YAML text) and a report of what could not be kept.

No module here reads or writes files; `cli/` does.
"""
