def run(event, context):
    return None
