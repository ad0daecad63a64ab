import rules

from kotacerdas.accounts.rules import is_secretariat

rules.add_perm("scheduling.schedule_event", is_secretariat)
