from django.shortcuts import render
from django.views.decorators.http import require_safe

from workforce.permissions import requires


@require_safe
@requires()
def index(request):
    return render(request, "traineeships/index.html")
