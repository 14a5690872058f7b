"""Routes of the registries (brand products, shops, direct-sales places, courses)."""

urlpatterns: list = []
