"""The breach register with the 72-hour clock."""
