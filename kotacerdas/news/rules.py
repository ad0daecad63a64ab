"""Who may do what with news and public participation. Reading published posts, approved comments and the
public quick-win feedback needs no rule: it is public."""

import rules

from kotacerdas.accounts.rules import is_secretariat
from kotacerdas.regions.rules import is_region_member

rules.add_perm("news.manage_posts", is_secretariat)
rules.add_perm("news.moderate", is_secretariat)
# A region's feedback page (aggregate and approved comments per quick win): its team and the secretariat.
rules.add_perm("news.view_region_feedback", is_secretariat | is_region_member)
