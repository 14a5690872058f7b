"""The database refuses to change or delete review events, photos, hand-outs and figures."""

from django.db import migrations

from shinchoku.appendonly import triggers


class Migration(migrations.Migration):
    dependencies = [("registries", "0001_registries")]

    operations = [
        triggers("registries_reviewevent"),
        triggers("registries_photo"),
        triggers("registries_goodshandout"),
        triggers("registries_guidemapissue"),
        triggers("registries_schoollunchfigure"),
    ]
