"""Template tags of the awards app for other apps' pages: a unit's award history."""

from django import template

register = template.Library()


@register.inclusion_tag("awards/_unit_award_history.html")
def unit_award_history(unit):
    """The awards the ministry granted the unit, its departments and people, newest first."""
    from awards.services import award_history

    return {"awards": list(award_history(unit))}
