"""Staff pages of the requests app (staff.py) and the package download (download.py)."""
