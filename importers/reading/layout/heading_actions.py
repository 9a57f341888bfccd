"""Placeholder: filled in below."""

from __future__ import annotations


def read_heading_actions(document):
    return None
