"""The state of an event's scoring board, named by a version that every change of its sessions or score sheets
moves.

The live scoring board is polled every 10 seconds by every secretariat user who has it open and is served from a
cache keyed by this version (``board.board_html``). Reading the version is one cache read; computing
a fingerprint of the sheets instead (counts and latest changes over every sheet of the event) cost the database
2 ms a poll under load. The version moves once the change is committed (a render that started before the commit
and finished after it cannot be kept under the new version). A change made without ``save()``/``delete()`` (a
queryset update) does not move it; the board's cache lifetime, its own refresh period, bounds how long such a
change goes unseen.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# A version unread for this long is forgotten; the next look starts a new one (and so renders the board anew).
VERSION_SECONDS = 24 * 60 * 60


def _key(event_id: int) -> str:
    return f"scoring-board:{event_id}:version"


def board_version(event_id: int) -> str:
    version = cache.get(_key(event_id))
    if version is None:
        cache.add(_key(event_id), uuid.uuid4().hex, VERSION_SECONDS)  # the first of racing processes wins
        version = cache.get(_key(event_id))
    return version


def board_changed(event_id: int) -> None:
    transaction.on_commit(lambda: cache.set(_key(event_id), uuid.uuid4().hex, VERSION_SECONDS))


def _session_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # rows loaded from a backup: no board is open on a database being restored
        board_changed(instance.event_id)


def _sheet_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        board_changed(instance.session.event_id)


def connect() -> None:
    from kotacerdas.evaluations.models import ScoreSheet, Session

    for signal in (post_save, post_delete):
        signal.connect(_session_changed, sender=Session, dispatch_uid=f"board-session-{signal}")
        signal.connect(_sheet_changed, sender=ScoreSheet, dispatch_uid=f"board-sheet-{signal}")
