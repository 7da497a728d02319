"""Processors of digital learning material: agreements, data sets, roster exports."""
