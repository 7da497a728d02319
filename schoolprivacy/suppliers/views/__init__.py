"""Pages of the processor register (register.py) and of roster exports (exports.py)."""
