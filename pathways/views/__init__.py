"""Pathways pages, one module per part of the app (flow_*: pathways, nominations, status steps)."""
