from django import template

from core.video import player_url

register = template.Library()

register.filter("player_url", player_url)
