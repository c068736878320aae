"""Names that differ from council to council, shared by every tree that mentions them.

A tree lists the ones it uses in `Tree.names` and writes them as {id} in its text; a council
sets them under [names] in its settings file. The defaults are neutral wording that reads well
when nothing is set.
"""

from ..engine.model import LocalName

FRONT_DOOR = LocalName(
    "front_door",
    "The service that takes contacts and referrals about children's safety (for example a MASH or MAST)",
    "your children's services front door (such as a MASH)",
)
EARLY_HELP_TEAM = LocalName(
    "early_help_team",
    "The team that supports early help assessments and Team Around the Family meetings",
    "your early help team",
)
EARLY_HELP_MANAGER = LocalName(
    "early_help_manager",
    "Who chairs an escalation meeting when needs rise from level 2 to level 3",
    "an early help team manager",
)
DISPUTE_BROKER = LocalName(
    "dispute_broker",
    "Second level of the route for disagreements between agencies: who brokers between them",
    "the early help co-ordinator or locality manager",
)
DISPUTE_GROUP = LocalName(
    "dispute_group",
    "Third level of the route for disagreements between agencies",
    "the multi-agency early help partnership group",
)
DISPUTE_EXECUTIVE = LocalName(
    "dispute_executive",
    "Final level of the route for disagreements between agencies",
    "the local safeguarding partnership's executive",
)
