"""Pages of the photo library: the library and upload (library.py), one photo (photo.py), who may
appear and the takedowns (consent.py), the consent checks (checks.py), a parent's view of their
child's photo (portal.py) and the published rendition (public.py)."""
