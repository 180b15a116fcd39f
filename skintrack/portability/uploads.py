"""Upload size limits, enforced while the request body streams in.

`SizeLimitUploadHandler` is the first of FILE_UPLOAD_HANDLERS. A file larger than the view's
limit (10 MB unless the view says otherwise with `@upload_limit`) is refused before it is
stored: when the request's Content-Length already says it is too big, at the file's first
byte; otherwise as soon as the running count passes the limit. The handler raises
`StopUpload`, so Django drops the part stored so far (a temporary file is deleted) and
discards the rest of the body without keeping it; the view finds `request.upload_refused`
and answers 400 with the message. Form fields sent before the file (the CSRF token comes
first in our forms) are kept, so the refusal is a readable page, not a CSRF failure.

Discarding still reads the body off the socket. A proxy in front (nginx
`client_max_body_size 60m`) should cap what reaches Django at all.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

MB = 1024 * 1024
DEFAULT_LIMIT = 10 * MB
# Room for the other form fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


def upload_limit(max_bytes: int):
    """Give a view a different file size limit than the default 10 MB."""

    def decorator(view):
        view.upload_limit = max_bytes
        return view

    return decorator


def limit_for(request) -> int:
    match = getattr(request, "resolver_match", None)
    view = match.func if match is not None else None
    return getattr(view, "upload_limit", DEFAULT_LIMIT)


def too_large_message(limit: int) -> str:
    return f"That file is larger than {limit // MB} MB, the most we accept. Nothing was saved."


class SizeLimitUploadHandler(FileUploadHandler):
    """Refuses a file over the view's limit before it is read in full. Stores nothing
    itself: the handlers after it (memory, then temporary file) keep the accepted bytes."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = limit_for(self.request)
        self.body_too_large = content_length > self.limit + FORM_OVERHEAD
        return None  # parse as usual

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.body_too_large or (self.content_length or 0) > self.limit:
            self.refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the uploaded file

    def refuse(self):
        if self.request is not None:
            self.request.upload_refused = too_large_message(self.limit)
        raise StopUpload(connection_reset=False)
