"""Pages of the videos: the library and upload (library.py), one video (video.py), the takedowns
(takedowns.py), a parent's view (portal.py) and the published file (public.py)."""
