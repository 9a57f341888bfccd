"""Reporting rounds (issue 11): open a round, chase missing updates, close, publish a snapshot.

models/      the round, its published snapshot and the reminders sent (in the plans app)
rules.py     what a round update must say (shared by forms and services)
services.py  writes: open, close, publish, an update for a round, reminders sent
selectors.py reads: updates due, completeness, ratings in a round, direction of travel
views.py     the round pages; board_pack.py the Word and Excel packs; reminders.py the digests
"""
