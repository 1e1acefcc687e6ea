"""Other tools' formats: iCalendar out, MS Project XML (MSPDI) out and in (text in, text out).

- `ics`: an evaluated plan -> an iCalendar feed of all-day events (deadlines, expected dates).
- `mspdi_write`: a scheduled plan -> MSPDI XML that MS Project, ProjectLibre and MPXJ read.
- `mspdi_xml`: MSPDI bytes -> the parts of the project the import reads, parsed safely.
- `mspdi_read`: that project -> plan files (YAML text) and a report of what was not kept;
  `mspdi_owners` turns its resources into owners.
- `plan_text`: plan files written as YAML text (no YAML library outside yamlsrc/).

No module here reads or writes files; `cli/` does.
"""
