"""Background tasks of the photo library."""

from django.tasks import task

from schoolprivacy.photos.services import faces_detect


@task()
def detect_faces_task(photo_id: int) -> int:
    """Find the faces of a freshly uploaded photo; enqueued after the upload's commit."""
    return faces_detect(photo_id=photo_id)
