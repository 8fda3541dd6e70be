"""Demo data for `manage.py seed_demo`: the seed article, demo news, stand-in photos, roles and accounts."""
