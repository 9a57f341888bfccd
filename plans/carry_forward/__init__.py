"""Carry-forward (issue 12): a new plan replaces an old one (2015/16 -> 2016/17).

An admin links the plan to its predecessor; the new plan's actions are paired with the old
one's by similarity of their texts (importers.reading.matching; refs are left out, since next
year's plan renumbers last year's actions) for the admin to confirm or correct. A paired
action shows its predecessor's rating history on its page, and the old plan is archived.
"""
