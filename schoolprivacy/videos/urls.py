from django.urls import path

from schoolprivacy.videos.views import checks, library, portal, public, takedowns, video

app_name = "videos"
urlpatterns = [
    path("videos/", library.library, name="library"),
    path("videos/uploaden/", library.upload, name="upload"),
    path("videos/<int:video_id>/", video.video_detail, name="video"),
    path("videos/<int:video_id>/bestand/", video.video_original, name="original"),
    path("videos/<int:video_id>/poster.jpg", video.video_poster, name="poster"),
    path("videos/<int:video_id>/leerlingen/", video.pupils_view, name="pupils"),
    path(
        "videos/<int:video_id>/gezichten/",
        video.face_mark_view,
        name="face_mark",
    ),
    path("videos/<int:video_id>/publiceren/", video.publish_view, name="publish"),
    path(
        "videos/publicaties/<int:video_publication_id>/offline/",
        video.publication_withdraw_view,
        name="publication_withdraw",
    ),
    path("videos/controle/", checks.video_checks, name="checks"),
    path("videos/terughalen/", takedowns.takedowns, name="takedowns"),
    path(
        "videos/terughalen/<int:video_takedown_id>/",
        takedowns.takedown_done_view,
        name="takedown_done",
    ),
    # Parents: the poster (every face blurred) of a video their child is listed in.
    path(
        "ouders/kinderen/<int:pupil_id>/videos/<int:video_id>.jpg",
        portal.child_video_poster,
        name="portal_poster",
    ),
    # The published file, by its unguessable token; never the original.
    path("v/<str:token>", public.rendition, name="rendition"),
]
