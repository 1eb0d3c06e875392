"""The registry of panels that apps add to the home page ("My work").

The core must not import the apps (dependencies point one way), yet an action owner's home page
lists the actions they own. So, as with indicators and scope rules, an app registers a panel in
its `AppConfig.ready`: a template and a function that builds the panel's context for this user,
or returns None when the panel has nothing to say to them (it is then left out).

A panel's function should cost a fixed number of queries, whatever the data size: the home page
pins its query count.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

# (request, the user's own staff record or None, today) -> the panel's context, or None to hide it
PanelContext = Callable[[HttpRequest, object, datetime.date], dict | None]


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: PanelContext
    order: int = 100  # lower comes first; the core's own panels are written in its template


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str
    context: dict


_panels: dict[str, HomePanel] = {}


def register_home_panel(key: str, template: str, context: PanelContext, order: int = 100) -> None:
    """Add a panel to "My work" (call from AppConfig.ready). Registering a key again replaces it,
    so a reloaded app does not show its panel twice."""
    _panels[key] = HomePanel(key, template, context, order)


def registered_panels() -> list[HomePanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(request: HttpRequest, me, today: datetime.date) -> list[ShownPanel]:
    """The registered panels that have something for this user, in order, with their context."""
    shown = []
    for panel in registered_panels():
        context = panel.context(request, me, today)
        if context is not None:
            shown.append(ShownPanel(panel.key, panel.template, context))
    return shown
