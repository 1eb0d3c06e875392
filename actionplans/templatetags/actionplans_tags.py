from django import template
from django.utils.html import format_html

from actionplans.models import RAG

register = template.Library()

RAG_WORDS = {
    RAG.RED: "Red: off track",
    RAG.AMBER: "Amber: at risk",
    RAG.GREEN: "Green: on track",
    RAG.COMPLETE: "Complete",
}


@register.simple_tag
def rag_badge(rag):
    """A RAG badge with its words as well as its colour (never colour alone)."""
    if not rag:
        return ""
    return format_html('<span class="badge rag rag-{}">{}</span>', rag, RAG_WORDS.get(rag, rag))
