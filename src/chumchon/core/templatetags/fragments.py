"""``{% fragment f "name" %} … {% endfragment %}``: a part of a page kept per data version (core.fragments)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString

from chumchon.core.fragments import render_part

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, fragment: FilterExpression, name: FilterExpression, nodelist: NodeList) -> None:
        self.fragment = fragment
        self.name = name
        self.nodelist = nodelist

    def render(self, context: Any) -> SafeString:
        fragment = self.fragment.resolve(context, ignore_failures=True)
        name = str(self.name.resolve(context))
        return render_part(fragment, name, lambda: self.nodelist.render(context))


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError('usage: {% fragment <fragment> "<part name>" %} … {% endfragment %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
