"""The JSON API: one module per resource; ``registry`` mounts them on the app.

This package's own module stays empty so that importing one of its modules
(``service.api.problems`` from an operation, say) never imports every resource.
"""
