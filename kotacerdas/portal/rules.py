"""Who may open the portal's pages that are not public. The public pages and the dashboard (every signed-in
user, showing what the user's ``visible_to`` querysets hold) need no rule of their own."""

import rules

from kotacerdas.accounts.rules import is_secretariat

# The audit trail names every region's changes and who made them: the secretariat's only.
rules.add_perm("portal.view_audit_log", is_secretariat)
