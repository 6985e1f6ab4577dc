from django import template

from core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    """``1500000|rupiah`` → ``Rp 1.500.000``; empty → ``—``."""
    return format_rupiah(value, empty="—")
