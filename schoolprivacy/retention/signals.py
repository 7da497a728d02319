"""What the erasure engine tells apps above it, without knowing them (dependencies point down)."""

from django.dispatch import Signal

# Sent by `erasure_confirm` inside its transaction, just before the apps erase, with `erasure`
# (the SubjectErasure), `subject` (a DataSubject), `categories` (the taxonomy keys that go) and
# `actor` (who confirmed).
# What a receiver writes commits or rolls back with the erasure. The requests app records the
# GDPR art. 19 notices here, while the registry can still say who received the data.
erasure_starting = Signal()
