from django.shortcuts import render

from workforce.permissions import requires


@requires()
def index(request):
    return render(request, "pathways/index.html")
