def sweep(event, context):
    return None
