"""Shared by the multipart uploads and the file downloads of the API (not a router).

An upload goes through the same service as the page's, which applies ``core.uploads``' policy for its
purpose (type and size; 400 with the policy's bilingual reason). A download is served only after the
same read the page makes (out of scope or missing: 404), never from a public /media/ URL.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from ninja.files import UploadedFile

from chumchon.core.bilingual import bilingual

# The documented 200 of a download: the file's bytes.
FILE_RESPONSE = {
    "200": {
        "description": "The file",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def file_required(file: UploadedFile | None) -> UploadedFile:
    """The file of a multipart upload; none (or an empty part) is refused with the page's words (400).
    Declared optional in the schema so that a request without it is a 400 with this reason, not a 422."""
    if file is None or not file.size:
        raise ValidationError(bilingual("กรุณาเลือกไฟล์", "Please choose a file"))
    return file


def serve(file: Any, *, as_attachment: bool = False) -> FileResponse:
    """A stored file's bytes (404 when there is none or it is gone from the storage)."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment, filename=file.name.rsplit("/", 1)[-1])
