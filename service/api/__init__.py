"""The JSON API: one module per resource; ``registry`` mounts them on the app."""
