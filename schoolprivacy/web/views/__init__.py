"""Staff pages of the web app: the start page, schools and groups (home.py), pupils and their
records (pupils.py), the audit viewer (audit.py) and parent invitations (invitations.py)."""
