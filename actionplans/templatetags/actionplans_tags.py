from django import template
from django.utils.html import format_html

from actionplans.rag import RAGState, with_unit

register = template.Library()

RAG_WORDS = {
    RAGState.RED: "Red: off track",
    RAGState.AMBER: "Amber: at risk",
    RAGState.GREEN: "Green: on track",
    RAGState.NO_UPDATE: "No update",
    RAGState.COMPLETE: "Complete",
}


@register.simple_tag
def rag_badge(rag, reason=""):
    """A RAG badge with its words as well as its colour (never colour alone), and, when given,
    why the action has it ("Overdue, not started") in words beside it."""
    if not rag:
        return ""
    badge = format_html('<span class="badge rag rag-{}">{}</span>', rag, RAG_WORDS.get(rag, rag))
    if not reason:
        return badge
    return format_html('{} <span class="rag-reason small">{}</span>', badge, reason)


@register.filter
def unit(value, unit_text):
    """A value with its unit: "75%", "250 people trained per annum"."""
    return with_unit(value, unit_text)
