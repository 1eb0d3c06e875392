"""The ceiling a page is compared with: a login-required view rendering a small template.

Three queries, as the issue measured it: the session and the user (as on every page), and ten
course titles of its own; the session is saved after it as after every page. It is served by the
same gunicorn, middleware and settings as the app's pages, so a page's figures divided by its
figures are what the page itself costs.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workforce.models import Course


@login_required
def bare_view(request):
    titles = list(Course.objects.order_by("title").values_list("title", flat=True)[:10])
    return render(request, "bench/bare.html", {"titles": titles})
