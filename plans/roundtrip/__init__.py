"""The Excel round trip (issue 12): a commissioner downloads the actions they may rate as a
workbook, fills it in offline, uploads it, checks what will be recorded and confirms.

workbook.py writes the workbook; importers.reading.rating_workbook reads a returned one (in a
bounded child process); review.py checks each filled row by the web form's rules; services.py
stores the upload and records the ratings through the one rating service.
"""
