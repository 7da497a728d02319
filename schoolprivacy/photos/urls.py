from django.urls import path

from schoolprivacy.photos.views import checks, consent, library, photo, portal, public

app_name = "photos"
urlpatterns = [
    path("fotos/", library.library, name="library"),
    path("fotos/uploaden/", library.upload, name="upload"),
    path("fotos/activiteiten/nieuw/", library.event_create_view, name="event_create"),
    path("fotos/<int:photo_id>/", photo.photo_detail, name="photo"),
    path("fotos/<int:photo_id>/voorbeeld/", photo.photo_preview, name="preview"),
    path("fotos/<int:photo_id>/gezichten/", photo.faces_tag_view, name="faces_tag"),
    path("fotos/<int:photo_id>/gezichten/<int:face_id>/", photo.face_tag_view, name="face_tag"),
    path("fotos/<int:photo_id>/publiceren/", photo.publish_view, name="publish"),
    path(
        "fotos/publicaties/<int:publication_id>/offline/",
        photo.publication_withdraw_view,
        name="publication_withdraw",
    ),
    path("fotos/wie-mag-erop/", consent.who_may_appear, name="who_may_appear"),
    path("fotos/terughalen/", consent.takedowns, name="takedowns"),
    path("fotos/controle/", checks.consent_effects, name="consent_effects"),
    path(
        "fotos/terughalen/<int:takedown_id>/",
        consent.takedown_done_view,
        name="takedown_done",
    ),
    # Parents: their child's photo with every other face blurred.
    path(
        "ouders/kinderen/<int:pupil_id>/fotos/<int:photo_id>.jpg",
        portal.child_photo,
        name="portal_photo",
    ),
    # The published rendition, by its unguessable token; never the original.
    path("p/<str:token>.jpg", public.rendition, name="rendition"),
]
