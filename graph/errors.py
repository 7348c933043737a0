"""One error hierarchy.  Messages say what was expected, what was found, and the valid options."""


class ActorGraphError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(ActorGraphError):
    """A file or a value given by the user cannot be used."""


class DocumentError(InputError):
    """A document cannot be ingested (empty, not UTF-8, not an article, too large)."""


class TooLargeError(DocumentError):
    """A document or an upload is larger than the configured limit (HTTP 413)."""


class ModelError(ActorGraphError):
    """The NER model is missing or cannot be loaded."""


class NotFoundError(ActorGraphError):
    """An actor, document or relation id is unknown."""

    def __init__(self, message: str, suggestions: list[dict] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class StoreError(ActorGraphError):
    """The store refused a write (a broken reference) or cannot be reached."""
