"""Consent pages: the parent portal, the pupil's own page, staff group lists, a pupil's records,
the school and board overviews, and what they share (common.py)."""
