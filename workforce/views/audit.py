"""The audit page: change history across every app, searched by person, type of record and date
(see workforce/audit.py for what is searched and how)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workforce import audit
from workforce.forms.audit import AuditSearchForm
from workforce.permissions import requires
from workforce.views.staff import querystring_without


class _Results:
    """What Paginator needs: a count (one query) and a slice (one query), nothing else read."""

    def __init__(self, criteria: audit.Criteria):
        self.criteria = criteria

    def count(self) -> int:
        return audit.count(self.criteria)

    def __len__(self) -> int:  # Paginator prefers count(); len() only if asked directly
        return self.count()

    def __getitem__(self, window: slice) -> list:
        return audit.rows(self.criteria, window.start or 0, window.stop - (window.start or 0))


@require_safe
@requires("workforce.audit")
def audit_search(request):
    form = AuditSearchForm(request.GET or None)
    page_obj = None
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
    elif not form.is_bound:
        criteria = audit.Criteria()  # no search yet: the newest changes of all
    else:
        criteria = None  # bad input: the form says what, and no results are shown
    if criteria is not None:
        page_obj = Paginator(_Results(criteria), settings.PAGE_SIZE).get_page(request.GET.get("page"))
        audit.describe(page_obj.object_list, request.user, criteria)
    excluded = audit.excluded_models()
    return render(
        request,
        "workforce/audit/search.html",
        {
            "form": form,
            "page_obj": page_obj,
            "querystring_without_page": querystring_without(request, "page"),
            "excluded": sorted(excluded.values()),
            "with_changes": bool(criteria and criteria.kind),
        },
    )
