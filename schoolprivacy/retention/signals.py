"""What the erasure engine tells apps above it, without knowing them (dependencies point down)."""

from django.dispatch import Signal

# Sent by `erasure_confirm` inside its transaction, just before the apps erase, with `erasure`
# (the SubjectErasure), `subject` (a DataSubject), `categories` (the taxonomy keys that go) and
# `actor` (who confirmed).
# What a receiver writes commits or rolls back with the erasure. The requests app records the
# GDPR art. 19 notices here, while the registry can still say who received the data.
erasure_starting = Signal()

# Sent by the purge (`retention.engine`) inside each batch's transaction, just before the apps
# erase, with `board_id`, `run` (the PurgeRun) and `erasing`: a list of (DataSubject, the
# taxonomy keys of theirs that go). Never sent by a dry run. An erasure because a retention
# period ended is one under GDPR art. 17(1)(a), so art. 19 applies as to one on request: the
# requests app records the notices to the recipients here (decision 0057).
purge_erasing = Signal()

# Sent by the purge when a run stops, done or failed, with `board_id` and `run`, after what its
# batches wrote has committed (or, inside a caller's transaction, at its commit). The requests
# app mails each recipient one digest of the run's notices here (decision 0057, amended).
purge_ended = Signal()
