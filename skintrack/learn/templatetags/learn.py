from django import template

from skintrack.learn.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """``{{ page.body|markdown }}``: staff Markdown as cleaned, safe HTML."""
    return render_markdown(text)
