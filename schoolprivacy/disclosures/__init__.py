"""Sharing with other organisations: only on a legal basis or with consent, logged."""
