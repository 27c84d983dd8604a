from django import template

from ..symbols import icon

register = template.Library()


@register.simple_tag
def condition_icon(condition):
    """{% condition_icon condition %}: its icon; put ``condition--{{ condition.symbol }}`` on the element around it for its colour."""
    return icon(getattr(condition, "symbol", ""))
