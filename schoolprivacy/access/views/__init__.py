"""Pages of the access app: exception grants, emergency access, and the read-log oversight."""
