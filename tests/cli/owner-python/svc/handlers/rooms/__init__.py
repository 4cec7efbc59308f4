def enter(event, context):
    return {"statusCode": 200}
