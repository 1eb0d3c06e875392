"""The home-panel registry: apps add panels to "My work" without the core importing them."""

import datetime

from workforce import home_panels


def test_panels_are_shown_in_order_and_a_none_context_hides_one(monkeypatch, rf):
    monkeypatch.setattr(home_panels, "_panels", {})
    home_panels.register_home_panel("b.second", "b.html", lambda request, me, today: {"n": 2}, order=20)
    home_panels.register_home_panel("a.hidden", "a.html", lambda request, me, today: None, order=5)
    home_panels.register_home_panel("c.first", "c.html", lambda request, me, today: {"n": me}, order=10)
    home_panels.register_home_panel("b.second", "b2.html", lambda request, me, today: {"n": 3}, order=20)

    shown = home_panels.panels_for(rf.get("/"), "me", datetime.date(2026, 6, 15))

    assert [(p.key, p.template, p.context) for p in shown] == [
        ("c.first", "c.html", {"n": "me"}),
        ("b.second", "b2.html", {"n": 3}),  # registering a key again replaces it
    ]
