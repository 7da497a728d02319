"""The STORAGES entry for photos, from the environment's choices (used by settings.py and by the
tests that run the S3 variant against an in-process S3)."""

from pathlib import Path


def photo_storage_setting(
    kind: str, *, root: Path, bucket: str = "", endpoint_url: str = "", region: str = ""
) -> dict[str, object]:
    if kind == "s3":
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint_url or None,
                "region_name": region or None,
                # Private objects only: no public ACL, and the app never hands out bucket URLs.
                "default_acl": "private",
                "querystring_auth": True,
                # Random names already; never silently replace an object that exists.
                "file_overwrite": False,
            },
        }
    # No URLs at all: a stored photo has no address to leak.
    return {
        "BACKEND": "schoolprivacy.photos.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(root)},
    }
