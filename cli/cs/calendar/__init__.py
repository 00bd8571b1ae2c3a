"""Service calendars: which hours apply on a day and why, transitions, holidays."""
