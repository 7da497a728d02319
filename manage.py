#!/usr/bin/env python
"""Django's manage.py, for habit; `schoolprivacy` is the same with the product commands."""

from schoolprivacy.__main__ import main

if __name__ == "__main__":
    main()
