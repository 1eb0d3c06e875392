"""The core catalogue: organisation units, job roles, competencies and courses.

Every signed-in role reads it ("catalogue.view"); only the L&D manager changes it
("catalogue.change"). The pages of each record type live in their own module
(catalogue_orgunits, catalogue_jobroles, catalogue_competencies, catalogue_courses);
this one holds what they share: list pages (filter, sort, paginate), form pages and the
archive toggle.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from workforce.forms.catalogue import ArchiveForm, CatalogueFilter
from workforce.versioning import save_or_conflict

VIEW = "catalogue.view"
CHANGE = "catalogue.change"


def count_of(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) to annotate each row of a list with, inside the list's own query."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def submitted(request: HttpRequest):
    """POST data to bind a form to, or None on GET (an empty POST still validates and errs)."""
    return request.POST if request.method == "POST" else None


def sort_links(request: HttpRequest, filterset: CatalogueFilter) -> dict[str, dict[str, str]]:
    """For each sortable column: the query string that sorts by it and its current aria-sort."""
    current = request.GET.get("sort", "")
    links = {}
    for param in filterset.filters["sort"].param_map:
        params = request.GET.copy()
        params.pop("page", None)
        if current == param:
            params["sort"], aria = f"-{param}", "ascending"
        elif current == f"-{param}":
            params["sort"], aria = param, "descending"
        else:
            params["sort"], aria = param, "none"
        links[param] = {"query": params.urlencode(), "aria": aria}
    return links


def list_page(
    request: HttpRequest, filterset: CatalogueFilter, template: str, context: dict | None = None
) -> HttpResponse:
    """A filtered, sorted list, one page of settings.PAGE_SIZE rows: a COUNT and one query for the rows."""
    page_obj = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page_obj": page_obj,
            "rows": page_obj.object_list,
            "querystring_without_page": params.urlencode(),
            "sort_links": sort_links(request, filterset),
            "filtered": any(value for key, value in request.GET.items() if key not in {"page", "sort"}),
            **(context or {}),
        },
    )


def form_page(
    request: HttpRequest,
    form,
    *,
    heading: str,
    cancel_url: str,
    formset=None,
    formset_legend: str = "",
    formset_help: str = "",
    breadcrumbs: list[tuple[str, str]] | None = None,
    status: int = 200,
    conflict=None,
) -> HttpResponse:
    """`conflict`: the refusal of a stale save (workforce.versioning), shown above the form."""
    return render(
        request,
        "workforce/catalogue/form.html",
        {
            "form": form,
            "formset": formset,
            "formset_legend": formset_legend,
            "formset_help": formset_help,
            "heading": heading,
            "cancel_url": cancel_url,
            "breadcrumbs": breadcrumbs or [],
            "conflict": conflict,
        },
        status=status,
    )


def create_or_edit(
    request: HttpRequest,
    form_class,
    *,
    list_url: str,
    list_label: str,
    add_heading: str,
    instance=None,
    initial: dict | None = None,
) -> HttpResponse:
    """The whole of a plain catalogue create (instance=None) or edit page: validate, save, or re-render."""
    name = str(instance) if instance else ""  # before validation copies the submitted name onto it
    form = form_class(submitted(request), instance=instance, initial=initial)

    def page(**extra) -> HttpResponse:
        if instance is None:
            return form_page(
                request, form, heading=add_heading, cancel_url=list_url, breadcrumbs=[(list_label, list_url)]
            )
        return form_page(
            request,
            form,
            heading=f"Edit {name}",
            cancel_url=instance.get_absolute_url(),
            breadcrumbs=[(list_label, list_url), (name, instance.get_absolute_url())],
            **extra,
        )

    if form.is_bound and form.is_valid():
        obj, refused = save_or_conflict(form, page=page)
        return refused or saved(request, obj, created=instance is None)
    return page()


def saved(request: HttpRequest, obj, created: bool) -> HttpResponse:
    verb = "added" if created else "saved"
    messages.success(request, f"{obj._meta.verbose_name.capitalize()} “{obj}” {verb}.")
    return redirect(obj)


def archive_page(
    request: HttpRequest, obj, list_url: str, list_label: str, form_class: type[ArchiveForm] = ArchiveForm
) -> HttpResponse:
    """GET: confirm page (with any reasons it would be refused). POST: toggle is_archived."""
    form = form_class(submitted(request), instance=obj)
    if form.is_bound and form.is_valid():
        form.save()
        verb = "archived" if obj.is_archived else "restored"
        messages.success(request, f"{obj._meta.verbose_name.capitalize()} “{obj}” {verb}.")
        return redirect(obj)
    blockers = form.non_field_errors() if form.is_bound else form.blockers()
    return render(
        request,
        "workforce/catalogue/archive_confirm.html",
        {
            "object": obj,
            "form": form,
            "blockers": blockers,
            "verbose_name": obj._meta.verbose_name,
            "breadcrumbs": [(list_label, list_url), (str(obj), obj.get_absolute_url())],
        },
    )
