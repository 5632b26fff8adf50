"""Bringing a plan in and out: iCalendar, spreadsheets and CSV → a commented calendar file, and
a calendar → a spreadsheet that reads back to the same calendar.

Readers (`ical_in`, `sheet_in`) turn a source into `Record`s (`records`); `build` turns records
into a `Draft`, guessing what the source does not say (`guess`), and `write` renders the draft
as YAML with a comment on every guess. `sheet_out` is the way back. Nothing here prints.
"""
