"""Open data: bulk downloads with a data package, the DCAT catalogue, sitemap and robots.txt."""
