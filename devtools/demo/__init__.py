"""Demo content for the site: plain data (content.py), generated images (images.py)."""
