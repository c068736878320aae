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


# The role itself: what the council calls the practitioner who co-ordinates the help. A council
# sets it once, under [role] in its settings file (its name, plural and article), never under
# [names]: every form below is made from those three by `role_names`, so they always agree.
# Trees write {role}, {roles} and {a_role} inside a sentence, and {Role}, {Roles} and {A_role} at
# the start of one.
ROLE = LocalName("role", "The role's name, as set under [role]", "lead professional")
ROLES = LocalName("roles", "The role's name in the plural", "lead professionals")
A_ROLE = LocalName("a_role", "The role's name after its article", "a lead professional")
ROLE_START = LocalName("Role", "The role's name at the start of a sentence", "Lead professional")
ROLES_START = LocalName("Roles", "The plural at the start of a sentence", "Lead professionals")
A_ROLE_START = LocalName("A_role", "The role's name after its article, at the start of a sentence",
                         "A lead professional")
ROLE_NAMES = (ROLE, ROLES, A_ROLE, ROLE_START, ROLES_START, A_ROLE_START)
ROLE_IDS = frozenset(n.id for n in ROLE_NAMES)


def capitalised(text: str) -> str:
    """The first letter in capitals, the rest as written: "lead practitioner" -> "Lead practitioner"."""
    return text[:1].upper() + text[1:]


def role_names(name: str = "lead professional", plural: str = "lead professionals",
               article: str = "a") -> dict[str, str]:
    """Every form of the role's name the trees and pages use, from the three a council sets."""
    a_name = f"{article} {name}"
    return {ROLE.id: name, ROLES.id: plural, A_ROLE.id: a_name,
            ROLE_START.id: capitalised(name), ROLES_START.id: capitalised(plural),
            A_ROLE_START.id: capitalised(a_name)}
