"""Search behind the staff directory's unit picker (workforce.widgets.UnitPicker): units the
searcher may filter by (`scope_units`, as the filter itself), matching the typed name, at most
MAX_RESULTS, in one query. The directory no longer renders every unit as an option."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from workforce.models import OrgUnit
from workforce.permissions import requires, scope_units

MAX_RESULTS = 20
MIN_LENGTH = 2


@require_GET
@requires()
def unit_picker(request):
    query = request.GET.get("unit_q", "").strip()
    units = []
    if len(query) >= MIN_LENGTH:
        found = scope_units(OrgUnit.objects.active(), request.user).filter(name__icontains=query)
        units = list(found.select_related("parent").order_by("name", "path")[: MAX_RESULTS + 1])
    return render(
        request,
        "workforce/partials/_unit_picker_results.html",
        {
            "units": units[:MAX_RESULTS],
            "more": len(units) > MAX_RESULTS,
            "query": query,
            "min_length": MIN_LENGTH,
        },
    )
