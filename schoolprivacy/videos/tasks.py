"""Background tasks of the videos: processing an upload, making a publication's file, blurring an
original for good after an erasure. Each is idempotent and safe to run twice."""

from django.tasks import task

from schoolprivacy.videos.rendering import original_blur, publication_render_run
from schoolprivacy.videos.services import video_process


@task()
def process_video_task(video_id: int) -> int:
    """Count faces in sampled frames and make the poster; enqueued after the upload's commit."""
    return video_process(video_id=video_id)


@task()
def render_publication_task(publication_id: int, version: int) -> str:
    """Make the file of one version of a publication (copy, mute or blur every face)."""
    return publication_render_run(publication_id=publication_id, version=version)


@task()
def blur_original_task(video_id: int) -> bool:
    """After an erasure: replace the stored original by one with every face blurred."""
    return original_blur(video_id=video_id)
