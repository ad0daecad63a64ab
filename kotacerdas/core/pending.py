"""Files kept between two requests: an uploaded spreadsheet between its preview and its confirmation, or an evidence
file between a form's "save anyway?" question and the answer.

No model holds such a file. It is saved with the default storage under a random name in the store's folder, and
its name travels to the next request in a signed token that is bound to what the page is about (a participation,
a stage) and to the user; a token made for something else, forged or older than ``max_age`` reads as nothing.
``clean_pending_files`` (a daily command, docs/deployment.md) deletes what stayed in any store after its
``max_age``: every store is registered here when it is made, so the command finds them all.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

DAY = 24 * 60 * 60
EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,9}")

STORES: list["PendingFiles"] = []


@dataclass(frozen=True)
class Kept:
    """A kept file: its storage name and the name it was uploaded under."""

    name: str
    filename: str


@dataclass(frozen=True)
class PendingFiles:
    """One folder of kept files, e.g. ``PendingFiles("imports/bimtek/", salt="kotacerdas.bimtek.import")``."""

    directory: str
    salt: str
    max_age: int = DAY

    def __post_init__(self):
        if any(store.directory == self.directory for store in STORES):
            raise ValueError(f"Two stores of kept files share {self.directory}")
        STORES.append(self)

    @property
    def stored_name(self) -> re.Pattern:
        """Names this store gives, and the only ones it reads or deletes."""
        return re.compile(rf"^{re.escape(self.directory)}[0-9a-f]{{32}}({EXTENSION.pattern})?$")

    def keep(self, content, *, filename: str, extension: str, bound_to: dict) -> str:
        """Save ``content`` (bytes or an uploaded file) and answer the token that finds it again. ``bound_to``
        (small values, e.g. ``{"p": participation.pk, "u": user.pk}``) must be given again to read it."""
        extension = extension if EXTENSION.fullmatch(extension or "") else ""
        if isinstance(content, bytes):
            content = ContentFile(content)
        name = default_storage.save(f"{self.directory}{uuid.uuid4().hex}{extension}", content)
        payload = {**bound_to, "f": name, "n": (filename or "")[:200]}
        return signing.dumps(payload, salt=self.salt, compress=True)

    def find(self, token: str, *, bound_to: dict) -> Kept | None:
        """The file the token names, or None when the token is forged, expired, made for another ``bound_to``, or
        its file is gone."""
        if not token:
            return None
        try:
            payload = signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.BadSignature:
            return None
        if not isinstance(payload, dict) or any(payload.get(key) != value for key, value in bound_to.items()):
            return None
        name = str(payload.get("f", ""))
        if not self.stored_name.match(name) or not default_storage.exists(name):
            return None
        return Kept(name=name, filename=str(payload.get("n") or name.rsplit("/", 1)[-1]))

    def read(self, kept: Kept | None) -> bytes | None:
        if kept is None:
            return None
        try:
            with default_storage.open(kept.name, "rb") as handle:
                return handle.read()
        except (FileNotFoundError, OSError):
            return None

    def discard(self, kept: Kept | None) -> None:
        if kept is not None and self.stored_name.match(kept.name):
            default_storage.delete(kept.name)

    def clean(self, *, now: datetime.datetime | None = None) -> int:
        """Delete this store's files older than ``max_age``; anything else in the folder is not ours. Answers how
        many were deleted."""
        cutoff = (now or timezone.now()) - datetime.timedelta(seconds=self.max_age)
        try:
            _dirs, files = default_storage.listdir(self.directory)
        except FileNotFoundError:
            return 0
        removed = 0
        for filename in files:
            name = f"{self.directory}{filename}"
            if self.stored_name.match(name) and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        return removed
