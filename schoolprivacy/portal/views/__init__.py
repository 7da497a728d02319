"""Parent portal pages: a parent's children (children.py), what the school holds about a child
(data.py), and the adult pupil's choice about their parents (adult.py)."""
