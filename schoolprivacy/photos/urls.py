from django.urls import path

from schoolprivacy.photos import (
    views,
    views_checks,
    views_consent,
    views_photo,
    views_portal,
    views_public,
)

app_name = "photos"
urlpatterns = [
    path("fotos/", views.library, name="library"),
    path("fotos/uploaden/", views.upload, name="upload"),
    path("fotos/activiteiten/nieuw/", views.event_create_view, name="event_create"),
    path("fotos/<int:photo_id>/", views_photo.photo_detail, name="photo"),
    path("fotos/<int:photo_id>/voorbeeld/", views_photo.photo_preview, name="preview"),
    path("fotos/<int:photo_id>/gezichten/", views_photo.faces_tag_view, name="faces_tag"),
    path(
        "fotos/<int:photo_id>/gezichten/<int:face_id>/", views_photo.face_tag_view, name="face_tag"
    ),
    path("fotos/<int:photo_id>/publiceren/", views_photo.publish_view, name="publish"),
    path(
        "fotos/publicaties/<int:publication_id>/offline/",
        views_photo.publication_withdraw_view,
        name="publication_withdraw",
    ),
    path("fotos/wie-mag-erop/", views_consent.who_may_appear, name="who_may_appear"),
    path("fotos/terughalen/", views_consent.takedowns, name="takedowns"),
    path("fotos/controle/", views_checks.consent_effects, name="consent_effects"),
    path(
        "fotos/terughalen/<int:takedown_id>/",
        views_consent.takedown_done_view,
        name="takedown_done",
    ),
    # Parents: their child's photo with every other face blurred.
    path(
        "ouders/kinderen/<int:pupil_id>/fotos/<int:photo_id>.jpg",
        views_portal.child_photo,
        name="portal_photo",
    ),
    # The published rendition, by its unguessable token; never the original.
    path("p/<str:token>.jpg", views_public.rendition, name="rendition"),
]
