"""The permissions every app shares (core/permissions.py declares them on views)."""

import rules

from kotacerdas.core.permissions import SIGNED_IN

rules.add_perm(SIGNED_IN, rules.is_active)
