import rules

from kotacerdas.accounts.rules import is_secretariat

rules.add_perm("framework.manage_framework", is_secretariat)
