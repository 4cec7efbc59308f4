try:
    from time import monotonic as clock
except ImportError:  # pragma: no cover
    from time import time as clock


def sweep(event, context):
    return {"started": clock()}
