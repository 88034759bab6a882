"""Sent versions of a proposal: frozen, hashed, compared and approved (``versions/<slug>/``)."""
